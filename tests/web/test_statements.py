from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Company, Job
from tests.factories import CompanyFactory, PublishedJobFactory
from web.statements import OneOf, Statement

pytestmark = pytest.mark.django_db

IDS = object()
MOMENT = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


def statement_of_jobs(**filters) -> Statement:
    jobs = (
        Job.objects.filter(OneOf("id", IDS), published_at__lte=MOMENT, **filters)
        .order_by("pk")
        .values_list("id", "title", "published_at")
    )
    moment = connection.ops.adapt_datetimefield_value(MOMENT)
    return Statement.compile(jobs, alias="default", stand_ins={"ids": IDS, "now": moment})


def values(ids, now):
    return {
        "ids": OneOf.parameter(ids, connection),
        "now": connection.ops.adapt_datetimefield_value(now),
    }


def test_a_statement_answers_as_the_orm_for_each_call_s_values():
    first, second, later = PublishedJobFactory(), PublishedJobFactory(), PublishedJobFactory()
    now = timezone.now()
    Job.objects.filter(pk=later.pk).update(published_at=now + timedelta(days=1))
    statement = statement_of_jobs()
    ids = [first.pk, second.pk, later.pk]
    expected = list(
        Job.objects.filter(pk__in=ids, published_at__lte=now)
        .order_by("pk")
        .values("id", "title", "published_at")
    )
    assert statement.rows(**values(ids, now)) == expected
    # Converted as the ORM converts them: a moment, not SQLite's text.
    assert isinstance(expected[0]["published_at"], datetime)
    # Other values, the same statement: each call fills its own.
    assert statement.rows(**values([second.pk], now)) == expected[1:]
    assert statement.tuples(**values([], now)) == []


def test_a_query_without_a_stand_in_is_refused_when_compiled():
    jobs = Job.objects.filter(OneOf("id", IDS)).values_list("id")
    with pytest.raises(ValueError, match="holds no now"):
        Statement.compile(jobs, alias="default", stand_ins={"ids": IDS, "now": MOMENT})


def test_each_call_is_one_statement_of_the_page():
    job = PublishedJobFactory()
    statement = statement_of_jobs()
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert statement.rows(**values([job.pk], timezone.now()))[0]["id"] == job.pk
        assert len(captured.captured_queries) == 1


def test_a_statement_of_no_values():
    company = CompanyFactory(name="Only")
    statement = Statement.compile(
        Company.objects.values_list("name"), alias="default", stand_ins={}
    )
    for _ in range(2):
        assert statement.tuples() == [(company.name,)]


def test_two_texts_of_a_statement_are_two_names():
    assert statement_of_jobs().name == statement_of_jobs().name
    assert statement_of_jobs().name != statement_of_jobs(title="Other").name


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
@pytest.mark.django_db(transaction=True)  # so that the test may close its connection
def test_on_postgresql_a_statement_is_prepared_once_per_connection():
    job = PublishedJobFactory()
    statement = statement_of_jobs(title=job.title)

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [statement.name]
            )
            return cursor.fetchone()[0]

    connection.ensure_connection()
    assert prepared() == 0
    for _ in range(3):
        assert statement.rows(**values([job.pk], timezone.now()))[0]["id"] == job.pk
        assert prepared() == 1
    # A new connection has none: the statement is prepared again on it.
    connection.close()
    assert prepared() == 0
    assert statement.rows(**values([job.pk], timezone.now()))[0]["id"] == job.pk
    assert prepared() == 1


def test_one_of_matches_the_ids_given_and_none_for_none():
    kept, other = CompanyFactory(), CompanyFactory()
    assert list(Company.objects.filter(OneOf("id", [kept.pk]))) == [kept]
    assert list(Company.objects.filter(OneOf("id", []))) == []
    assert set(Company.objects.filter(OneOf("id", [kept.pk, other.pk]))) == {kept, other}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_with_a_connection_per_request_nothing_is_prepared(monkeypatch):
    job = PublishedJobFactory()
    # A text of its own: no other test prepares it on this connection.
    statement = statement_of_jobs(slug__startswith="never-prepared")
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    assert statement.rows(**values([job.pk], timezone.now())) == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [statement.name]
        )
        assert cursor.fetchone()[0] == 0
