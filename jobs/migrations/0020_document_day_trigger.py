from django.db import migrations

# Frozen copies (migrations outlive the code): the day lexeme (jobs.models.Mark.DAY, DAY_FORMAT)
# of a row's published_at, and the trigger that writes it.
DAY = "'day=' || to_char({row}published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

CREATE = f"""
CREATE FUNCTION jobs_listing_document_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.document IS NOT NULL THEN
        NEW.document := NEW.document || array_to_tsvector(ARRAY[{DAY.format(row="NEW.")}]);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER jobs_listing_document_day BEFORE INSERT OR UPDATE ON jobs_listing
    FOR EACH ROW EXECUTE FUNCTION jobs_listing_document_day();
"""

DROP = """
DROP TRIGGER jobs_listing_document_day ON jobs_listing;
DROP FUNCTION jobs_listing_document_day();
"""

# Listings written without their day while the code before this migration still served (it
# wrote documents without the lexeme after 0019's UPDATE had passed them): given it now.
REPAIR = f"""
UPDATE jobs_listing SET document = document
WHERE document IS NOT NULL
    AND NOT tsvector_to_array(document) @> ARRAY[{DAY.format(row="")}]
"""


def add_trigger(apps, schema_editor):
    """Every listing's document holds its day, whichever code writes it: the database adds the
    lexeme to each row written (tsvector's || keeps one copy of a lexeme it already has). A
    search filters by the days (a "posted within" window beside words, jobs.filters), so a
    document without its day would leave its job out of a search that should find it."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(REPAIR)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0019_document_day")]

    operations = [migrations.RunPython(add_trigger, remove_trigger)]
