from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.facets import MATCH, READ, _rows, facets, keeps
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


def test_past_the_bound_no_facet_is_asked_and_no_rows_are_sent():
    """Past the bound with every filter, a filter left out matches more still: no facet in use
    is asked again past the widest one, read first (WIDEST_FIRST). Each statement sends a
    summary row, not the thousand rows."""
    PublishedJobFactory.create_batch(3, employment_type="FT", country="DE")
    statements = listing_statements("employment_type=FT&country=DE", limit=2)
    # Country alone (employment type, the widest, left out) is past the bound, then the search.
    assert len(statements) == 2
    found = facets(search("employment_type=FT&country=DE"), limit=2)
    assert (found.total, found.bounded, found.matches) == (2, True, None)
    assert set(found.counts["employment_type"].values()) == {None}


def test_within_the_bound_the_search_is_the_widest_facets_rows_that_pass_its_choice():
    """No statement of its own: one per facet in use, each with its own choice left out."""
    PublishedJobFactory.create_batch(2, employment_type="FT", country="DE")
    PublishedJobFactory(employment_type="PT", country="DE")
    PublishedJobFactory(employment_type="FT", country="FR")
    statements = listing_statements("employment_type=FT&country=DE", limit=10)
    assert len(statements) == 2
    found = facets(search("employment_type=FT&country=DE"), limit=10)
    assert (found.total, found.bounded) == (2, False)
    assert {m.job_id for m in found.matches} == set(
        search("employment_type=FT&country=DE").qs.values_list("pk", flat=True)
    )
    assert found.counts["employment_type"] == {"FT": 2, "PT": 1, "CT": 0, "FL": 0, "IN": 0}
    assert found.countries == [("DE", "Germany", 2), ("FR", "France", 1)]
    # No facet in use: the search is read on its own, once.
    assert len(listing_statements("salary_min=1", limit=10)) == 1


def test_the_widest_facet_past_the_bound_leaves_the_search_to_its_own_statement():
    PublishedJobFactory.create_batch(3, employment_type="PT", country="DE")
    PublishedJobFactory(employment_type="FT", country="DE")
    PublishedJobFactory.create_batch(2, employment_type="FT", country="FR")
    # Employment type left out: four jobs in Germany, past a bound of 3; the search finds one.
    statements = listing_statements("employment_type=FT&country=DE", limit=3)
    assert len(statements) == 3  # the widest facet, the search, then the country facet
    found = facets(search("employment_type=FT&country=DE"), limit=3)
    assert (found.total, found.bounded) == (1, False)
    assert set(found.counts["employment_type"].values()) == {None}  # past the bound: no counts
    assert found.countries == [("FR", "France", 2), ("DE", "Germany", 1)]


def test_a_search_within_the_bound_sends_its_rows_and_one_summary():
    PublishedJobFactory.create_batch(2, employment_type="FT")
    moments = []
    rows = _rows(search(""), (), 5, moments)
    assert len(rows) == 2 and len(moments) == 1 and moments[0] is not None
    assert _rows(search(""), (), 1, []) is None


def test_a_filter_that_can_match_nothing_counts_zero():
    """A tag no job carries: on PostgreSQL the search is known to match nothing before any
    statement (jobs/filters.py `tagged`: `none()`), which the count's own statement cannot be
    built from. Zero, exact, not an error (the fuzz tests found the 500)."""
    PublishedJobFactory.create_batch(2)
    found = facets(search("tag=no-such-tag"), limit=10)
    assert (found.total, found.bounded, found.matches) == (0, False, [])


@pytest.mark.parametrize(
    "query",
    [
        "employment_type=FT",
        "employment_type=FT&employment_type=PT",
        "experience_level=SE",
        "remote=remote",
        "remote=hybrid&remote=onsite",
        "role=data-engineer",
        "country=DE",
        "country=FR",
        "country=DE&remote=onsite",
        "country=DE&remote=remote&remote=hybrid",
    ],
)
def test_keeps_is_each_facets_filter_in_python(query):
    """The search is derived from a wider read by `keeps` (facets()): it must keep exactly the
    rows the facet's SQL keeps, a remote job open anywhere included."""
    engineer, scientist = RoleFactory(name="Data Engineer"), RoleFactory(name="Data Scientist")
    for country in ("DE", "FR", ""):
        for remote in ("remote", "hybrid", "onsite"):
            for kind, level, role in [("FT", "SE", engineer), ("PT", "MI", scientist)]:
                PublishedJobFactory(
                    country=country,
                    remote_policy=remote,
                    employment_type=kind,
                    experience_level=level,
                    role=role,
                )
    PublishedJobFactory(
        role=None, country="DE", remote_policy="onsite", employment_type="CT", experience_level="EN"
    )
    filterset = search(query)
    used = filterset.used()
    facet = next(name for name in used if name != "remote" or len(used) == 1)
    others = search("&".join(part for part in query.split("&") if not part.startswith(facet)))
    rows = _rows(others, (), 100, [], columns=[*READ, *MATCH])
    keep = keeps(facet, used[facet])
    kept = {row[len(READ)] for row in rows if keep(row)}
    assert kept == set(filterset.qs.values_list("pk", flat=True))
    assert 0 < len(kept) < len(rows)
