"""Keeps the search's narrow table (jobs.models.Listing) in step with the jobs it lists.

A published job has one Listing row; any other job has none. `refresh_listings` rewrites the rows
of the jobs it is given, and only those: never a scan of the board. It is called on every write
that can change what a listing holds: a job saved or its tags changed, a company renamed, a tag
renamed (the receivers in jobs/apps.py); it writes the rows, then their documents.
`rebuild_all_listings` writes every row at once, for the benchmark's builder after its COPY.
Deleting a job or a company deletes its listing through the foreign key; a role deleted empties
the role. Whether a listing is on the board now is judged at query time, so nothing is written
when a job's end date passes.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
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
    "location",
]

# One document per job: what `q` searches. Tag names are folded in as words, so a tag is found
# by the same index condition as a word of the title; each tag's slug is a lexeme of its own
# behind TAG_MARK, which no parsed word has, for the tag filter (jobs/filters.py).
TAG_MARK = "#"
# The document of the job aliased `job`, from it, its company and its tags (DOCUMENT_JOINS_SQL).
DOCUMENT_SQL = """to_tsvector(%(config)s::regconfig, concat_ws(' ',
    job.title, company.name, tags.names, job.description))
    || coalesce(array_to_tsvector(tags.slugs), ''::tsvector)"""
DOCUMENT_JOINS_SQL = """
JOIN jobs_company AS company ON company.id = job.company_id
LEFT JOIN LATERAL (
    SELECT string_agg(tag.name, ' ' ORDER BY tag.name) AS names,
        array_agg(%(mark)s || tag.slug) AS slugs
    FROM taggit_taggeditem AS item JOIN taggit_tag AS tag ON tag.id = item.tag_id
    WHERE item.object_id = job.id AND item.content_type_id = %(content_type)s
) AS tags ON true"""
UPDATE_DOCUMENTS_SQL = f"""
UPDATE jobs_listing AS listing SET document = {DOCUMENT_SQL}
FROM jobs_job AS job {DOCUMENT_JOINS_SQL}
WHERE listing.job_id = job.id AND listing.job_id = ANY(%(ids)s)
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
        _write_documents(job_ids)


def rebuild_all_listings() -> int:
    """Every published job's listing, from scratch: for the benchmark's builder, which writes
    jobs with COPY.

    One INSERT, each row written once with its document, in publishing order: the order a live
    board's table comes close to, its listings appended as jobs go live. The search's index-only
    scans check each entry's page in the visibility map, and in this order the entries of one
    country or role follow each other's pages; the builder's jobs, in a random order, made them
    switch map pages at three entries in four (bench/HISTORY.md, seventh round)."""
    columns = ", ".join(["job_id", "salary_min_usd", "salary_max_usd", *COPIED])
    values = ", ".join(f"job.{column}" for column in COPIED)
    # public_salary_q() in SQL: the ORM cannot say INSERT ... SELECT, and a row built in Python
    # for each of a million jobs is what this avoids. A test (tests/jobs/test_listings.py: the
    # rebuild gives the rows the writes gave) pins it to refresh_listings', which uses the ORM's.
    public = "job.salary_review = %(accepted)s AND job.salary_annual_usd_max IS NOT NULL"
    params = {"accepted": ReviewState.ACCEPTED, "published": JobStatus.PUBLISHED}
    joins = ""
    if connection.vendor == "postgresql":  # SQLite searches the job's own columns
        columns += ", document"
        values += f", {DOCUMENT_SQL}"
        joins = DOCUMENT_JOINS_SQL
        params.update(config=SEARCH_CONFIG, mark=TAG_MARK, content_type=_job_content_type())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM jobs_listing")
        cursor.execute(
            f"INSERT INTO jobs_listing ({columns}) SELECT job.id, "
            f"CASE WHEN {public} THEN job.salary_annual_usd_min END, "
            f"CASE WHEN {public} THEN job.salary_annual_usd_max END, {values} "
            f"FROM jobs_job AS job {joins} WHERE job.status = %(published)s "
            "ORDER BY job.published_at, job.id",
            params,
        )
        return cursor.rowcount


def _job_content_type() -> int:
    """Jobs' content type in taggit's table, from Django's per-process cache (jobs/views.py reads
    it the same way): not a query on every job saved."""
    return ContentType.objects.get_for_model(Job).pk


def _write_documents(job_ids: list[int]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite searches the job's own columns (jobs/filters.py)
    with connection.cursor() as cursor:
        cursor.execute(
            UPDATE_DOCUMENTS_SQL,
            {
                "config": SEARCH_CONFIG,
                "content_type": _job_content_type(),
                "mark": TAG_MARK,
                "ids": job_ids,
            },
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
