from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

# The search expression of the time, frozen here (0004 replaces this index with a stored column).
SEARCH_INDEX = GinIndex(
    SearchVector("title", "description", config="english"), name="jobs_job_search"
)


def add_search_index(apps, schema_editor):
    # SQLite has no GIN index nor full-text search of this kind: its search is a plain scan.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("jobs", "Job"), SEARCH_INDEX)


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("jobs", "Job"), SEARCH_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_job_review_bookkeeping"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="job",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="jobs_job_board_order",
            ),
        ),
        migrations.RunPython(add_search_index, remove_search_index),
    ]
