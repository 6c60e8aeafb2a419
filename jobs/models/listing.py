"""Listing: the search's narrow copy of a published job (written by jobs/listings.py)."""

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import BooleanField, Case, F, Q, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Least
from django.utils import timezone
from django_countries.fields import CountryField
from taggit.models import Tag

from jobs.models.company import Company
from jobs.models.job import Job, RemotePolicy, on_board_q
from salaries.choices import EmploymentType, ExperienceLevel
from salaries.models import Role
from web.functions import EpochSeconds

# PostgreSQL full-text search: the text search configuration of the listings' documents
# (jobs/listings.py).
SEARCH_CONFIG = "english"


class Mark(StrEnum):
    """What a listing's document holds beside its words, each behind a mark of its own, which no
    parsed word has (the parser splits at "#" and "="; typing "role=12" searches for the words
    "role" and "12" side by side): each tag's slug, the job's company and role by id, its
    location as written, the day it was published. With words, or a tag beside a role or a
    company, a filter on one of them is one more condition of the text search's GIN index
    (jobs.filters.JobFilter.in_document); so is a span of the newest days (published_since)."""

    TAG = "#"
    COMPANY = "company="
    ROLE = "role="
    PLACE = "place="
    DAY = "day="  # the UTC date of published_at, as YYYY-MM-DD (DAY_FORMAT)


# The day lexeme's date; the database writes it (migration 0020's trigger, to_char's YYYY-MM-DD).
DAY_FORMAT = "%Y-%m-%d"


def lexemes(mark: Mark, values) -> str:
    """A tsquery's text matching a document that holds any of these values behind `mark`: each
    lexeme quoted as tsquery's syntax asks."""
    quoted = (
        "'" + f"{mark}{value}".replace("\\", "\\\\").replace("'", "''") + "'" for value in values
    )
    return " | ".join(quoted)


def utc_midnight(moment: datetime) -> datetime:
    """The start of the UTC day of `moment`: the days of the day lexemes (Mark.DAY) are UTC's."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def days_since(moment: datetime) -> str:
    """A tsquery's text matching the listings published on the UTC day of `moment` or after: a
    span of the board's newest days, as their day lexemes. Beside words, the GIN index reads
    only those days' part of the words' posting lists (it intersects them with the days' own,
    shorter ones), where a common word's whole list was read into a bitmap; and the span keeps
    every listing from that day's start on, so the first of the board's order are in it."""
    first, today = utc_midnight(moment).date(), utc_midnight(timezone.now()).date()
    days = (first + timedelta(days=n) for n in range((today - first).days + 1))
    return lexemes(Mark.DAY, (day.strftime(DAY_FORMAT) for day in days))


class ListingQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(on_board_q())

    def holding(self, mark: Mark, values):
        """Listings whose document holds one of these values behind `mark` (PostgreSQL): a
        condition of the text search's GIN index."""
        return self.matching_document(lexemes(mark, values))

    def published_since(self, moment: datetime):
        """Listings published on the UTC day of `moment` or after (PostgreSQL): a condition of
        the text search's GIN index (days_since)."""
        return self.matching_document(days_since(moment))

    def from_day_of(self, moment: datetime):
        """Listings published on the UTC day of `moment` or after, on any database: the span of
        published_since as a range of the board's order (its index) rather than lexemes, which
        a page walking that order reads to its 20 rows and no further."""
        return self.filter(published_at__gte=utc_midnight(moment))

    def matching_document(self, tsquery: str):
        """Listings whose document matches this tsquery text."""
        # Unqualified: inside the API's subquery the table has an alias of its own.
        return self.filter(
            RawSQL("document @@ %s::tsquery", [tsquery], output_field=BooleanField())
        )

    def featured(self):
        return self.filter(featured_until__gt=timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-job_id")

    def with_next_change(self, *, window: timedelta | None = None):
        """Each listing's `next_change`: the next moment it changes by the clock alone, in
        seconds since 1970. It ends, stops being featured, or, for a search of the jobs posted
        within `window`, grows too old for it. For listings on the board (`visible()`), whose
        end is still ahead; a cached page or count that read them is good until the first."""
        now = timezone.now()
        featured = Case(When(featured_until__gt=now, then="featured_until"), default="expires_at")
        moments = [F("expires_at"), featured]
        if window:
            moments.append(F("published_at") + window)
        # The earliest as a timestamp, then one conversion per row.
        return self.annotate(next_change=EpochSeconds(Least(*moments)))


# The columns filters and facet counts read, carried by the search's indexes (Listing.Meta).
COVERED = [
    "expires_at",
    "featured_until",
    "employment_type",
    "experience_level",
    "remote_policy",
    "country",
    "role",
    "company",
    "salary_min_usd",
    "salary_max_usd",
    # Read by the location filter (its places, or "contains" past MAX_PLACES): carried, a page
    # or the pinned jobs of a search with a location are index-only scans too.
    "location",
]


def covering(*, but: str) -> list[str]:
    """What an index keyed on `but` carries: the job and the other covered columns."""
    return ["job", *(name for name in COVERED if name != but)]


def in_board_order(column: str, *, name: str) -> models.Index:
    """The listings of each value of `column` in the board's order, carrying the other covered
    columns: a search on that column walks its value's own listings and stops."""
    return models.Index(fields=[column, "-published_at"], include=covering(but=column), name=name)


class ListedJob(models.Model):
    """What the search reads of a published job, in a row a fraction of the job's width: only
    what filters, counts, facets and orderings need. Written by jobs/listings.py whenever a job,
    its company or its tags change; whether it is on the board now is still judged at query time
    (`visible()`)."""

    published_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    featured_until = models.DateTimeField(null=True, blank=True)
    # No index of their own: the covering indexes keyed on each (Meta) serve their lookups.
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+", db_index=False)
    role = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    employment_type = models.CharField(max_length=2, choices=EmploymentType.choices)
    experience_level = models.CharField(max_length=2, choices=ExperienceLevel.choices, blank=True)
    remote_policy = models.CharField(max_length=6, choices=RemotePolicy.choices)
    country = CountryField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    # The job's public salary in yearly USD (Job.public_salary): NULL while a moderator holds it.
    salary_min_usd = models.PositiveIntegerField(null=True)
    salary_max_usd = models.PositiveIntegerField(null=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        abstract = True


class Listing(ListedJob):
    """One row per published job: what every search reads (jobs.filters.JobFilter.listings)."""

    job = models.OneToOneField(
        Job, on_delete=models.CASCADE, primary_key=True, related_name="listing"
    )
    # PostgreSQL only: title, company name, tags and description as one tsvector, so a text
    # search is one GIN index condition (its index is in migration 0008), plus the lexemes of
    # Mark (a tag's "#sql", "company=12", "role=3", "place=Berlin"), so that with words those
    # filters are conditions of the same index. NULL on SQLite.
    document = SearchVectorField(null=True)

    class Meta:
        # Every index a filter or an order walks also carries the columns the other filters and
        # the facet counts read (COVERED), so PostgreSQL answers them from the index alone
        # (an index-only scan of about 60 bytes a row) instead of the row, which the search
        # document makes about 1 KB wide. SQLite ignores INCLUDE (models.W040 is silenced).
        indexes = [
            # The board's order (newest or oldest first): a page walks it and stops.
            models.Index(
                fields=["-published_at", "-job"], include=COVERED, name="jobs_listing_board_order"
            ),
            in_board_order("role", name="jobs_listing_role"),
            in_board_order("country", name="jobs_listing_country"),
            in_board_order("company", name="jobs_listing_company"),
            # An employment type's or an experience level's listings in the board's order: a
            # part-time, freelance, contract or internship search (2-9% of the board each), or
            # an entry or executive one (8-12%), walks its own, where the board's order read
            # 25,000 rows to find 1,000 part-time ones with a salary (at 100,000 jobs
            # "employment_type=PT&has_salary=1": 9 ms of SQL, here under 2;
            # "experience_level=EN&has_salary=1&salary_min=123456" 14 -> 8.5 ms).
            in_board_order("employment_type", name="jobs_listing_employment_type"),
            in_board_order("experience_level", name="jobs_listing_experience_level"),
            # A location's listings in the board's order: the location filter names the places
            # it matches (ListedPlace), each an index condition here.
            models.Index(
                fields=["location", "-published_at", "-job"],
                include=covering(but="location"),
                name="jobs_listing_place",
            ),
            # Migrations 0008 and 0013 add, on PostgreSQL, the text search's GIN index and the
            # two salary orderings' (NULLS LAST, which SQLite's indexes cannot say; covering too).
            models.Index(
                fields=["featured_until"],
                condition=Q(featured_until__isnull=False),
                name="jobs_listing_featured",
            ),
            # The board's order over the jobs ever featured (a few percent): the pinned jobs of
            # a search walk it and stop at the third, where a text search's pinned jobs scanned
            # the GIN index again (32 ms of a request at 1,000,000 jobs).
            models.Index(
                fields=["-published_at", "-job"],
                include=COVERED,
                condition=Q(featured_until__isnull=False),
                name="jobs_listing_featured_board",
            ),
        ]

    def __str__(self):
        return f"Listing of job {self.job_id}"


class ListingTag(ListedJob):
    """One row per tag of a published job: its listing again, keyed by the tag, so a search of
    one tag (and no words) walks that tag's own jobs in the board's order from one covering
    index, an index-only scan like a role's or a country's. Through the document instead, every
    match was a row read from the table: at 100,000 jobs "tag=looker&salary_min=123456" 98 ms,
    here 1.4 (bench/HISTORY.md, eighth round)."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+", db_index=False)
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+", db_index=False)
    # A row's company is its job's, and a company deleted takes its jobs and so their rows: no
    # constraint of its own, which would scan this table (no index on it) for each company
    # deleted. A role deleted empties it here as in the listing (a scan: roles are few and
    # deleted only by staff).
    company = models.ForeignKey(
        Company,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        db_index=False,
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["tag", "-published_at", "-job"],
                include=COVERED,
                name="jobs_listingtag_board_order",
            ),
        ]
        constraints = [
            # Whether a job has a tag, from the index alone: a company's or a role's listings
            # are checked for a tag here (jobs.filters.JobFilter.tagged). Also finds a job's
            # rows, deleted and written again on each of its writes; and a job is under a tag
            # once, however two writes of its rows interleave.
            models.UniqueConstraint(fields=["job", "tag"], name="jobs_listingtag_job_tag"),
        ]

    def __str__(self):
        return f"Listing of job {self.job_id} under tag {self.tag_id}"


class ListedPlaceQuerySet(models.QuerySet):
    def containing(self, text: str, *, limit: int) -> list[str] | None:
        """The places whose name contains `text` (as Django's `icontains` has it on this
        database), or None when more than `limit` do."""
        # In one order, so a search's statement is written the same way each time.
        found = (
            self.filter(location__icontains=text)
            .order_by("location")
            .values_list("location", flat=True)
        )
        places = list(found[: limit + 1])
        return places if len(places) <= limit else None


class ListedPlace(models.Model):
    """Each location a listing has held, once: what the location filter's "contains" is matched
    against, a few hundred names where the listings are a million rows, so that the filter is
    "location IN (the places found)", an index condition (jobs_listing_place), instead of a test
    of every listing's location: at 1,000,000 jobs "location=london&salary_min=123456" walked
    175,000 entries of another index for its count (39 ms); its own place's are 8,000 (1 ms).

    Added by the writes of jobs/listings.py. A write never removes one: a place no listing holds
    any more finds nothing, and a second write could be listing it again at that moment.
    `rebuild_all_listings` starts the table over."""

    location = models.CharField(max_length=200, unique=True)

    objects = ListedPlaceQuerySet.as_manager()

    def __str__(self):
        return self.location
