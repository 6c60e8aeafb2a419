from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from jobs.review import job_publish, job_salary_review
from jobs.services import job_delete, job_expire, jobs_expire_due
from salaries import figures
from salaries.choices import ReviewState
from salaries.importer import import_salary_file
from salaries.models import (
    EVERY,
    EVERY_YEAR,
    Role,
    SalaryFigures,
    SalaryRecord,
    SalarySource,
    sources_with_accepted_records,
)
from salaries.points import percent_steps
from salaries.services import records_review
from salaries.stats import SalaryInsight, Summary
from tests.factories import (
    RoleFactory,
    SalaryRecordFactory,
    SalarySourceFactory,
    SubmittedJobFactory,
)
from web.statements import Statement

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"experience_level": "SE"},
    {"country": "DE"},
    {"year": "2022"},
    {"experience_level": "MI", "country": "DE", "year": "2022"},
    {"experience_level": "EN"},
    {"country": "US", "year": "2023"},
]


@pytest.fixture
def role():
    """Data Engineer with 20 accepted points over two levels, countries and years."""
    role = RoleFactory(name="Data Engineer")
    for index in range(10):
        SalaryRecordFactory(
            role=role, amount_min=150_000 + index * 7_000, experience_level="SE", country="US"
        )
        SalaryRecordFactory(
            role=role,
            amount_min=60_000 + index * 3_000,
            experience_level="MI",
            country="DE",
            year=2022,
        )
    return role


def table() -> set[tuple]:
    fields = ["role_id", *figures.DIMENSIONS, "n", "p10", "p25", "median", "p75", "p90"]
    rows = SalaryFigures.objects.values_list(*fields, "changes_at", "steps", "member_steps")
    return {
        (*row[:-2], *(tuple(steps) if steps is not None else None for steps in row[-2:]))
        for row in rows
    }


def assert_table_is_a_full_recomputation():
    kept = table()
    figures.rebuild()
    assert kept == table()


def from_records(role, query):
    filters = {key: int(value) if key == "year" else value for key, value in query.items()}
    records = SalaryRecord.objects.accepted().for_role(role).filter(**filters)
    return SalaryInsight.of(records).as_dict()


def json_figures(client, role, query=None):
    response = client.get(reverse("salaries:role_json", args=[role.slug]), query or {})
    assert response.status_code == 200
    data = response.json()
    del data["filters"], data["role"], data["slug"], data["currency"], data["period"]
    return data


@pytest.mark.parametrize("query", FILTERS)
def test_figures_equal_the_computation_from_the_records(client, role, query):
    assert figures.role_insight(role, query).as_dict() == from_records(role, query)
    assert json_figures(client, role, query) == from_records(role, query)
    page = client.get(role.get_absolute_url(), query)
    assert page.context["insight"].as_dict() == from_records(role, query)


@pytest.mark.parametrize(
    "chosen",
    [
        tuple(name for bit, name in enumerate(figures.DIMENSIONS) if mask >> bit & 1)
        for mask in range(2 ** len(figures.DIMENSIONS))
    ],
)
def test_each_set_of_chosen_dimensions_reads_its_own_statement(role, chosen, settings, monkeypatch):
    """role_insight reads through one prepared statement per set of chosen dimensions
    (salaries/figures.py _insight_statement), whose stand-ins each call replaces."""
    settings.SALARY_MIN_POINTS = 1
    # Prepared on PostgreSQL, as deployed: connections kept, the setting on.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    settings.DB_PREPARED_STATEMENTS = True
    record = SalaryRecord.objects.for_role(role).filter(country="US").first()
    query = {name: str(getattr(record, name)) for name in chosen}
    assert figures.role_insight(role, query).as_dict() == from_records(role, query)
    assert figures.role_insight(role, query).overall.n >= 10  # the record's own ten at least
    statement = figures._insight_statement("default", chosen)
    # Each stand-in found in one place only: none is taken for a value compiled into the query.
    assert {name: len(slots) for name, slots in statement.slots.items()} == dict.fromkeys(
        ["role", *chosen], 1
    )
    with (
        CaptureQueriesContext(connection) as context,
        mock.patch.object(Statement, "tuples", autospec=True, side_effect=Statement.tuples) as run,
    ):
        figures.role_insight(role, query)
    assert [call.args[0] for call in run.call_args_list] == [statement]
    [read] = [query["sql"] for query in context.captured_queries]
    if connection.vendor == "postgresql":
        assert statement.name in read


@pytest.mark.parametrize("query", FILTERS)
def test_figures_equal_the_records_below_the_minimum_too(role, query, settings):
    settings.SALARY_MIN_POINTS = 1  # read-time rule: the table needs no recomputation
    assert figures.role_insight(role, query).as_dict() == from_records(role, query)


def test_a_role_page_reads_the_table_not_the_records(client, role, django_assert_max_num_queries):
    # 8: the role, its cells, the page's figures, the unfiltered figures that count each filter
    # choice, the articles and roles to compare with, the sources list.
    with django_assert_max_num_queries(8) as context:
        client.get(role.get_absolute_url(), {"country": "US"})
    # Only the sources list asks whether a source has an accepted record; no figure is read.
    read = [query["sql"] for query in context.captured_queries]
    assert not any('"salaries_salaryrecord"."annual_usd"' in sql for sql in read)


def test_role_summaries_and_cells_follow_the_records(role):
    other = RoleFactory(name="Data Analyst")
    for index in range(6):
        SalaryRecordFactory(role=other, amount_min=70_000 + index * 1_000, country="FR")
    summaries = figures.role_summaries()
    assert summaries[role.pk] == Summary.of(
        list(SalaryRecord.objects.for_role(role).values_list("annual_usd", flat=True))
    )
    assert summaries[other.pk].n == 6
    assert figures.role_summaries([other.pk]).keys() == {other.pk}
    assert figures.role_points() == {pk: summary.n for pk, summary in summaries.items()}
    assert figures.role_cells(role) == {("US", 2023), ("DE", 2022)}
    assert figures.role_cells(other) == {("FR", 2023)}


def test_common_roles_rank_by_data_and_leave_out_thin_roles(role):
    small = RoleFactory(name="Small")
    for index in range(5):
        SalaryRecordFactory(role=small, amount_min=50_000 + index)
    SalaryRecordFactory(role=RoleFactory(name="Thin"))
    assert [r.name for r, _ in figures.common_roles(limit=5)] == ["Data Engineer", "Small"]
    assert [r.name for r, _ in figures.common_roles(limit=1)] == ["Data Engineer"]


# Every write path keeps the table equal to a recomputation from scratch.


def test_a_published_job_adds_its_point(role):
    job = SubmittedJobFactory(role=role, salary_min=300_000, country="NL")
    job_publish(job=job)
    assert figures.role_summaries()[role.pk].n == 21
    assert ("NL", timezone.now().year) in figures.role_cells(role)
    assert_table_is_a_full_recomputation()


def test_an_edited_point_moves_between_cells(role):
    job = job_publish(job=SubmittedJobFactory(role=role, salary_min=300_000, country="NL"))
    job.country = "BE"
    job.save()
    job_salary_review(job=job, state=ReviewState.ACCEPTED)  # syncs the point with the job
    cells = figures.role_cells(role)
    assert ("BE", timezone.now().year) in cells
    assert ("NL", timezone.now().year) not in cells
    assert_table_is_a_full_recomputation()


def test_an_ended_job_takes_its_point_away(role):
    job = job_publish(job=SubmittedJobFactory(role=role, salary_min=300_000))
    job_expire(job=job)
    assert figures.role_summaries()[role.pk].n == 20
    assert_table_is_a_full_recomputation()


def test_a_deleted_job_takes_its_point_away(role):
    job = job_publish(job=SubmittedJobFactory(role=role, salary_min=300_000, country="NL"))
    job_delete(job=job)
    assert figures.role_summaries()[role.pk].n == 20
    assert ("NL", timezone.now().year) not in figures.role_cells(role)
    assert_table_is_a_full_recomputation()


def test_the_expiry_run_removes_due_and_orphaned_points(role):
    due = job_publish(job=SubmittedJobFactory(role=role, salary_min=300_000))
    orphan = job_publish(job=SubmittedJobFactory(role=role, salary_min=310_000, country="NL"))
    Job.objects.filter(pk=orphan.pk).delete()  # outside the services: its point stays behind
    later = due.expires_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert jobs_expire_due() == 1
    assert not SalaryRecord.objects.filter(source__from_file=False).exists()
    assert_table_is_a_full_recomputation()
    assert figures.role_summaries()[role.pk].n == 20


def test_a_moderators_verdict_moves_a_record_in_and_out(role):
    flagged = SalaryRecordFactory(
        role=role, amount_min=12_000, country="IN", review_state=ReviewState.NEEDS_REVIEW
    )
    assert ("IN", 2023) not in figures.role_cells(role)
    records = SalaryRecord.objects.filter(pk=flagged.pk)
    records_review(records=records, state=ReviewState.ACCEPTED, by=None)
    assert figures.role_summaries()[role.pk].n == 21
    assert ("IN", 2023) in figures.role_cells(role)
    assert_table_is_a_full_recomputation()
    records_review(records=records, state=ReviewState.REJECTED, by=None)
    assert figures.role_summaries()[role.pk].n == 20
    assert_table_is_a_full_recomputation()


def test_an_import_and_a_reimport_keep_the_table_true(role, snapshot_2023, snapshot_2021):
    import_salary_file(path=snapshot_2023, source_name="aijobs")
    assert figures.role_summaries()[role.pk].n > 1000
    assert_table_is_a_full_recomputation()
    import_salary_file(path=snapshot_2021, source_name="aijobs")  # replaces the source's rows
    assert_table_is_a_full_recomputation()
    data_engineer = figures.role_insight(role, {"country": "US"}).as_dict()
    assert data_engineer == from_records(role, {"country": "US"})


def test_a_write_recomputes_only_its_own_role(role):
    other = RoleFactory(name="Other")
    SalaryRecordFactory(role=other)
    recomputed = []

    def note(sender, role_id, **kwargs):
        recomputed.append(role_id)

    figures.figures_changed.connect(note)
    try:
        job_publish(job=SubmittedJobFactory(role=role, salary_min=300_000))
    finally:
        figures.figures_changed.disconnect(note)
    assert set(recomputed) == {role.pk}


def test_a_point_lapses_at_its_end_without_a_write(role):
    now = timezone.now()
    SalaryRecordFactory(role=role, valid_until=now + timedelta(seconds=30), country="NL")
    assert figures.role_summaries()[role.pk].n == 21
    lapsed = now + timedelta(seconds=31)
    with mock.patch("django.utils.timezone.now", return_value=lapsed):
        assert figures.role_points()[role.pk] == 20
        assert figures.role_summaries()[role.pk].n == 20
        assert ("NL", 2023) not in figures.role_cells(role)
        assert figures.role_insight(role, {}).as_dict() == from_records(role, {})
        assert_table_is_a_full_recomputation()


@pytest.mark.parametrize(
    "read",
    [
        lambda role: figures.role_points()[role.pk] == 20,
        lambda role: ("NL", 2023) not in figures.role_cells(role),
        lambda role: figures.role_insight(role, {}).as_dict() == from_records(role, {}),
        lambda role: figures.role_insight(role, {"country": "NL"}).overall.n == 0,
    ],
    ids=["points", "cells", "insight", "insight in the point's country"],
)
def test_each_reader_recomputes_a_lapsed_point_first_and_asks_the_router_again(role, read):
    """Each reader, called first after a point lapsed, recomputes the due rows and reads them
    again, asking the router anew: a request that wrote reads the primary (jobboard/db_router.py),
    not a replica that may not have the rows yet."""
    now = timezone.now()
    SalaryRecordFactory(role=role, valid_until=now + timedelta(seconds=30), country="NL")
    with (
        mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=31)),
        mock.patch.object(figures, "_reading", wraps=figures._reading) as reading,
    ):
        assert read(role)
        assert reading.call_count == 2  # before the recomputation, and after it
        assert read(role)
        assert reading.call_count == 3  # nothing due any more: one read


def test_the_rebuild_command_repairs_a_write_that_bypassed_the_app(role):
    SalaryRecord.objects.filter(role=role, country="DE").update(review_state=ReviewState.REJECTED)
    assert figures.role_summaries()[role.pk].n == 20  # a raw update tells nobody
    call_command("rebuild_salary_figures", stdout=mock.Mock())
    assert figures.role_summaries()[role.pk].n == 10
    assert figures.role_cells(role) == {("US", 2023)}


def test_a_role_without_records_has_no_rows(role):
    empty = RoleFactory(name="Empty")
    figures.roles_changed([empty.pk])
    assert not SalaryFigures.objects.filter(role=empty).exists()
    assert figures.role_insight(empty, {}).overall == Summary(n=0)
    row = SalaryFigures.objects.get(
        role=role, experience_level=EVERY, country=EVERY, year=EVERY_YEAR, employment_type=EVERY
    )
    assert row.n == 20


def test_sources_with_accepted_records_are_the_file_sources_that_count(role):
    SalarySourceFactory(name="empty survey")
    SalaryRecordFactory(
        role=role,
        source=SalarySourceFactory(name="held survey"),
        review_state=ReviewState.NEEDS_REVIEW,
    )
    SalarySource.objects.create(name="board", from_file=False)
    listed = SalarySource.objects.with_accepted_records()
    assert [source.name for source in listed] == ["test-source"]
    read = sources_with_accepted_records()  # what the salary pages read, prepared
    assert read == list(listed)
    assert [(source.name, source.description) for source in read] == [
        (source.name, source.description) for source in listed
    ]
    assert Role.objects.count() == 1


def test_peer_sets_keep_their_percent_steps_and_the_others_none(role):
    SalaryRecordFactory(role=role, amount_min=90_000, experience_level="SE", country="US")
    rows = SalaryFigures.objects.filter(role=role).values_list(
        *figures.DIMENSIONS, "n", "steps", "member_steps"
    )
    for level, country, year, employment_type, n, steps, member_steps in rows:
        if year != EVERY_YEAR or employment_type != EVERY:
            assert steps is None and member_steps is None
            continue
        records = SalaryRecord.objects.accepted().for_role(role)
        if level != EVERY:
            records = records.filter(experience_level=level)
        if country != EVERY:
            records = records.filter(country=country)
        points = sorted(records.values_list("annual_usd", flat=True))
        assert n == len(points)
        # How many steps lie below an amount is its whole percent of the set.
        for amount in (points[0], points[len(points) // 2], points[-1] + 1, 1):
            below = sum(point < amount for point in points)
            assert sum(step < amount for step in steps) == 100 * below // n
            if amount in points and n > 1:
                assert sum(step < amount for step in member_steps) == 100 * below // (n - 1)
        assert (member_steps is None) == (n == 1)


def migrate(target: list[tuple[str, str]] | None = None):
    """To these migrations, or to the latest of every app (None)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(target or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_steps_as_the_writes_keep_them_and_back(role):
    from django.db import connection

    kept = table()
    # Back: the points come from the records (migration 0009); forth: the steps from them.
    migrate([("salaries", "0011_figures_indexes")])
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM salaries_salaryfigures WHERE points IS NOT NULL")
            assert cursor.fetchone()[0] == len([row for row in kept if row[-2] is not None])
            # A row due for a recompute keeps the n it was computed with, not its points'
            # number: the steps are the points' own.
            cursor.execute(
                "UPDATE salaries_salaryfigures SET n = n + 1 WHERE experience_level = 'SE' "
                "AND country = 'US' AND year = 0 AND employment_type = '*'"
            )
            assert cursor.rowcount == 1
    finally:
        migrate()
    cell = SalaryFigures.objects.filter(
        role=role, experience_level="SE", country="US", year=EVERY_YEAR, employment_type=EVERY
    )
    [(steps, member_steps)] = cell.values_list("steps", "member_steps")
    points = sorted(
        SalaryRecord.objects.accepted()
        .for_role(role)
        .filter(experience_level="SE", country="US")
        .values_list("annual_usd", flat=True)
    )
    assert steps == percent_steps(points, len(points))
    assert member_steps == percent_steps(points, len(points) - 1)
    cell.update(n=F("n") - 1)
    assert table() == kept
