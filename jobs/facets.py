"""How many jobs the search finds, and how many each facet choice would give (the other filters
kept), with a bound on the work: at most settings.JOBS_SEARCH_LIMIT listings are read per query.

Up to the bound every count is exact, so a count beside a choice is what a click on it gives.
Beyond it the page says "1,000+ jobs" and shows the choices without counts: counting them would
read every matching row, which at a million jobs no request can afford (README, Performance).
"""

import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.utils import timezone

from jobs.filters import CHECKBOX_FACETS, FACETS, JobFilter, Match
from jobs.models import RemotePolicy
from jobs.models.listing import days_since
from salaries.models import Role
from web.countries import country_names
from web.functions import EpochSeconds
from web.statements import Statement

# What each facet counts its listings by: the columns of a tally's key. A role by its id, named
# from the role list (_roles): joined to the roles in every statement, it cost 0.3-0.5 ms of
# planning and up to 1 ms of execution a statement. Country carries the workplace, since a remote
# job with no country counts for every country (jobs.filters.open_to_country).
TALLIED = {
    "employment_type": ("employment_type",),
    "experience_level": ("experience_level",),
    "remote": ("remote_policy",),
    "role": ("role_id",),
    "country": ("country", "remote_policy"),
}
# The search's own statement reads every facet's columns: the counts of facets not in use are
# made of its rows.
READ = list(dict.fromkeys(column for key in TALLIED.values() for column in key))
AT = {column: place for place, column in enumerate(READ)}  # a column's place in a row
# Each row of the search also carries what a page of it needs (jobs.filters.Match): a search
# within the bound is paged from the rows it counted.
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
    # Past the bound, the start of the span of newest days where more than the bound matched
    # (SPANS), if one did: the first `limit` matches in the board's order are all in it.
    since: datetime | None = None

    @property
    def total_text(self) -> str:
        """ "12" or "1,000+": how many jobs the page says it found."""
        return f"{self.total:,}{'+' if self.bounded else ''}"


# Spans of the board's newest days in which a search with words looks first, in turn, for more
# than the bound's matches (jobs.models.listing.days_since): on a large board a common word finds
# them in the newest day or week, reading those days' part of the text index, where the whole
# board's matches were read into a bitmap first (at 1,000,000 jobs "machine learning" matches
# 82,000). The whole board is read only when no span holds more than the bound.
SPANS = (timedelta(days=1), timedelta(days=7))


def _bounded(matching, columns, limit: int, moments: list, select, group: str = "", spans=()):
    """Runs `matching` (_matching: listings' `columns`, then `next_change`, then with `spans`
    their document) as one statement: the `select` expressions over at most `limit` + 1 of its
    rows (the CTE found_<n>, grouped by `group` if given) only when they are within the bound,
    and for each part asked a summary row: how many it found and their first moment. Returns
    (the selected rows as tuples, or None past the bound; the start of the span that was past
    the bound, or None).

    So rows or counts come back only within the bound: past it (most searches of a large board)
    nothing but the summaries are sent, and the search itself runs once. With `spans` (starts of
    spans of the newest days, datetimes), it runs first within each span in turn, each only if
    the one before was within the bound, and on the whole board only if every span was: a
    subquery whose condition is false is not run."""
    try:
        inner, params = matching.query.get_compiler(using=matching.db).as_sql()
    except EmptyResultSet:
        return [], None
    names = ", ".join(_aliases([*columns, "next_change"]))
    base = f"{names}, document" if spans else names
    parts = [
        *(f"SELECT {names} FROM base WHERE document @@ %s::tsquery" for _ in spans),
        f"SELECT {names} FROM base",
    ]
    read = ", ".join(
        f"found_{n} ({names}) AS MATERIALIZED ({part} LIMIT {limit + 1})"
        for n, part in enumerate(parts)
    )

    def within(n):  # every part before part n was within the bound
        return " AND ".join(
            ["TRUE", *(f"(SELECT COUNT(*) FROM found_{i}) <= {limit}" for i in range(n))]
        )

    last, nulls = len(parts) - 1, ", ".join(["NULL"] * len(select))
    sql = (
        f"WITH base ({base}) AS NOT MATERIALIZED ({inner}), {read} "
        f"SELECT -1, NULL, NULL, {', '.join(select)} FROM found_{last} "
        f"WHERE {within(len(parts))} {group}"
        + "".join(
            f"UNION ALL SELECT {n}, COUNT(*), MIN(next_change), {nulls} FROM found_{n} "
            f"WHERE {within(n)} "
            for n in range(len(parts))
        )
    )
    with connections[matching.db].cursor() as cursor:
        cursor.execute(sql, [*params, *(days_since(start) for start in spans)])
        rows = cursor.fetchall()
    # Told apart by the first column: UNION ALL promises no order. A part not run counts 0.
    summaries = {row[0]: row[1:3] for row in rows if row[0] >= 0}
    for n in range(len(parts)):
        total, first = summaries[n]
        if total > limit:
            moments.append(first)
            return None, (spans[n] if n < len(spans) else None)
    moments.append(summaries[last][1])
    return [row[3:] for row in rows if row[0] == -1], None


def listings_of(filterset: JobFilter, *, without: tuple = ()):
    """The listings every filter in use keeps, bar those in `without`, with their `next_change`:
    what the search's statements read (building it is most of the ORM's work for a search, 0.6-
    1.3 ms: a page past the bound orders the one its facets read, jobs/views.py)."""
    return filterset.listings(without=without).with_next_change(window=window(filterset))


def _aliases(columns) -> list[str]:
    return [column.replace("__", "_") for column in columns]


def _rows(filterset: JobFilter, limit: int, moments: list, listings=None):
    """The search's matches (None when more than `limit` match), each its READ then its MATCH
    columns: a page within the bound is made of them, and so are the counts of the facets not in
    use. A thousand rows cost 2-3 ms to read into Python. Also the start of the span of newest
    days that held more than `limit` matches, if one did (SPANS). `listings`: the search's own
    (listings_of), if the caller has them."""
    columns = [*READ, *MATCH]
    listings = listings_of(filterset) if listings is None else listings
    matching = listings.annotate(
        published=EpochSeconds("published_at"), featured=EpochSeconds("featured_until")
    ).order_by()
    spans = _spans(filterset, matching)
    # The spans' condition is on the document, read beside the columns only when asked.
    matching = matching.values_list(*columns, "next_change", *(["document"] if spans else []))
    return _bounded(matching, columns, limit, moments, _aliases(columns), spans=spans)


def _spans(filterset: JobFilter, matching) -> list[datetime]:
    """The starts of the spans of newest days (SPANS) a statement looks in first: where the text
    index serves it (words, or a tag beside a role or a company), none otherwise."""
    now = timezone.now()
    return [now - span for span in SPANS] if filterset.in_document(matching) else []


def _tally(filterset: JobFilter, name: str, limit: int, moments: list) -> Counter | None:
    """How many listings the search finds with facet `name`'s own filter left out, by the
    facet's key (TALLIED); None past the bound. Counted by the database: only the counts come
    back (a facet in use sent up to a thousand rows, 2-3 ms to read into Python)."""
    columns = list(TALLIED[name])
    key = _aliases(columns)
    matching = listings_of(filterset, without=(name,)).order_by()
    # Like the search's own statement, a facet's looks in the newest days first: with its own
    # choice left out, a search with words often matches more than the bound there, and the
    # facet then shows no counts without the whole board's matches being read (at 100,000 jobs
    # the workplace facet of "country=AU&q=forecasting&remote=hybrid" read 10,532 entries of
    # the text index for that: 6.7 ms).
    spans = _spans(filterset, matching)
    matching = matching.values_list(*columns, "next_change", *(["document"] if spans else []))
    group = f"GROUP BY {', '.join(key)} "
    select = [*key, "COUNT(*)"]
    rows, _ = _bounded(matching, columns, limit, moments, select, group, spans=spans)
    return None if rows is None else Counter({tuple(row[:-1]): row[-1] for row in rows})


def _tally_rows(rows, name: str) -> Counter | None:
    """The same tally from the search's own rows (a facet not in use)."""
    if rows is None:
        return None
    # Each row's key, a tuple of its columns, built in C: a search within the bound counts up
    # to a thousand rows for each facet not in use (a Python loop took 2 ms of a request).
    columns = [map(itemgetter(AT[column]), rows) for column in TALLIED[name]]
    return Counter(zip(*columns, strict=True))


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


def facets(filterset: JobFilter, *, limit: int | None = None, listings=None) -> Facets:
    """One bounded statement for the search, and one per facet in use (its own choice left
    out, counted by the database) unless the search is past the bound already. `listings`: the
    search's own (listings_of), if the caller has them."""
    limit = limit or settings.JOBS_SEARCH_LIMIT
    moments = []
    found, since = _rows(filterset, limit, moments, listings)
    used = filterset.used()
    if found is None:
        # Past the bound with every filter, so past it with any one left out (those match more):
        # no facet shows counts, and none is asked for.
        tallies = dict.fromkeys(FACETS)
    else:
        tallies = {
            name: (
                _tally(filterset, name, limit, moments)
                if name in used
                else _tally_rows(found, name)
            )
            for name in FACETS
        }
    result = Facets(
        total=len(found) if found is not None else limit,
        bounded=found is None,
        limit=limit,
        changes_at=first_change(moments),
        since=since,
        matches=(
            list(map(Match._make, map(itemgetter(slice(len(READ), None)), found)))
            if found is not None
            else None
        ),
    )
    for name in CHECKBOX_FACETS:
        tally = tallies[name]
        result.counts[name] = {
            value: (tally[(value,)] if tally is not None else None)
            for value, _label in filterset.filters[name].extra["choices"]
        }
    result.roles = _roles(tallies["role"])
    result.countries = _countries(tallies["country"])
    return result


def _roles(tally: Counter | None) -> list:
    """(slug, name, count) for the role select: every role by name without counts past the
    bound, else the roles counted (a listing without a role has none to show), most first."""
    every = _every_role(router.db_for_read(Role)).tuples()
    if tally is None:
        return [(slug, name, None) for _pk, slug, name in every]
    named = {pk: (slug, name) for pk, slug, name in every}
    return sorted(
        ((*named[pk], n) for (pk,), n in tally.items() if pk in named),
        key=_by_count,
    )


@functools.cache
def _every_role(alias: str) -> Statement:
    """Every role's id, slug and name, by name: the role filter's choices, and the names of the
    roles a search counted (compiled once and prepared: web/statements.py)."""
    return Statement.compile(
        Role.objects.values_list("pk", "slug", "name"), alias=alias, stand_ins={}
    )


def _countries(tally: Counter | None) -> list:
    if tally is None:
        return [(code, name, None) for code, name in country_names().items()]
    # A remote job open anywhere counts for every country (jobs.filters.open_to_country).
    anywhere = sum(
        n for (code, remote), n in tally.items() if not code and remote == RemotePolicy.REMOTE
    )
    by_country = Counter()
    for (code, _remote), n in tally.items():
        if code:
            by_country[code] += n
    names = country_names()
    return sorted(
        ((code, names.get(code, code), n + anywhere) for code, n in by_country.items()),
        key=_by_count,
    )


def _by_count(item):
    return (-item[2], item[1])
