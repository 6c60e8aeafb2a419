"""Data migrations: stored HTML (the `*_no_control_characters` migrations of jobs and articles),
the location filter's places (jobs 0017) and the document's lexemes (jobs 0018, 0019, 0020)."""

import importlib
from datetime import UTC, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from articles.models import Article
from jobs.models import Job, ListedPlace
from tests.factories import JobFactory, PublishedArticleFactory, PublishedJobFactory

pytestmark = pytest.mark.django_db

STYLED = '<table><tr><th style="text-align:left">a</th><td style="text-align:right">1</td></tr>'
CLASSED = '<table><tr><th class="align-left">a</th><td class="align-right">1</td></tr>'


def migration(app: str):
    folder = Path(apps.get_app_config(app).path) / "migrations"
    [path] = folder.glob("*_no_control_characters.py")
    return importlib.import_module(f"{app}.migrations.{path.stem}")


@pytest.mark.parametrize(
    ("app", "model", "factory", "field"),
    [
        ("jobs", Job, JobFactory, "description_html"),
        ("articles", Article, PublishedArticleFactory, "body_html"),
    ],
)
def test_stored_tables_get_their_alignment_as_classes_and_back(app, model, factory, field):
    row, untouched = factory(), factory()
    model.objects.filter(pk=row.pk).update(**{field: STYLED})
    before = model.objects.values_list(field, flat=True).get(pk=untouched.pk)
    migration(app).alignment_as_classes(apps, None)
    assert model.objects.values_list(field, flat=True).get(pk=row.pk) == CLASSED
    assert model.objects.values_list(field, flat=True).get(pk=untouched.pk) == before
    migration(app).alignment_as_styles(apps, None)
    assert model.objects.values_list(field, flat=True).get(pk=row.pk) == STYLED


def editor() -> SimpleNamespace:
    """What a migration's function asks of its schema editor, running the statements at once
    (SQLite's own editor cannot be opened inside a test's transaction)."""
    return SimpleNamespace(connection=connection, execute=connection.cursor().execute)


def test_the_places_are_filled_from_the_listings_already_written():
    for location in ("Berlin", "Berlin", "Paris", ""):
        PublishedJobFactory(location=location)
    JobFactory(location="Draftville")
    ListedPlace.objects.all().delete()
    places = importlib.import_module("jobs.migrations.0017_listed_places")
    places.fill(apps, editor())
    places.fill(apps, editor())  # again: nothing twice
    assert sorted(ListedPlace.objects.values_list("location", flat=True)) == ["Berlin", "Paris"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the document is PostgreSQL's")
def test_the_document_lexemes_are_added_as_the_writes_add_them_and_taken_back():
    jobs = [PublishedJobFactory(location="Val d'Or"), PublishedJobFactory(role=None, location="")]
    lexemes = importlib.import_module("jobs.migrations.0018_document_company_role_place")
    written = documents(jobs)
    assert "'role=" in written[jobs[0].pk] and "'place=Val d''Or'" in written[jobs[0].pk]
    lexemes.remove_lexemes(apps, editor())
    for text in documents(jobs).values():
        assert "'company=" not in text and "'role=" not in text and "'place=" not in text
    lexemes.add_lexemes(apps, editor())
    assert documents(jobs) == written


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the document is PostgreSQL's")
def test_the_day_lexeme_is_added_as_the_writes_add_it_and_taken_back():
    jobs = [
        PublishedJobFactory(published_at=timezone.now() - timedelta(days=3)),
        PublishedJobFactory(),
    ]
    days = importlib.import_module("jobs.migrations.0019_document_day")
    trigger = importlib.import_module("jobs.migrations.0020_document_day_trigger")
    written = documents(jobs)
    for job in jobs:
        assert f"'day={job.published_at.astimezone(UTC):%Y-%m-%d}'" in written[job.pk]
    trigger.remove_trigger(apps, editor())  # backwards, 0020 is undone first
    days.remove_day(apps, editor())
    assert all("'day=" not in text for text in documents(jobs).values())
    days.add_day(apps, editor())
    assert documents(jobs) == written
    trigger.add_trigger(apps, editor())
    assert documents(jobs) == written


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the document is PostgreSQL's")
def test_the_database_gives_every_document_written_its_day_whichever_code_writes_it():
    """Code from before the day lexeme (or any write) leaves a document without its day: with
    migration 0020 the database adds it to each row written, and the migration gives it to the
    rows written without it before the trigger existed; undone, the trigger is gone."""
    old, new = PublishedJobFactory(), PublishedJobFactory()
    trigger = importlib.import_module("jobs.migrations.0020_document_day_trigger")
    written = documents([old, new])
    without_day = (
        "UPDATE jobs_listing SET document = ts_delete(document, ARRAY["
        "'day=' || to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')]) WHERE job_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(without_day, [new.pk])
        assert documents([new]) == {new.pk: written[new.pk]}  # the trigger put it back
        trigger.remove_trigger(apps, editor())
        cursor.execute(without_day, [old.pk])
        assert "'day=" not in documents([old])[old.pk]
        trigger.add_trigger(apps, editor())
        assert documents([old, new]) == written  # repaired
        cursor.execute(without_day, [old.pk])
    assert documents([old]) == {old.pk: written[old.pk]}


def documents(jobs) -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT job_id, document::text FROM jobs_listing WHERE job_id = ANY(%s)",
            [[job.pk for job in jobs]],
        )
        return dict(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_the_places_migration_takes_the_trigram_index_away_and_back():
    places = importlib.import_module("jobs.migrations.0017_listed_places")

    def trigram_index() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'jobs_listing_location'")
            return cursor.fetchone() is not None

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        # Without pg_trgm (not every server may add it) the way back makes no index, as
        # migration 0009 made none, and the location filter works without one.
        with_trigrams = cursor.fetchone() is not None
    assert not trigram_index()
    places.unfill(apps, editor())
    assert trigram_index() is with_trigrams
    places.fill(apps, editor())
    assert not trigram_index()
