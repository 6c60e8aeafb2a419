"""Data migrations: stored HTML (the `*_no_control_characters` migrations of jobs and articles),
and the location filter's places (jobs 0017)."""

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

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


def test_the_places_are_filled_from_the_listings_already_written():
    for location in ("Berlin", "Berlin", "Paris", ""):
        PublishedJobFactory(location=location)
    JobFactory(location="Draftville")
    ListedPlace.objects.all().delete()
    places = importlib.import_module("jobs.migrations.0017_listed_places")
    # The statements as a schema editor runs them (SQLite's cannot be opened inside a test's
    # transaction).
    editor = SimpleNamespace(connection=connection, execute=connection.cursor().execute)
    places.fill(apps, editor)
    places.fill(apps, editor)  # again: nothing twice
    assert sorted(ListedPlace.objects.values_list("location", flat=True)) == ["Berlin", "Paris"]
