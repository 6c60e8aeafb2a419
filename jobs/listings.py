"""Keeps the search's narrow table (jobs.models.Listing) in step with the jobs it lists.

A published job has one Listing row; any other job has none. `refresh_listings` rewrites the rows
of the jobs it is given, and only those: never a scan of the board. It is called on every write
that can change what a listing holds: a job saved or its tags changed, a company renamed, a tag
renamed (the receivers in jobs/apps.py), and by the benchmark's builder after its COPY. Deleting
a job or a company deletes its listing through the foreign key; a role deleted empties the role.
Whether a listing is on the board now is judged at query time, so nothing is written when a
job's end date passes.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, F, When

from jobs.models import SEARCH_CONFIG, Job, JobStatus, Listing, public_salary_q
from salaries.choices import ReviewState

# The columns a listing copies from its job, by name on both.
COPIED = [
    "published_at",
    "expires_at",
    "featured_until",
    "company_id",
    "role_id",
    "employment_type",
    "experience_level",
    "remote_policy",
    "country",
]

# One document per job: what `q` searches. Tag names are folded in as words, so a tag is found
# by the same index condition as a word of the title.
DOCUMENT_SQL = """
UPDATE jobs_listing AS listing
SET document = to_tsvector(%(config)s::regconfig, concat_ws(' ',
    job.title, company.name, tags.names, job.description))
FROM jobs_job AS job
JOIN jobs_company AS company ON company.id = job.company_id
LEFT JOIN LATERAL (
    SELECT string_agg(tag.name, ' ') AS names
    FROM taggit_taggeditem AS item JOIN taggit_tag AS tag ON tag.id = item.tag_id
    WHERE item.object_id = job.id AND item.content_type_id = %(content_type)s
) AS tags ON true
WHERE listing.job_id = job.id {where}
"""


def refresh_listings(job_ids: Iterable[int]) -> None:
    """Rewrite the listings of these jobs: one row for each that is published, none otherwise."""
    job_ids = list(job_ids)
    if not job_ids:
        return
    with transaction.atomic():
        Listing.objects.filter(job_id__in=job_ids).delete()
        rows = (
            Job.objects.filter(pk__in=job_ids, status=JobStatus.PUBLISHED)
            .annotate(
                salary_min_usd=Case(When(public_salary_q(), then=F("salary_annual_usd_min"))),
                salary_max_usd=Case(When(public_salary_q(), then=F("salary_annual_usd_max"))),
            )
            .values("pk", "salary_min_usd", "salary_max_usd", *COPIED)
        )
        Listing.objects.bulk_create(
            [Listing(job_id=row.pop("pk"), **row) for row in rows], batch_size=1000
        )
        _write_documents("AND listing.job_id = ANY(%(ids)s)", {"ids": job_ids})


def rebuild_all_listings() -> int:
    """Every published job's listing, from scratch, in two statements: for the migration that
    adds the table and for the benchmark's builder, which writes jobs with COPY."""
    columns = ", ".join(["job_id", "salary_min_usd", "salary_max_usd", *COPIED])
    # public_salary_q() in SQL: this runs inside a migration too, where the ORM's models are
    # historical ones.
    public = "job.salary_review = %s AND job.salary_annual_usd_max IS NOT NULL"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM jobs_listing")
        cursor.execute(
            f"INSERT INTO jobs_listing ({columns}) SELECT job.id, "
            f"CASE WHEN {public} THEN job.salary_annual_usd_min END, "
            f"CASE WHEN {public} THEN job.salary_annual_usd_max END, "
            + ", ".join(f"job.{column}" for column in COPIED)
            + " FROM jobs_job AS job WHERE job.status = %s",
            [ReviewState.ACCEPTED, ReviewState.ACCEPTED, JobStatus.PUBLISHED],
        )
        count = cursor.rowcount
    _write_documents("", {})
    return count


def _write_documents(where: str, params: dict) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite searches the job's own columns (jobs/filters.py)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM django_content_type WHERE app_label = 'jobs' AND model = 'job'"
        )
        found = cursor.fetchone()
        if found is None:
            return  # a fresh database, mid-migration: no job has tags yet
        content_type = found[0]
        cursor.execute(
            DOCUMENT_SQL.format(where=where),
            {"config": SEARCH_CONFIG, "content_type": content_type, **params},
        )


def refresh_company_listings(company_id: int) -> None:
    refresh_listings(Listing.objects.filter(company_id=company_id).values_list("job_id", flat=True))


def refresh_tag_listings(tag_id: int) -> None:
    refresh_listings(
        Job.objects.filter(tags__id=tag_id, status=JobStatus.PUBLISHED).values_list("pk", flat=True)
    )


# --- the receivers (connected in jobs/apps.py): every write that changes what a listing holds ---


def job_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"salary_record", "end_reminder_for"}:
        return  # bookkeeping the listing does not hold
    refresh_listings([instance.pk])


def company_saved(sender, instance, created=False, **kwargs) -> None:
    if not created:
        refresh_company_listings(instance.pk)


def tag_saved(sender, instance, created=False, **kwargs) -> None:
    if not created:
        refresh_tag_listings(instance.pk)


def job_tags_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    # taggit's one table holds articles' tags too: only a job's tags matter here.
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        if not isinstance(instance, Job):
            return
        refresh_listings([instance.pk])
    elif model is not Job:
        return
    elif pk_set:  # a tag's jobs changed from the tag's side
        refresh_listings(pk_set)
    else:  # a tag cleared of every job: pk_set is not given
        refresh_tag_listings(instance.pk)
