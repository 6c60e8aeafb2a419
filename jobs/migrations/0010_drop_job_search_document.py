from django.db import migrations

# The search reads the listing's own document now (0008): the job's generated tsvector and its GIN
# index only cost every job write and 1-2 kB of TOAST per job.
FORWARD = [
    "DROP INDEX IF EXISTS jobs_job_search_document",
    "ALTER TABLE jobs_job DROP COLUMN IF EXISTS search_document",
]
BACKWARD = [
    "ALTER TABLE jobs_job ADD COLUMN search_document tsvector GENERATED ALWAYS AS ("
    "to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(description, ''))"
    ") STORED",
    "CREATE INDEX jobs_job_search_document ON jobs_job USING gin (search_document)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("jobs", "0009_listing_location")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
