from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.search import canonical_query, describe, new_jobs
from tests.factories import PublishedJobFactory, RoleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("", ""),
        ("?", ""),
        ("remote=remote", "remote=remote"),
        ("?remote=remote&page=2&ordering=salary_desc", "remote=remote"),
        ("remote=remote&remote=hybrid&remote=remote", "remote=hybrid&remote=remote"),
        ("q=+data+&location=", "q=data"),
        ("utm_source=newsletter&experience_level=SE", "experience_level=SE"),
        ("salary_min=120000&employment_type=FT", "employment_type=FT&salary_min=120000"),
    ],
)
def test_a_search_has_one_spelling(raw, canonical):
    assert canonical_query(raw) == canonical


def test_a_known_role_is_accepted_and_an_unknown_one_refused_as_jobs_refuses_it():
    RoleFactory(name="Data Engineer", slug="data-engineer")
    assert canonical_query("role=data-engineer") == "role=data-engineer"
    with pytest.raises(ValidationError) as refused:
        canonical_query("role=astronaut&ordering=sideways")
    assert sorted(refused.value.messages) == [
        "Role: Select a valid choice. That choice is not one of the available choices.",
        "Sort by: Select a valid choice. sideways is not one of the available choices.",
    ]


def test_a_search_too_long_to_keep_is_refused():
    with pytest.raises(ValidationError, match="too long to keep"):
        canonical_query("q=" + "x" * 1000)


def test_a_search_is_described_in_the_words_of_the_job_list():
    RoleFactory(name="Data Engineer", slug="data-engineer")
    assert describe("") == "All jobs"
    assert describe("role=data-engineer&remote=remote&salary_min=120000") == (
        "Role: Data Engineer, Workplace: Remote, Salary at least (USD a year): 120,000"
    )


def test_new_jobs_are_those_published_in_the_window_newest_first():
    now = timezone.now()
    inside = [
        PublishedJobFactory(title=f"In {n}", published_at=now - timedelta(hours=n))
        for n in (5, 2, 3)
    ]
    PublishedJobFactory(title="Too old", published_at=now - timedelta(hours=30))
    PublishedJobFactory(title="Too new", published_at=now - timedelta(minutes=10))

    found = new_jobs("", after=now - timedelta(hours=24), until=now - timedelta(hours=1), limit=2)

    assert [job.title for job in found.jobs] == ["In 2", "In 3"]
    assert found.more is True and found.search == "All jobs"
    assert len(inside) == 3
    everything = new_jobs("", after=now - timedelta(days=2), until=now, limit=10)
    assert len(everything.jobs) == 5 and everything.more is False


def test_a_search_that_no_longer_works_finds_nothing_to_send():
    role = RoleFactory(slug="gone")
    query = canonical_query("role=gone")
    role.delete()
    now = timezone.now()
    assert new_jobs(query, after=now - timedelta(days=1), until=now, limit=20) is None
