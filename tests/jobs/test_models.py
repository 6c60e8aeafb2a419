from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.models import Company, Job, JobStatus, Listing, Mark, cards_in_order
from jobs.models.listing import days_since, lexemes
from salaries.choices import ReviewState
from tests.constraints import refused_by_database
from tests.factories import (
    CompanyFactory,
    EmployerFactory,
    FeaturedJobFactory,
    JobFactory,
    ModeratorFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
)

pytestmark = pytest.mark.django_db


def field_codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def job_with(**salary) -> Job:
    job = JobFactory.build(
        company=CompanyFactory(),
        role=RoleFactory(),
        salary_annual_usd_min=None,
        salary_annual_usd_max=None,
        **salary,
    )
    return job


# --- database constraints -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"salary_min": Decimal(0)}, "jobs_job_salary_positive"),
        ({"salary_min": Decimal(200), "salary_max": Decimal(100)}, "jobs_job_salary_min_lte_max"),
        ({"salary_currency": ""}, "jobs_job_salary_complete_or_empty"),
        ({"salary_min": None, "salary_max": None}, "jobs_job_salary_complete_or_empty"),
        ({"apply_url": "", "apply_email": ""}, "jobs_job_has_apply_route"),
        ({"status": JobStatus.PUBLISHED, "published_at": None}, "jobs_job_published_has_dates"),
        ({"status": "archived"}, "jobs_job_status_valid"),
        ({"remote_policy": "moon"}, "jobs_job_remote_policy_valid"),
        ({"employment_type": "ZZ"}, "jobs_job_employment_type_valid"),
        ({"experience_level": "ZZ"}, "jobs_job_experience_level_valid"),
        ({"salary_period": "fort"}, "jobs_job_salary_period_valid"),
        ({"salary_review": "maybe"}, "jobs_job_salary_review_valid"),
    ],
)
def test_job_invariants_are_held_by_the_database(fields, rule):
    refused_by_database(rule, lambda: JobFactory(**fields))


def test_a_job_ends_after_it_is_published():
    now = timezone.now()
    refused_by_database(
        "jobs_job_expires_after_published",
        lambda: PublishedJobFactory(published_at=now, expires_at=now),
    )


def test_slugs_are_unique_and_derived():
    company = CompanyFactory(name="Occam AI")
    first = JobFactory(title="AI Engineer", company=company)
    second = JobFactory(title="AI Engineer", company=company)
    assert first.slug == "ai-engineer-occam-ai"
    assert second.slug == "ai-engineer-occam-ai-2"
    refused_by_database("slug", lambda: JobFactory(slug=first.slug))


# --- the salary rules on a job (judge_salary; the services call it for a new or changed salary) -


def test_the_billion_dollar_salary_is_refused_with_how_far_out_it_is():
    job = job_with(salary_min=Decimal(1_111_111_000), salary_max=Decimal(1_111_111_000))
    with pytest.raises(ValidationError) as caught:
        job.judge_salary()
    assert field_codes(caught.value) == {"salary_max": ["above_maximum"]}
    assert "222 times the most we accept" in str(caught.value)


def test_an_unknown_currency_is_refused_on_its_field():
    job = job_with(salary_currency="XYZ")
    with pytest.raises(ValidationError) as caught:
        job.judge_salary()
    assert field_codes(caught.value) == {"salary_currency": ["unknown_currency"]}


def test_a_lower_case_currency_is_read():
    job = job_with(salary_min=Decimal(90_000), salary_max=Decimal(90_000), salary_currency="eur")
    job.judge_salary()
    assert job.salary_currency == "EUR"
    assert job.salary_annual_usd_min == round(90_000 / 0.9203)


def test_min_above_max_is_refused_with_the_rules_message():
    job = job_with(salary_min=Decimal(130_000), salary_max=Decimal(120_000))
    with pytest.raises(ValidationError) as caught:
        job.judge_salary()
    assert field_codes(caught.value)["salary_min"] == ["min_above_max"]


def test_partial_salary_is_refused():
    job = job_with(salary_min=None, salary_max=None, salary_currency="USD", salary_period="year")
    with pytest.raises(ValidationError) as caught:
        job.judge_salary()
    assert field_codes(caught.value) == {"salary_min": ["missing_amount"]}


def test_no_salary_is_fine_and_leaves_no_verdict():
    job = job_with(salary_min=None, salary_max=None, salary_currency="", salary_period="")
    job.salary_annual_usd_min, job.salary_review = 1_000, ReviewState.NEEDS_REVIEW
    job.judge_salary()
    assert job.salary is None and job.public_salary is None
    assert (job.salary_annual_usd_min, job.salary_review) == (None, ReviewState.ACCEPTED)


def test_clean_flags_an_unusual_salary_for_review():
    job = job_with(salary_min=Decimal(15), salary_max=Decimal(70), salary_period="hour")
    job.judge_salary()
    assert job.salary_review == ReviewState.NEEDS_REVIEW
    assert job.salary_review_reasons == "wide_range"
    assert job.public_salary is None  # hidden from job seekers until confirmed


def test_clean_flags_an_outlier_against_the_roles_accepted_points():
    role = RoleFactory()
    for index in range(30):
        SalaryRecordFactory(role=role, amount_min=100_000 + index * 1_000)
    job = job_with(salary_min=Decimal(600_000), salary_max=Decimal(700_000))
    job.role, job.country = role, "US"  # the factory's records are full-time US salaries
    job.judge_salary()
    assert "outlier" in job.salary_review_reasons.split()


def test_an_outlier_is_judged_against_its_country_and_employment_type_only():
    role = RoleFactory()
    for index in range(30):
        SalaryRecordFactory(role=role, amount_min=100_000 + index * 1_000)  # full time, US
    brazil = job_with(salary_min=Decimal(30_000), salary_max=Decimal(40_000))
    brazil.role, brazil.country = role, "BR"
    brazil.judge_salary()
    assert brazil.salary_review == ReviewState.ACCEPTED
    intern = job_with(salary_min=Decimal(30_000), salary_max=Decimal(40_000))
    intern.role, intern.country, intern.employment_type = role, "US", "IN"
    intern.judge_salary()
    assert intern.salary_review == ReviewState.ACCEPTED
    full_time = job_with(salary_min=Decimal(30_000), salary_max=Decimal(40_000))
    full_time.role, full_time.country = role, "US"
    full_time.judge_salary()
    assert "outlier" in full_time.salary_review_reasons.split()


def test_cleaning_leaves_the_verdict_alone_and_judging_gives_a_new_one():
    moderator = ModeratorFactory()
    job = JobFactory(
        salary_min=Decimal(15),
        salary_max=Decimal(70),
        salary_period="hour",
        salary_review=ReviewState.ACCEPTED,
        salary_reviewed_by=moderator,
        salary_annual_usd_min=31_200,
        salary_annual_usd_max=145_600,
    )
    job.title = "Renamed"
    job.full_clean()  # the model's own rules; what changed is the services' to say
    assert (job.salary_review, job.salary_reviewed_by) == (ReviewState.ACCEPTED, moderator)
    job.judge_salary()
    assert (job.salary_review, job.salary_reviewed_by) == (ReviewState.NEEDS_REVIEW, None)


def test_apply_route_and_dates_get_field_errors():
    job = job_with(apply_url="", apply_email="")
    job.published_at = timezone.now()
    job.expires_at = job.published_at - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        job.full_clean()
    assert field_codes(caught.value) == {
        "apply_url": ["no_apply_route"],
        "expires_at": ["expires_too_early"],
    }


# --- querysets ------------------------------------------------------------------------------


def test_visible_means_published_and_not_past_its_end():
    shown = PublishedJobFactory()
    JobFactory()  # draft
    PublishedJobFactory(
        published_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() - timedelta(seconds=1),
    )  # lapsed, not swept
    PublishedJobFactory(published_at=timezone.now() + timedelta(days=1))  # scheduled
    JobFactory(status=JobStatus.EXPIRED)
    assert list(Job.objects.visible()) == [shown]


def test_featured_is_a_time_window():
    featured = FeaturedJobFactory()
    PublishedJobFactory(featured_until=timezone.now() - timedelta(minutes=1))
    PublishedJobFactory()
    assert list(Job.objects.visible().featured()) == [featured]
    assert featured.is_featured


def test_featured_ending_within_counts_days_from_now_on_the_board_only():
    now = timezone.now()
    ending = FeaturedJobFactory(featured_until=now + timedelta(days=6, hours=23))
    FeaturedJobFactory(featured_until=now + timedelta(days=7, hours=1))
    FeaturedJobFactory(featured_until=now - timedelta(minutes=1))  # already lapsed
    JobFactory(featured_until=now + timedelta(days=1))  # a draft is on no board
    assert list(Job.objects.featured_ending_within(7)) == [ending]


def test_manageable_by_scopes_employers_to_their_companies():
    mine, theirs = CompanyFactory(), CompanyFactory()
    my_job, their_job = JobFactory(company=mine), JobFactory(company=theirs)
    employer = EmployerFactory(company=mine)
    assert list(Job.objects.manageable_by(employer)) == [my_job]
    assert set(Job.objects.manageable_by(ModeratorFactory())) == {my_job, their_job}


def test_description_is_rendered_and_sanitised_on_save():
    job = JobFactory(description="## Duties\n\n<script>alert(1)</script> **bold**")
    assert '<h2 id="duties">Duties</h2>' in job.description_html
    assert "<script>" not in job.description_html
    assert "<strong>bold</strong>" in job.description_html


def test_companies_on_the_board_are_those_hiring_now():
    """`on_board()` (the search's company filter) and `hiring()` (the API) agree: a company is
    on the board while one of its jobs is, whatever its other jobs are."""
    hiring = PublishedJobFactory().company
    long_ago = timezone.now() - timedelta(days=60)
    ended = PublishedJobFactory(
        published_at=long_ago, expires_at=timezone.now() - timedelta(minutes=1)
    ).company
    draft = JobFactory().company
    PublishedJobFactory(company=draft, published_at=long_ago, expires_at=long_ago + timedelta(1))
    both = PublishedJobFactory().company
    JobFactory(company=both)
    on_board = set(Company.objects.on_board())
    assert on_board == {hiring, both}
    assert on_board == set(Company.objects.hiring())
    assert ended not in on_board and draft not in on_board


ZERO = timedelta(0)


def next_change(job, **kwargs):
    return (
        Listing.objects.with_next_change(**kwargs)
        .values_list("next_change", flat=True)
        .get(job=job)
    )


@pytest.mark.parametrize(
    ("featured_days", "window_days", "first"),
    [
        (None, None, "expires"),  # not featured: it changes when it ends
        (2, None, "featured"),  # featured: it changes when that stops
        (-1, None, "expires"),  # featured once: only its end is ahead
        (2, 1, "window"),  # searched "posted within a day": it leaves that search first
        (2, 7, "featured"),  # a week's window lasts longer than the featuring
    ],
)
def test_a_listing_changes_next_at_its_first_moment_ahead(featured_days, window_days, first):
    now = timezone.now()
    published = now - timedelta(hours=20)
    expires = now + timedelta(days=10)
    featured = now + timedelta(days=featured_days) if featured_days is not None else None
    job = PublishedJobFactory(published_at=published, expires_at=expires, featured_until=featured)
    window = timedelta(days=window_days) if window_days else None
    expected = {"expires": expires, "featured": featured, "window": published + (window or ZERO)}
    assert abs(next_change(job, window=window) - expected[first].timestamp()) < 0.001


@pytest.mark.parametrize(
    ("remote_policy", "location", "country", "place"),
    [
        ("remote", "Berlin", "DE", "Remote (Berlin)"),
        ("remote", "", "DE", "Remote (Germany)"),
        ("remote", "", "", "Remote"),
        ("hybrid", "Berlin", "DE", "Berlin · Hybrid"),
        ("hybrid", "", "DE", "Germany · Hybrid"),
        ("onsite", "", "NL", "Netherlands"),
        ("onsite", "Amsterdam", "NL", "Amsterdam"),
    ],
)
def test_a_job_says_where_it_is_in_one_phrase(remote_policy, location, country, place):
    job = JobFactory.build(remote_policy=remote_policy, location=location, country=country)
    assert job.place == place


def test_days_since_names_each_utc_day_from_the_moments_to_today(monkeypatch):
    now = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    moment = datetime(2026, 2, 28, 20, 0, tzinfo=ZoneInfo("America/New_York"))  # 1 March, UTC
    assert days_since(moment) == "'day=2026-03-01' | 'day=2026-03-02'"
    assert days_since(now) == "'day=2026-03-02'"


def test_from_day_of_keeps_the_listings_of_the_moments_utc_day_and_after():
    """The UTC day of the moment, from its midnight: a moment late in New York is the next day
    in UTC; a listing a second before that midnight is left out, one at it kept."""
    midnight = datetime(2026, 3, 1, tzinfo=UTC)
    made = {
        name: PublishedJobFactory(
            published_at=midnight + offset, expires_at=midnight + timedelta(days=60)
        )
        for name, offset in {
            "before": -timedelta(seconds=1),
            "at": timedelta(0),
            "after": timedelta(hours=30),
        }.items()
    }
    moment = datetime(2026, 2, 28, 20, 0, tzinfo=ZoneInfo("America/New_York"))  # 1 March, UTC
    kept = set(Listing.objects.from_day_of(moment).values_list("job_id", flat=True))
    assert kept == {made["at"].pk, made["after"].pk}


def test_lexemes_are_quoted_as_tsquery_asks():
    assert lexemes(Mark.PLACE, ["Val d'Or", "a\\b"]) == "'place=Val d''Or' | 'place=a\\\\b'"


def test_cards_in_order_reads_the_jobs_of_the_ids_in_their_order_with_their_companies(
    django_assert_num_queries,
):
    first, second = PublishedJobFactory(title="First"), PublishedJobFactory(title="Second")
    unpublished = JobFactory(title="Draft")
    salary = Job.objects.get(pk=second.pk).public_salary
    assert salary is not None
    with django_assert_num_queries(1):
        found = cards_in_order([second.pk, 999_999, first.pk, unpublished.pk])
        assert [job.title for job in found] == ["Second", "First", "Draft"]
        # What a card shows, with no query of its own: the company's name and link, the salary.
        assert found[0].company.name == second.company.name
        assert found[0].company.get_absolute_url() == second.company.get_absolute_url()
        assert found[0].public_salary == salary
        assert found[1].place == first.place
    assert isinstance(found[0], Job) and found[0].company_id == second.company_id
    # Any other column is read when asked, as with only().
    with django_assert_num_queries(1):
        assert found[0].description == second.description
    with django_assert_num_queries(0):
        assert cards_in_order([]) == []
