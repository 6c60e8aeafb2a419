"""Data migrations of stored HTML: the `*_no_control_characters` migrations of jobs and articles."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps

from articles.models import Article
from jobs.models import Job
from tests.factories import JobFactory, PublishedArticleFactory

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
