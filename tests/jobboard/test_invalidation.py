"""jobboard/invalidation.py: each write drops the cached pages that show what it changed, and only
those; the clock drops a page the second a job on it ends."""

import time
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from jobs.review import job_publish
from tests.factories import (
    PublishedArticleFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
    SubmittedJobFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("jobs:list")
HOME = reverse("home")


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.JOBS_CACHE_SECONDS = 60


@pytest.fixture
def board():
    """Two roles with two jobs each, and an article about the first role."""
    engineer, analyst = RoleFactory(name="Data Engineer"), RoleFactory(name="Data Analyst")
    jobs = {
        "engineer": PublishedJobFactory(role=engineer, title="Engineer One"),
        "engineer2": PublishedJobFactory(role=engineer, title="Engineer Two"),
        "analyst": PublishedJobFactory(role=analyst, title="Analyst One"),
        "analyst2": PublishedJobFactory(role=analyst, title="Analyst Two"),
    }
    article = PublishedArticleFactory(title="About engineers")
    article.roles.add(engineer)
    return {"engineer_role": engineer, "analyst_role": analyst, "article": article, **jobs}


@contextmanager
def seconds_later(seconds: int):
    """The clock, for the board and for the cache, that many seconds from now."""
    later = timezone.now() + timedelta(seconds=seconds)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("web.cache.time.time", return_value=time.time() + seconds),
    ):
        yield


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url


def cached(client, url) -> bool:
    return client.get(url)["X-Cache"] == "hit"


def pages(board):
    return {
        "list": LIST,
        "home": HOME,
        "sitemap": "/sitemap-jobs.xml",
        **{name: board[name].get_absolute_url() for name in ("engineer", "engineer2", "analyst")},
    }


def after(client, board, write) -> set[str]:
    """The names of the pages a write dropped."""
    urls = pages(board)
    warm(client, *urls.values())
    write()
    return {name for name, url in urls.items() if not cached(client, url)}


def test_a_saved_job_drops_the_lists_its_page_and_its_roles_pages(client, board):
    def rename():
        board["engineer"].title = "Engineer Renamed"
        board["engineer"].save()

    assert after(client, board, rename) == {"list", "home", "sitemap", "engineer", "engineer2"}
    assert "Engineer Renamed" in client.get(board["engineer2"].get_absolute_url()).text


def test_a_new_job_drops_the_lists_and_its_roles_pages_only(client, board):
    def publish():
        job_publish(job=SubmittedJobFactory(role=board["analyst_role"], title="Analyst Three"))

    assert after(client, board, publish) == {"list", "home", "sitemap", "analyst"}


def test_a_job_moved_to_another_role_leaves_its_old_roles_pages(client, board):
    def move():
        board["engineer2"].role = board["analyst_role"]
        board["engineer2"].save()

    assert after(client, board, move) >= {"engineer", "analyst"}
    assert "Engineer Two" not in client.get(board["engineer"].get_absolute_url()).text


def test_a_saved_company_drops_the_pages_that_name_it(client, board):
    def rename():
        company = board["analyst"].company
        company.name = "Renamed Company"
        company.save()

    assert after(client, board, rename) == {"list", "home", "sitemap", "analyst"}


def test_a_saved_article_drops_the_home_page_and_its_roles_job_pages(client, board):
    def edit():
        board["article"].title = "About engineers, revised"
        board["article"].save()

    assert after(client, board, edit) == {"home", "sitemap", "engineer", "engineer2"}
    assert "About engineers, revised" in client.get(board["engineer"].get_absolute_url()).text


def test_an_article_linked_to_a_role_drops_that_roles_job_pages(client, board):
    assert after(client, board, lambda: board["article"].roles.add(board["analyst_role"])) == {
        "home",
        "sitemap",
        "analyst",
    }


def test_a_deleted_article_leaves_its_roles_job_pages(client, board):
    assert after(client, board, board["article"].delete) == {
        "home",
        "sitemap",
        "engineer",
        "engineer2",
    }
    assert "About engineers" not in client.get(board["engineer"].get_absolute_url()).text


def test_new_salary_figures_drop_the_pages_that_show_them(client, board):
    def record():
        SalaryRecordFactory(role=board["analyst_role"])

    # The search list too: its analyst card carries a salary badge from those figures.
    assert after(client, board, record) == {"list", "home", "sitemap", "analyst"}


def test_a_renamed_role_drops_its_pages(client, board):
    def rename():
        board["analyst_role"].name = "Analytics Engineer"
        board["analyst_role"].save()

    assert after(client, board, rename) == {"list", "home", "sitemap", "analyst"}


def test_a_renamed_tag_drops_every_page(client, board):
    board["analyst"].tags.add("python")

    def rename():
        tag = Tag.objects.get(name="python")
        tag.name = "Python 3"
        tag.save()

    assert after(client, board, rename) == set(pages(board))


def test_a_job_ending_at_its_second_leaves_every_page_and_drops_no_other(client, board):
    ending = PublishedJobFactory(
        role=board["engineer_role"],
        title="Ends Soon",
        expires_at=timezone.now() + timedelta(seconds=30),
    )
    urls = pages(board)
    warm(client, *urls.values(), ending.get_absolute_url())
    for url in (LIST, HOME, board["engineer"].get_absolute_url()):
        assert "Ends Soon" in client.get(url).text
    with seconds_later(31):
        assert client.get(ending.get_absolute_url()).status_code == 410
        for name, url in urls.items():
            assert "Ends Soon" not in client.get(url).text, name
        # The other role's pages never showed it: still cached.
        assert cached(client, board["analyst"].get_absolute_url())


def test_a_scheduled_article_appears_on_the_home_page_at_its_time(client, board):
    PublishedArticleFactory(
        title="Coming Next", published_at=timezone.now() + timedelta(seconds=30)
    )
    warm(client, HOME)
    assert "Coming Next" not in client.get(HOME).text
    with seconds_later(31):
        assert "Coming Next" in client.get(HOME).text


def test_a_job_ending_drops_only_the_searches_that_read_it(client, board):
    """At a million jobs one ends every few seconds: a search that never counted or showed it
    stays cached (issue 14); one that did drops at its second."""
    PublishedJobFactory(
        role=board["engineer_role"],
        title="Ends Soon",
        expires_at=timezone.now() + timedelta(seconds=30),
    )
    # A company's search reads its jobs only; a role's reads every role's (its role facet counts
    # them all), so it drops like the whole list.
    analysts = f"{LIST}?company={board['analyst'].company.slug}"
    a_role = f"{LIST}?role={board['analyst_role'].slug}"
    warm(client, LIST, analysts, a_role)
    with seconds_later(31):
        assert cached(client, analysts)
        for url in (LIST, a_role):
            response = client.get(url)
            assert response["X-Cache"] == "miss", url
            assert "Ends Soon" not in response.text


def test_a_posted_within_search_drops_when_a_job_grows_too_old_for_it(client, board):
    PublishedJobFactory(
        role=board["analyst_role"],
        title="Posted Yesterday",
        published_at=timezone.now() - timedelta(hours=24) + timedelta(seconds=30),
    )
    recent = f"{LIST}?posted_within=1"
    warm(client, recent)
    assert "Posted Yesterday" in client.get(recent).text
    with seconds_later(31):
        response = client.get(recent)
        assert response["X-Cache"] == "miss"
        assert "Posted Yesterday" not in response.text


def test_a_scheduled_job_drops_the_searches_when_it_starts(client, board):
    PublishedJobFactory(
        role=board["analyst_role"],
        title="Starts Soon",
        published_at=timezone.now() + timedelta(seconds=30),
    )
    analysts = f"{LIST}?role={board['analyst_role'].slug}"
    warm(client, analysts)
    assert "Starts Soon" not in client.get(analysts).text
    with seconds_later(31):
        assert "Starts Soon" in client.get(analysts).text


def test_a_later_page_drops_when_a_job_before_it_ends(client, board, settings):
    """Page 2 shows the 21st to 40th job: one ending on page 1 moves the 21st up, so page 2 is
    stale at that second although none of its own jobs ended. Past the bound, where the page is
    read from the listings (within it, the facets read every match and their moment is all)."""
    settings.JOBS_SEARCH_LIMIT = 22  # 25 jobs: past the bound, and still two pages
    now = timezone.now()
    PublishedJobFactory.create_batch(
        20, role=board["analyst_role"], published_at=now - timedelta(days=2)
    )
    PublishedJobFactory(
        role=board["analyst_role"],
        title="Newest, Ends Soon",
        published_at=now - timedelta(minutes=1),
        expires_at=now + timedelta(seconds=30),
    )
    second = f"{LIST}?page=2"
    # Without the facets' own moments (a search past the bound reads rows in no order), so only
    # the page's reading of the rows before it can drop it.
    with mock.patch("jobs.facets.first_change", return_value=None):
        warm(client, second)
    with seconds_later(31):
        assert client.get(second)["X-Cache"] == "miss"


def test_a_capped_search_drops_when_a_job_on_its_page_grows_too_old_for_it(client, board, settings):
    """Past the bound the facets read an arbitrary thousand rows: the page's own rows say when
    it changes. The oldest-first page of a "posted within a day" search shows the job about to
    leave the window."""
    settings.JOBS_SEARCH_LIMIT = 2
    now = timezone.now()
    PublishedJobFactory(
        role=board["analyst_role"],
        title="Almost A Day Old",
        published_at=now - timedelta(hours=24) + timedelta(seconds=30),
    )
    # Three in the window: past the bound of two, where the page is read from the listings.
    PublishedJobFactory.create_batch(
        2, role=board["analyst_role"], published_at=now - timedelta(hours=1)
    )
    url = f"{LIST}?posted_within=1&ordering=oldest"
    with mock.patch("jobs.facets.first_change", return_value=None):
        warm(client, url)
    assert "Almost A Day Old" in client.get(url).text
    with seconds_later(31):
        response = client.get(url)
        assert response["X-Cache"] == "miss"
        assert "Almost A Day Old" not in response.text


def test_a_salary_lapsing_in_a_cards_role_drops_the_page_of_its_badge(client, board):
    """A card's badge places its salary among its role's points: when one of those points
    lapses (another job of the role ends, on no page of this search), the badge may change."""
    for amount in (50_000, 60_000, 70_000, 80_000, 90_000):
        SalaryRecordFactory(role=board["analyst_role"], amount_min=amount)
    SalaryRecordFactory(
        role=board["analyst_role"],
        amount_min=100_000,
        valid_until=timezone.now() + timedelta(seconds=30),
    )
    card = job_publish(job=SubmittedJobFactory(role=board["analyst_role"]))  # with its point
    company = f"{LIST}?company={card.company.slug}"
    warm(client, company)
    assert "Pays more than" in client.get(company).text
    with seconds_later(31):
        assert client.get(company)["X-Cache"] == "miss"
