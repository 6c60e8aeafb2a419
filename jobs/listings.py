"""Keeps the search's narrow tables (jobs.models.Listing, ListingTag, ListedPlace) in step with
the jobs they list.

A published job has one Listing row, and one ListingTag row per tag; any other job has none.
`refresh_listings` rewrites the rows of the jobs it is given, and only those: never a scan of the
board. It is called on every write that can change what a listing holds: a job saved or its tags
changed, a company renamed, a tag renamed or deleted (the receivers in jobs/apps.py); it deletes
their rows and writes them again, each listing with its document in one statement, its tags' in
another, and adds the places they name that are new (ListedPlace).
`rebuild_all_listings` writes every row at once, for the benchmark's builder after its COPY.
Deleting a job or a company deletes its rows through the foreign keys; a role deleted empties
the role, and its jobs' rows are written again without it. Whether a listing is on the board now
is judged at query time, so nothing is written when a job's end date passes.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Case, F, When
from django.db.models.expressions import RawSQL

from jobs.models import (
    SEARCH_CONFIG,
    Job,
    JobStatus,
    ListedPlace,
    Listing,
    ListingTag,
    Mark,
    public_salary_q,
)

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
# by the same index condition as a word of the title; behind their marks (jobs.models.Mark), each
# tag's slug, the company, the role and the location are lexemes of their own, for the filters.
# The day it was published (Mark.DAY) is added by the database to every document written
# (migration 0020's trigger), whichever code writes it.
# The document of the job the ORM's query names "jobs_job", from it, its company and its tags:
# one subquery per job, so that it is a column of the ORM's SELECT (below). With no tag, no slug
# is aggregated, and a job with no role or location has no lexeme for it (array_to_tsvector
# refuses a NULL); a job's company always exists.
DOCUMENT_SQL = """(
    SELECT to_tsvector(%s::regconfig, concat_ws(' ',
            "jobs_job"."title", company.name, string_agg(tag.name, ' ' ORDER BY tag.name),
            "jobs_job"."description"))
        || coalesce(array_to_tsvector(
            array_agg(%s || tag.slug) FILTER (WHERE tag.id IS NOT NULL)), ''::tsvector)
        || array_to_tsvector(array_remove(
            ARRAY[%s || "jobs_job"."company_id", %s || "jobs_job"."role_id",
                %s || NULLIF("jobs_job"."location", '')], NULL))
    FROM jobs_company AS company
    LEFT JOIN taggit_taggeditem AS item
        ON item.object_id = "jobs_job"."id" AND item.content_type_id = %s
    LEFT JOIN taggit_tag AS tag ON tag.id = item.tag_id
    WHERE company.id = "jobs_job"."company_id"
    GROUP BY company.name
)"""


def refresh_listings(job_ids: Iterable[int]) -> None:
    """Rewrite the listings of these jobs: one row for each that is published, none otherwise."""
    job_ids = list(job_ids)
    if not job_ids:
        return
    with transaction.atomic():
        # The jobs locked first, in one order: two writes of one job's rows (its tags changed
        # while a moderator publishes it) take turns, each reading the job as the other left it.
        list(Job.objects.select_for_update().filter(pk__in=job_ids).order_by("pk").values("pk"))
        Listing.objects.filter(job_id__in=job_ids).delete()
        ListingTag.objects.filter(job_id__in=job_ids).delete()
        _insert_listings(Job.objects.filter(pk__in=job_ids))
        _insert_listing_tags(job_ids)
        _insert_places(job_ids)


def rebuild_all_listings() -> int:
    """Every published job's listing, from scratch: for the benchmark's builder, which writes
    jobs with COPY. The search's index-only scans check each entry's page in the visibility map,
    and in publishing order (which _insert_listings writes) the entries of one country or role
    follow each other's pages; the builder's jobs, in a random order, made them switch map pages
    at three entries in four (bench/HISTORY.md, seventh round)."""
    with transaction.atomic():
        Listing.objects.all().delete()
        ListingTag.objects.all().delete()
        ListedPlace.objects.all().delete()
        listed = _insert_listings(Job.objects.all())
        _insert_listing_tags(None)
        _insert_places(None)
        return listed


def _insert_listings(jobs) -> int:
    """The listings of the published ones among `jobs`, each row written once with its document
    (one INSERT ... SELECT: no row built in Python, no UPDATE leaving a dead copy behind), in
    publishing order: the order a live board's table comes close to, listings appended as jobs
    go live. The SELECT is the ORM's, so the public-salary rule is public_salary_q() itself."""
    public = public_salary_q()
    computed = {
        "salary_min_usd": Case(When(public, then=F("salary_annual_usd_min"))),
        "salary_max_usd": Case(When(public, then=F("salary_annual_usd_max"))),
    }
    if connection.vendor == "postgresql":  # SQLite searches the job's own columns
        computed["document"] = RawSQL(
            DOCUMENT_SQL,
            (
                SEARCH_CONFIG,
                Mark.TAG,
                Mark.COMPANY,
                Mark.ROLE,
                Mark.PLACE,
                _job_content_type(),
            ),
        )
    rows = (
        jobs.filter(status=JobStatus.PUBLISHED)
        .annotate(**computed)
        .order_by("published_at", "pk")
        .values_list("pk", *computed, *COPIED)
    )
    select, params = rows.query.sql_with_params()
    columns = ", ".join(["job_id", *computed, *COPIED])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO jobs_listing ({columns}) {select}", params)
        return cursor.rowcount


def _insert_listing_tags(job_ids: list[int] | None) -> None:
    """Each listing of these jobs (of all, for None) again under each of its job's tags
    (jobs.models.ListingTag): copied from the listings just written, in their order."""
    columns = ["job_id", "salary_min_usd", "salary_max_usd", *COPIED]
    where, params = "", [_job_content_type()]
    if job_ids is not None:
        where = f"WHERE listing.job_id IN ({', '.join(['%s'] * len(job_ids))})"
        params += job_ids
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO jobs_listingtag (tag_id, {', '.join(columns)}) "
            f"SELECT item.tag_id, {', '.join(f'listing.{column}' for column in columns)} "
            "FROM jobs_listing AS listing JOIN taggit_taggeditem AS item "
            "ON item.object_id = listing.job_id AND item.content_type_id = %s "
            f"{where} ORDER BY listing.published_at, listing.job_id",
            params,
        )


def _insert_places(job_ids: list[int] | None) -> None:
    """The places the listings of these jobs (of all, for None) name that are not known yet."""
    where, params = "", []
    if job_ids is not None:
        where = f"AND job_id IN ({', '.join(['%s'] * len(job_ids))})"
        params = job_ids
    # In one order, so that two writes adding the same new places take their locks in the same
    # order. (SQLite parses an INSERT ... SELECT ... ON CONFLICT only when the SELECT has a WHERE:
    # it has one.)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO jobs_listedplace (location) "
            f"SELECT DISTINCT location FROM jobs_listing WHERE location <> '' {where} "
            "ORDER BY location ON CONFLICT (location) DO NOTHING",
            params,
        )


def _job_content_type() -> int:
    """Jobs' content type in taggit's table, from Django's per-process cache (jobs/views.py reads
    it the same way): not a query on every job saved."""
    return ContentType.objects.get_for_model(Job).pk


def refresh_company_listings(company_id: int) -> None:
    refresh_listings(Listing.objects.filter(company_id=company_id).values_list("job_id", flat=True))


def refresh_tag_listings(tag_id: int) -> None:
    refresh_listings(_jobs_tagged(tag_id))


def _jobs_tagged(tag_id: int) -> list[int]:
    """The published jobs carrying this tag: those whose listings hold it."""
    return list(
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


def role_deleting(sender, instance, **kwargs) -> None:
    # Its jobs' listings, read before the delete empties their role without a save: their
    # documents still hold the role's lexeme, which a role made later with the same id (a
    # restore) would find.
    instance._listed_jobs = list(
        Listing.objects.filter(role_id=instance.pk).values_list("job_id", flat=True)
    )


def tag_deleting(sender, instance, **kwargs) -> None:
    # Its jobs, read before the delete takes the tag from them: their documents still hold it.
    instance._listed_jobs = _jobs_tagged(instance.pk)


def listed_jobs_deleted(sender, instance, **kwargs) -> None:
    """After a role or a tag is deleted: its jobs' rows again, as read by role_deleting or
    tag_deleting."""
    refresh_listings(getattr(instance, "_listed_jobs", []))


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
