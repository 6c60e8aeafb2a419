from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.facets import FACETS, SPANS, _every_role, _rows, _tally, _tally_rows, facets
from jobs.filters import JobFilter
from jobs.models import Job
from tests.factories import PublishedJobFactory, RoleFactory

pytestmark = pytest.mark.django_db


def search(query: str) -> JobFilter:
    return JobFilter(QueryDict(query), queryset=Job.objects.visible())


def test_counts_are_exact_up_to_the_bound():
    role = RoleFactory(name="Data Engineer")
    PublishedJobFactory.create_batch(3, role=role, employment_type="FT", country="DE")
    found = facets(search(""), limit=3)
    assert (found.total, found.bounded, found.total_text) == (3, False, "3")
    assert found.counts["employment_type"]["FT"] == 3
    assert found.counts["employment_type"]["PT"] == 0
    assert found.roles == [("data-engineer", "Data Engineer", 3)]
    assert found.countries == [("DE", "Germany", 3)]


def test_past_the_bound_the_total_says_so_and_the_choices_show_no_counts():
    role = RoleFactory(name="Data Engineer")
    PublishedJobFactory.create_batch(4, role=role, employment_type="FT")
    found = facets(search(""), limit=3)
    assert (found.total, found.bounded, found.total_text) == (3, True, "3+")
    assert set(found.counts["employment_type"].values()) == {None}
    assert ("data-engineer", "Data Engineer", None) in found.roles
    assert ("DE", "Germany", None) in found.countries
    # Narrowed under the bound, the counts come back, exact.
    narrowed = facets(search("employment_type=FT&role=data-engineer&country=DE"), limit=4)
    assert narrowed.total == 4 and not narrowed.bounded


def test_a_facet_in_use_is_counted_with_its_own_choice_left_out():
    PublishedJobFactory.create_batch(2, employment_type="FT")
    PublishedJobFactory(employment_type="PT")
    found = facets(search("employment_type=PT"), limit=10)
    assert found.total == 1
    assert found.counts["employment_type"] == {"FT": 2, "PT": 1, "CT": 0, "FL": 0, "IN": 0}


def test_a_remote_job_open_anywhere_counts_for_every_country_listed():
    PublishedJobFactory(country="DE", remote_policy="onsite")
    PublishedJobFactory(country="", remote_policy="remote")
    found = facets(search(""), limit=10)
    assert found.countries == [("DE", "Germany", 2)]
    assert search("country=DE").qs.count() == 2  # what a click on it gives


def test_a_job_leaves_the_count_the_second_it_ends(monkeypatch):
    ends = timezone.now() + timedelta(hours=1)
    PublishedJobFactory(expires_at=ends + timedelta(days=1))
    PublishedJobFactory(expires_at=ends)
    assert facets(search(""), limit=10).total == 2
    # Nothing is written when the end passes: the listing is judged by the clock at query time.
    later = ends + timedelta(microseconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert facets(search(""), limit=10).total == 1


def listing_statements(query: str, limit: int) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        facets(search(query), limit=limit)
    return [q["sql"] for q in captured.captured_queries if "jobs_listing" in q["sql"]]


def test_past_the_bound_the_search_is_read_once_and_its_rows_are_not_sent():
    """Past the bound with every filter, a filter left out matches more still: no facet in use
    is asked again. The one statement sends a summary row, not the thousand rows."""
    PublishedJobFactory.create_batch(3, employment_type="FT", country="DE")
    statements = listing_statements("employment_type=FT&country=DE", limit=2)
    assert len(statements) == 1
    within = listing_statements("employment_type=FT&country=DE", limit=3)
    assert len(within) == 3  # the search, then each facet in use with its own choice left out


def test_a_search_within_the_bound_sends_its_rows_and_one_summary():
    PublishedJobFactory.create_batch(2, employment_type="FT")
    moments = []
    rows, since = _rows(search(""), 5, moments)
    assert len(rows) == 2 and len(moments) == 1 and moments[0] is not None and since is None
    assert _rows(search(""), 1, []) == (None, None)


# Each facet in use, a choice of it that keeps one of the jobs below.
IN_USE = {
    "employment_type": "PT",
    "experience_level": "SE",
    "remote": "hybrid",
    "role": "data-engineer",
    "country": "FR",
}


@pytest.fixture
def board():
    de, ml = RoleFactory(name="Data Engineer"), RoleFactory(name="ML Engineer")
    PublishedJobFactory.create_batch(
        2, role=de, employment_type="FT", experience_level="SE", country="DE"
    )
    PublishedJobFactory(
        role=ml, employment_type="PT", experience_level="MI", country="", remote_policy="remote"
    )
    PublishedJobFactory(
        role=None, employment_type="CT", experience_level="SE", country="FR", remote_policy="hybrid"
    )


@pytest.mark.usefixtures("board")
@pytest.mark.parametrize("name", FACETS)
def test_a_facet_in_use_is_counted_by_the_database_as_a_click_would_find(name):
    """The facet's own choice left out, its counts come from the database, not its rows: the
    tally the search's own rows give a facet not in use, and for each choice what a search with
    it instead finds. None past the bound."""
    query = f"{name}={IN_USE[name]}"
    moments = []
    counted = _tally(search(query), name, 10, moments)
    assert counted == _tally_rows(_rows(search(""), 10, [])[0], name)
    assert sum(counted.values()) == 4 and moments[0] is not None
    assert _tally(search(query), name, 3, []) is None
    found = facets(search(query), limit=10)
    selects = {"role": found.roles, "country": found.countries}
    if name in selects:
        shown = {value: n for value, _label, n in selects[name]}
    else:
        shown = found.counts[name]
    for value, n in shown.items():
        assert search(f"{name}={value}").qs.count() == n, (name, value)


@pytest.mark.usefixtures("board")
def test_a_remote_job_open_anywhere_is_its_own_key_in_the_country_tally():
    assert _tally(search("country=DE"), "country", 10, [])[("", "remote")] == 1


def test_a_facet_in_use_sends_a_row_per_choice_not_per_job():
    PublishedJobFactory.create_batch(6, employment_type="FT", experience_level="SE")
    PublishedJobFactory.create_batch(3, employment_type="PT", experience_level="SE")
    with CaptureQueriesContext(connection) as captured:
        found = facets(search("employment_type=PT&experience_level=SE"), limit=20)
    assert found.counts["employment_type"]["FT"] == 6
    assert found.counts["experience_level"]["SE"] == 3
    # The search's own statement reads every facet's columns; each facet in use only its key.
    # Then the role list names the roles counted.
    [search_sql, *facet_sql, roles_sql] = [q["sql"] for q in captured.captured_queries]
    assert search_sql.startswith("WITH base (employment_type, experience_level, remote_policy,")
    assert sorted(sql.split(" AS ")[0] for sql in facet_sql) == [
        "WITH base (employment_type, next_change)",
        "WITH base (experience_level, next_change)",
    ]
    every_role = _every_role(connection.alias)
    assert roles_sql in (every_role.sql, f"EXECUTE {every_role.name}")  # prepared on PostgreSQL


def test_a_search_counts_roles_by_id_and_names_them_from_the_role_list():
    """No statement over the listings joins the roles (0.3-0.5 ms of planning each): the role
    select's names come from the role list, one prepared statement, as past the bound."""
    engineer = RoleFactory(name="Data Engineer")
    analyst = RoleFactory(name="Data Analyst")
    PublishedJobFactory.create_batch(2, role=engineer, employment_type="FT")
    PublishedJobFactory(role=analyst, employment_type="FT")
    PublishedJobFactory(role=None, employment_type="FT")
    with CaptureQueriesContext(connection) as captured:
        found = facets(search("employment_type=FT"), limit=20)
    assert found.roles == [
        (engineer.slug, "Data Engineer", 2),
        (analyst.slug, "Data Analyst", 1),
    ]
    listings = [q["sql"] for q in captured.captured_queries if "jobs_listing" in q["sql"]]
    assert listings and not any("salaries_role" in sql for sql in listings)


def test_a_filter_that_can_match_nothing_counts_zero():
    """A tag no job carries: on PostgreSQL the search is known to match nothing before any
    statement (jobs/filters.py `tagged`: `none()`), which the count's own statement cannot be
    built from. Zero, exact, not an error (the fuzz tests found the 500)."""
    PublishedJobFactory.create_batch(2)
    found = facets(search("tag=no-such-tag"), limit=10)
    assert (found.total, found.bounded, found.matches) == (0, False, [])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the day lexemes are PostgreSQL's")
@pytest.mark.parametrize(
    "ages, span",
    [
        ((0, 0, 0, 3), SPANS[0]),  # the newest day holds more than the bound
        ((3, 3, 3, 0), SPANS[1]),  # the newest week does, not the newest day
        ((10, 10, 10, 0), None),  # only the whole board does
    ],
)
def test_a_search_with_words_past_the_bound_looks_in_the_newest_days_first(ages, span):
    """Past the bound, the search says where: the start of the first span of newest days with
    more matches than the bound (a page's rows come from it), none if it took the whole board.
    The count and what a search within the bound finds are the same either way."""
    now = timezone.now()
    for age in ages:
        PublishedJobFactory(title="Forecasting Analyst", published_at=now - timedelta(days=age))
    PublishedJobFactory.create_batch(3, title="Data Analyst", published_at=now)
    found = facets(search("q=forecasting"), limit=2)
    assert (found.total_text, found.bounded, found.matches) == ("2+", True, None)
    if span is None:
        assert found.since is None
    else:
        assert now - span <= found.since <= timezone.now() - span
    within = facets(search("q=forecasting"), limit=4)
    assert (within.total, within.bounded, within.since) == (4, False, None)
    assert facets(search("q=forecasting&posted_within=7"), limit=10).total == sum(
        age < 7 for age in ages
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the day lexemes are PostgreSQL's")
def test_a_tag_beside_a_role_looks_in_the_newest_days_first_as_words_do():
    """A tag beside a role is served by the text index too (jobs.filters.JobFilter.in_document),
    so past the bound it looks in the newest day first, as words do."""
    role = RoleFactory(name="Data Engineer")
    for _ in range(3):
        PublishedJobFactory(role=role, published_at=timezone.now()).tags.add("kafka")
    found = facets(search(f"role={role.slug}&tag=kafka"), limit=2)
    assert found.bounded and found.since is not None
    assert facets(search(f"role={role.slug}&tag=kafka"), limit=3).total == 3


def test_without_words_no_span_is_asked():
    """Filters the text index does not serve (no words, no tag beside a role or a company): a
    span of days would be a condition of its own, read on every listing of the board
    (jobs.filters.JobFilter.in_document)."""
    PublishedJobFactory.create_batch(3, employment_type="FT", published_at=timezone.now())
    with CaptureQueriesContext(connection) as captured:
        found = facets(search("employment_type=FT"), limit=2)
    assert found.bounded and found.since is None
    assert all("::tsquery" not in q["sql"] for q in captured.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the day lexemes are PostgreSQL's")
@pytest.mark.parametrize("ages", [(0, 0, 0), (3, 3, 3), (10, 10, 10), (0, 3, 10)])
def test_a_facet_in_use_beside_words_looks_in_the_newest_days_first_and_counts_the_same(ages):
    """With its own choice left out, a facet's statement looks in the newest day, then week,
    then the whole board, as the search's does: past the bound wherever more than the bound
    match (no counts), and within it the same exact counts a click gives, at any age."""
    now = timezone.now()
    for age in ages:
        PublishedJobFactory(
            title="Forecasting Analyst",
            employment_type="FT",
            published_at=now - timedelta(days=age),
        )
    PublishedJobFactory(title="Forecasting Lead", employment_type="PT", published_at=now)
    with CaptureQueriesContext(connection) as captured:
        assert _tally(search("q=forecasting&employment_type=PT"), "employment_type", 3, []) is None
    [tally_sql] = [q["sql"] for q in captured.captured_queries]
    assert "day=" in tally_sql  # the spans' lexemes
    counted = _tally(search("q=forecasting&employment_type=PT"), "employment_type", 4, [])
    assert counted == {("FT",): 3, ("PT",): 1}
    found = facets(search("q=forecasting&employment_type=PT"), limit=4)
    for value, n in found.counts["employment_type"].items():
        assert search(f"q=forecasting&employment_type={value}").qs.count() == n, value
