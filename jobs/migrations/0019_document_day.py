from django.db import migrations

# A frozen copy of the day lexeme (jobs.models.Mark.DAY, DAY_FORMAT): migrations outlive the
# code.
DAY = "'day=' || to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


def add_day(apps, schema_editor):
    """Each listing's day of publication as a lexeme of its document, as jobs/listings.py now
    writes it: beside words, the newest days are a condition of the text search's GIN index."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"UPDATE jobs_listing SET document = document || array_to_tsvector(ARRAY[{DAY}]) "
            "WHERE document IS NOT NULL"
        )


def remove_day(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"UPDATE jobs_listing SET document = ts_delete(document, ARRAY[{DAY}]) "
            "WHERE document IS NOT NULL"
        )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0018_document_company_role_place")]

    operations = [migrations.RunPython(add_day, remove_day)]
