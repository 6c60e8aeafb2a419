from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Company, Job
from tests.factories import CompanyFactory, PublishedJobFactory
from web.statements import IDS, OneOf, Statement

pytestmark = pytest.mark.django_db

MOMENT = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements: PostgreSQL"
)


def statement_of_jobs(**filters) -> Statement:
    jobs = (
        Job.objects.filter(OneOf("id", IDS), published_at__lte=MOMENT, **filters)
        .order_by("pk")
        .values_list("id", "title", "published_at")
    )
    return Statement.compile(jobs, alias="default", stand_ins={"ids": IDS, "now": MOMENT})


def prepared(statement: Statement) -> int:
    """How many statements of this name the connection's server session holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [statement.name]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def lasting_connections(monkeypatch, settings):
    """Prepared statements on, as deployed: connections kept, the setting on."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    settings.DB_PREPARED_STATEMENTS = True


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
    assert statement.rows(ids=ids, now=now) == expected
    # Converted as the ORM converts them: a moment, not SQLite's text.
    assert isinstance(expected[0]["published_at"], datetime)
    # Other values, the same statement: each call fills its own (a tuple of ids too).
    assert statement.rows(ids=(second.pk,), now=now) == expected[1:]
    assert list(statement.tuples(ids=[], now=now)) == []


def test_columns_are_named_in_the_order_they_are_selected():
    company = CompanyFactory(name="Acme", slug="acme")
    query = Company.objects.filter(OneOf("id", IDS)).annotate(n=Value(7))
    statement = Statement.compile(
        query.values("name", "n", "slug"), alias="default", stand_ins={"ids": IDS}
    )
    assert statement.rows(ids=[company.pk]) == [{"name": "Acme", "n": 7, "slug": "acme"}]


def test_a_query_without_a_stand_in_is_refused_when_compiled():
    jobs = Job.objects.filter(OneOf("id", IDS)).values_list("id")
    with pytest.raises(ValueError, match="holds no now"):
        Statement.compile(jobs, alias="default", stand_ins={"ids": IDS, "now": MOMENT})


def test_a_call_gives_every_value_and_no_other():
    statement = statement_of_jobs()
    with pytest.raises(TypeError, match="Give ids, now, no other"):
        statement.rows(ids=[1])
    with pytest.raises(TypeError, match="Give ids, now, no other"):
        statement.rows(ids=[1], now=timezone.now(), other=2)


def test_each_call_is_one_statement_of_the_page(lasting_connections):
    job = PublishedJobFactory()
    statement = statement_of_jobs()
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert statement.rows(ids=[job.pk], now=timezone.now())[0]["id"] == job.pk
        assert len(captured.captured_queries) == 1


def test_a_statement_of_no_values(lasting_connections):
    company = CompanyFactory(name="Only")
    statement = Statement.compile(
        Company.objects.values_list("name"), alias="default", stand_ins={}
    )
    for _ in range(2):
        assert list(statement.tuples()) == [(company.name,)]


def test_literal_percent_signs_survive_the_placeholders(lasting_connections):
    """`%%` is a literal percent sign where SQL is sent with parameters; a prepared text has
    none to send, and its parameters are $1, $2..."""
    kept = PublishedJobFactory(title="Data engineer", slug="engineer")
    PublishedJobFactory(title="Analyst", slug="data-analyst-x")
    jobs = Job.objects.filter(OneOf("id", IDS), title__contains=F("slug")).values_list("id")
    statement = Statement.compile(jobs, alias="default", stand_ins={"ids": IDS})
    assert "%%" in statement.sql or connection.vendor != "postgresql"
    for _ in range(2):
        assert list(statement.tuples(ids=[kept.pk, kept.pk + 1])) == [(kept.pk,)]


def test_two_texts_of_a_statement_are_two_names():
    assert statement_of_jobs().name == statement_of_jobs().name
    assert statement_of_jobs().name != statement_of_jobs(title="Other").name


@postgresql_only
@pytest.mark.django_db(transaction=True)  # so that the test may close its connection
def test_on_postgresql_a_statement_is_prepared_once_per_connection(lasting_connections):
    job = PublishedJobFactory()
    statement = statement_of_jobs(title=job.title)
    connection.ensure_connection()
    assert prepared(statement) == 0
    for _ in range(3):
        assert statement.rows(ids=[job.pk], now=timezone.now())[0]["id"] == job.pk
        assert prepared(statement) == 1
    # A new connection has none: the statement is prepared again on it.
    connection.close()
    assert prepared(statement) == 0
    assert statement.rows(ids=[job.pk], now=timezone.now())[0]["id"] == job.pk
    assert prepared(statement) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)  # outside a transaction, as a page's reads are
def test_a_statement_the_server_lost_is_prepared_again(lasting_connections):
    job = PublishedJobFactory()
    statement = statement_of_jobs(slug=job.slug)
    assert statement.rows(ids=[job.pk], now=timezone.now())[0]["id"] == job.pk
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler's new server session would be
    assert prepared(statement) == 0
    assert statement.rows(ids=[job.pk], now=timezone.now())[0]["id"] == job.pk
    assert prepared(statement) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_loss_fails_that_call_and_the_next_prepares_again(
    lasting_connections,
):
    job = PublishedJobFactory()
    statement = statement_of_jobs(location=job.location)
    assert statement.rows(ids=[job.pk], now=timezone.now())[0]["id"] == job.pk
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(DatabaseError, match="does not exist"), transaction.atomic():
        statement.rows(ids=[job.pk], now=timezone.now())
    assert statement.rows(ids=[job.pk], now=timezone.now())[0]["id"] == job.pk
    assert prepared(statement) == 1


@postgresql_only
@pytest.mark.parametrize("conn_max_age, setting", [(0, True), (60, False)])
def test_nothing_is_prepared_with_a_connection_per_request_or_the_setting_off(
    monkeypatch, settings, conn_max_age, setting
):
    job = PublishedJobFactory()
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", conn_max_age)
    settings.DB_PREPARED_STATEMENTS = setting
    # A text of its own: no other test prepares it on this connection.
    statement = statement_of_jobs(slug__startswith=f"never-prepared-{conn_max_age}")
    assert statement.rows(ids=[job.pk], now=timezone.now()) == []
    assert prepared(statement) == 0


def test_one_of_matches_the_ids_given_and_none_for_none():
    kept, other = CompanyFactory(), CompanyFactory()
    assert list(Company.objects.filter(OneOf("id", [kept.pk]))) == [kept]
    assert list(Company.objects.filter(OneOf("id", []))) == []
    assert set(Company.objects.filter(OneOf("id", (kept.pk, other.pk)))) == {kept, other}
