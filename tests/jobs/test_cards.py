from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.timesince import timesince
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.cards import Card, cards, cards_html, posted_age
from salaries.choices import EmploymentType, ExperienceLevel
from tests.factories import FeaturedJobFactory, JobFactory, PublishedJobFactory

pytestmark = pytest.mark.django_db


def render(card, *, show_tags=False) -> str:
    """A page's list of one card, as {% job_cards %} prints it."""
    with mock.patch("jobs.cards.cards", return_value=[card]):
        return cards_html([None], show_tags=show_tags)


def test_a_card_says_what_the_job_is():
    job = PublishedJobFactory(
        title="Data Engineer", company__name="Acme", location="Berlin", country="DE"
    )
    card = Card.of(job)
    assert card.url == job.get_absolute_url()
    assert (card.title, card.company) == ("Data Engineer", "Acme")
    assert card.company_url == job.company.get_absolute_url()
    assert card.place == job.place == "Berlin"
    assert card.age.replace("\xa0", " ") == "1 day ago"
    assert card.facts == ("Full Time", "Mid-level / Intermediate")
    assert card.salary == "USD 100K - 130K"
    assert not card.featured


def test_the_published_moment_is_in_the_sites_time_zone():
    moment = datetime(2026, 1, 15, 12, 30, tzinfo=UTC)
    job = PublishedJobFactory(published_at=moment)
    with timezone.override("Europe/Berlin"):
        assert Card.of(job).published == "2026-01-15T13:30:00+01:00"
    assert Card.of(job).published == "2026-01-15T12:30:00+00:00"


def test_a_job_not_yet_published_has_no_age():
    card = Card.of(JobFactory(published_at=None))
    assert (card.published, card.age) == ("", "")
    assert "<time" not in render(card)


def test_a_job_without_an_experience_level_or_a_salary_says_neither():
    job = PublishedJobFactory(
        experience_level="",
        salary_min=None,
        salary_max=None,
        salary_annual_usd_min=None,
        salary_annual_usd_max=None,
        salary_currency="",
        salary_period="",
    )
    card = Card.of(job)
    assert card.facts == ("Full Time",)
    assert card.salary == ""
    assert 'class="salary"' not in render(card)


def test_a_featured_card_carries_its_badge():
    card = Card.of(FeaturedJobFactory())
    assert card.featured
    html = render(card)
    assert 'class="card job-card is-featured"' in html
    assert '<p class="badge">Featured</p>' in html


def test_the_salary_position_and_the_tags_come_from_what_the_page_read():
    job = PublishedJobFactory()
    # Home and article pages read neither: no badge, no tags.
    bare = Card.of(job)
    assert (bare.position, bare.position_sentence, bare.tags) == ("", "", ())
    # Position's badge() and sentence() are methods (salaries/position.py).
    job.salary_position = SimpleNamespace(
        known=True, badge=lambda: "Pays more than 60%", sentence=lambda: "Why"
    )
    job.card_tags = [("/jobs/?tag=sql", "sql")]
    card = Card.of(job)
    assert (card.position, card.position_sentence) == ("Pays more than 60%", "Why")
    assert card.tags == (("/jobs/?tag=sql", "sql"),)
    assert '<li class="position-badge" title="Why">Pays more than 60%</li>' in render(card)
    # Tags only where the page asks for them.
    assert 'href="/jobs/?tag=sql"' not in render(card)
    assert 'href="/jobs/?tag=sql"' in render(card, show_tags=True)
    job.salary_position = SimpleNamespace(
        known=False, badge=lambda: "never shown", sentence=lambda: "n/a"
    )
    assert Card.of(job).position == ""


def test_the_card_escapes_what_it_prints():
    job = PublishedJobFactory(
        title="<script>alert(1)</script>", company__name="A & B <i>", location="<b>x</b>"
    )
    html = render(Card.of(job))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B &lt;i&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_cards_are_list_items_in_the_jobs_order():
    first, second = PublishedJobFactory(title="First"), PublishedJobFactory(title="Second")
    html = cards_html([second, first])
    assert html.count("<li><article") == 2
    assert html.index(">Second</a>") < html.index(">First</a>")
    assert cards_html([]).strip() == ""


def test_cards_keep_the_jobs_order():
    first, second = PublishedJobFactory(), PublishedJobFactory()
    assert [card.title for card in cards([second, first])] == [second.title, first.title]
    assert cards([]) == []


def test_experience_levels_are_named_as_the_filters_name_them():
    job = PublishedJobFactory(experience_level=ExperienceLevel.SENIOR)
    assert Card.of(job).facts[1] == ExperienceLevel.SENIOR.label


def test_posted_age_names_one_unit():
    now = timezone.now()
    assert posted_age(now) == "just now"
    assert posted_age(now - timedelta(days=3, hours=5)).replace("\xa0", " ") == "3 days ago"
    assert posted_age(now - timedelta(hours=2, minutes=5)).replace("\xa0", " ") == "2 hours ago"
    assert posted_age(None) == ""


@settings(max_examples=400, deadline=None)
@given(
    now=st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2030, 1, 1),
        timezones=st.sampled_from([UTC, ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")]),
    ),
    age=st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=60)),
    moment_zone=st.sampled_from([UTC, ZoneInfo("America/New_York")]),
)
def test_posted_age_says_what_timesince_says_month_ends_and_clock_changes_included(
    now, age, moment_zone
):
    """Under 28 days the words are looked up by their unit and count (jobs.cards._age_words);
    from there timesince works them out from the dates, as everywhere. The age is the time that
    elapsed, counted in UTC whatever zone either moment is given in."""
    moment = (now - age).astimezone(moment_zone)
    elapsed = timesince(moment.astimezone(UTC), now=now.astimezone(UTC), depth=1)
    assert posted_age(moment, now=now) == f"{elapsed} ago"


def test_a_job_posted_before_the_clocks_went_back_is_as_old_as_the_time_that_passed():
    """01:30 EDT and 01:30 EST, an hour apart, read the same on a New York wall clock: timesince
    of the two says "0 minutes"."""
    new_york = ZoneInfo("America/New_York")
    posted = datetime(2026, 11, 1, 1, 30, tzinfo=new_york)
    now = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=new_york)
    assert posted_age(posted, now=now).replace("\xa0", " ") == "1 hour ago"
    assert posted_age(posted.astimezone(UTC), now=now).replace("\xa0", " ") == "1 hour ago"


@pytest.mark.parametrize("employment_type", list(EmploymentType))
@pytest.mark.parametrize("experience_level", [*ExperienceLevel, ""])
def test_a_cards_facts_are_the_jobs_own_labels(employment_type, experience_level):
    """Looked up in the choices once per process, the labels are get_<field>_display()'s."""
    job = PublishedJobFactory(employment_type=employment_type, experience_level=experience_level)
    shown = (job.get_employment_type_display(), job.get_experience_level_display())
    assert Card.of(job).facts == tuple(label for label in shown if label)


def test_the_cards_of_a_page_are_dated_by_the_pages_clock_in_the_sites_time_zone():
    moment = datetime(2026, 1, 15, 12, 30, tzinfo=UTC)
    jobs = [PublishedJobFactory(published_at=moment - timedelta(days=days)) for days in (0, 2)]
    later = moment + timedelta(days=1, hours=1)
    with timezone.override("Europe/Berlin"), mock.patch("django.utils.timezone.now") as now:
        now.return_value = later
        made = cards(jobs)
    assert [card.published for card in made] == [
        "2026-01-15T13:30:00+01:00",
        "2026-01-13T13:30:00+01:00",
    ]
    assert [card.age.replace("\xa0", " ") for card in made] == ["1 day ago", "3 days ago"]
    assert posted_age(moment, now=later).replace("\xa0", " ") == "1 day ago"
    assert posted_age(later - timedelta(seconds=30), now=later) == "just now"
