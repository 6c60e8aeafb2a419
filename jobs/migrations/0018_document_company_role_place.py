from django.db import migrations

# Frozen copies of the document's marks (jobs.models.Mark): migrations outlive the code.
LEXEMES = (
    "array_remove(ARRAY['company=' || company_id, 'role=' || role_id, "
    "'place=' || NULLIF(location, '')], NULL)"
)


def add_lexemes(apps, schema_editor):
    """Each listing's company, role and location as lexemes of its document, as jobs/listings.py
    now writes them: with words, those filters are conditions of the text search's GIN index."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"UPDATE jobs_listing SET document = document || array_to_tsvector({LEXEMES}) "
            "WHERE document IS NOT NULL"
        )


def remove_lexemes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"UPDATE jobs_listing SET document = ts_delete(document, {LEXEMES}) "
            "WHERE document IS NOT NULL"
        )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0017_listed_places")]

    operations = [migrations.RunPython(add_lexemes, remove_lexemes)]
