"""How many jobs the search finds, and how many each facet choice would give (the other filters
kept), with a bound on the work: at most settings.JOBS_SEARCH_LIMIT listings are read per query.

Up to the bound every count is exact, so a count beside a choice is what a click on it gives.
Beyond it the page says "1,000+ jobs" and shows the choices without counts: counting them would
read every matching row, which at a million jobs no request can afford (README, Performance).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections

from jobs.filters import CHECKBOX_FACETS, FACETS, JobFilter, Match
from jobs.models import RemotePolicy
from salaries.models import Role
from web.countries import country_names
from web.functions import EpochSeconds

# The columns a facet reads, by facet; role carries its slug and name for the form.
COLUMNS = {
    "employment_type": "employment_type",
    "experience_level": "experience_level",
    "remote": "remote_policy",
    "country": "country",
    "role": "role__slug",
}
# With the moment a row changes by the clock (ListingQuerySet.with_next_change): when the counts
# made of it go stale.
READ = [*COLUMNS.values(), "role__name", "next_change"]
AT = {column: place for place, column in enumerate(READ)}  # a column's place in a row
# For the search itself (not a facet's count), each row also carries what a page of it needs
# (jobs.filters.Match): a search within the bound is paged from the rows it counted.
MATCH = ["job_id", "published", "salary_min_usd", "salary_max_usd", "featured"]


@dataclass
class Facets:
    """What the search found. Counts are None where the bound cut them short."""

    total: int  # exact when not `bounded`, else the bound
    bounded: bool
    limit: int
    counts: dict[str, dict[str, int | None]] = field(default_factory=dict)
    roles: list[tuple[str, str, int | None]] = field(default_factory=list)  # slug, name, count
    countries: list[tuple[str, str, int | None]] = field(default_factory=list)  # code, name, count
    # Within the bound, every match of the search (jobs.filters.Match), in no order; None past it.
    matches: list[Match] | None = None
    # The first moment a row read for these counts ends, stops being featured or leaves a
    # "posted within" window: until then, only a write can change them (None: no such moment).
    changes_at: datetime | None = None

    @property
    def total_text(self) -> str:
        """ "12" or "1,000+": how many jobs the page says it found."""
        return f"{self.total:,}{'+' if self.bounded else ''}"


def _rows(
    filterset: JobFilter, without: tuple, limit: int, moments: list, columns: list = READ
) -> list[tuple] | None:
    """The matching listings' `columns` (READ, or READ and MATCH), then two of the statement's
    own, as tuples; None when more than `limit` match. Reads at most `limit` + 1 of them, once,
    and puts the first moment one of those changes by the clock into `moments`.

    One statement: the rows come back only when they are within the bound, and one more row says
    how many there were and their first moment. Past the bound (most searches of a large board)
    the rows are never sent: a thousand rows of seven columns cost 2-3 ms to read into Python,
    the summary nothing, and the search itself runs once."""
    matching = (
        filterset.listings(without=without)
        .with_next_change(window=window(filterset))
        .annotate(published=EpochSeconds("published_at"), featured=EpochSeconds("featured_until"))
        .order_by()
        .values_list(*columns)[: limit + 1]
    )
    try:
        inner, params = matching.query.get_compiler(using=matching.db).as_sql()
    except EmptyResultSet:
        return []  # a filter that can match nothing (a tag no job has): nothing to ask
    aliases = [name.replace("__", "_") for name in columns]
    names = ", ".join(aliases)
    totals = ", ".join("MIN(next_change)" if name == "next_change" else "NULL" for name in aliases)
    sql = (
        f"WITH found ({names}) AS ({inner}) "
        f"SELECT {names}, 1, NULL FROM found WHERE (SELECT COUNT(*) FROM found) <= %s "
        f"UNION ALL SELECT {totals}, 0, COUNT(*) FROM found"
    )
    with connections[matching.db].cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        rows = cursor.fetchall()
    kind = len(columns)  # where a row says whether it is a match (1) or the summary (0)
    [summary] = [row for row in rows if row[kind] == 0]
    moments.append(summary[AT["next_change"]])
    if summary[kind + 1] > limit:
        return None
    return [row for row in rows if row[kind] == 1]


# A moment read back as a float may round a microsecond late: a page is dropped this much early.
MARGIN_SECONDS = 0.001


def first_change(moments) -> datetime | None:
    """The first of these listings' `next_change` moments (seconds since 1970, None for none),
    as a datetime: until then, only a write can change what was read of them."""
    first = min((moment for moment in moments if moment is not None), default=None)
    return None if first is None else datetime.fromtimestamp(first - MARGIN_SECONDS, tz=UTC)


def window(filterset: JobFilter) -> timedelta | None:
    """The search's "posted within" filter, if it has one, as the length of its window."""
    days = filterset.used().get("posted_within")
    return timedelta(days=int(days)) if days else None


def facets(filterset: JobFilter, *, limit: int | None = None) -> Facets:
    """One bounded statement for the search, and one per facet in use (its own choice left
    out) unless the search is past the bound already."""
    limit = limit or settings.JOBS_SEARCH_LIMIT
    moments = []
    found = _rows(filterset, (), limit, moments, columns=[*READ, *MATCH])
    used = filterset.used()
    if found is None:
        # Past the bound with every filter, so past it with any one left out (those match more):
        # no facet shows counts, and none is asked for.
        rows_for = dict.fromkeys(FACETS)
    else:
        rows_for = {
            name: (_rows(filterset, (name,), limit, moments) if name in used else found)
            for name in FACETS
        }
    result = Facets(
        total=len(found) if found is not None else limit,
        bounded=found is None,
        limit=limit,
        changes_at=first_change(moments),
        matches=[Match(*row[len(READ) : len(READ) + len(MATCH)]) for row in found]
        if found is not None
        else None,
    )
    for name in CHECKBOX_FACETS:
        rows = rows_for[name]
        at = AT[COLUMNS[name]]
        tally = Counter(row[at] for row in rows) if rows is not None else None
        result.counts[name] = {
            value: (tally[value] if tally is not None else None)
            for value, _label in filterset.filters[name].extra["choices"]
        }
    result.roles = _roles(rows_for["role"])
    result.countries = _countries(rows_for["country"])
    return result


def _roles(rows) -> list:
    if rows is None:
        return [(slug, name, None) for slug, name in Role.objects.values_list("slug", "name")]
    at_slug, at_name = AT["role__slug"], AT["role__name"]
    tally = Counter((row[at_slug], row[at_name]) for row in rows if row[at_slug])
    return sorted(((slug, name, n) for (slug, name), n in tally.items()), key=_by_count)


def _countries(rows) -> list:
    if rows is None:
        return [(code, name, None) for code, name in country_names().items()]
    # A remote job open anywhere counts for every country (jobs.filters.open_to_country).
    at_country, at_remote = AT["country"], AT["remote_policy"]
    anywhere = sum(
        1 for row in rows if not row[at_country] and row[at_remote] == RemotePolicy.REMOTE
    )
    tally = Counter(row[at_country] for row in rows if row[at_country])
    names = country_names()
    return sorted(
        ((code, names.get(code, code), n + anywhere) for code, n in tally.items()), key=_by_count
    )


def _by_count(item):
    return (-item[2], item[1])
