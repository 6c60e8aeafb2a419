"""How many jobs the search finds, and how many each facet choice would give (the other filters
kept), with a bound on the work: at most settings.JOBS_SEARCH_LIMIT listings are read per query.

Up to the bound every count is exact, so a count beside a choice is what a click on it gives.
Beyond it the page says "1,000+ jobs" and shows the choices without counts: counting them would
read every matching row, which at a million jobs no request can afford (README, Performance).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from django.conf import settings
from django_countries import countries

from jobs.filters import CHECKBOX_FACETS, FACETS, JobFilter
from jobs.models import RemotePolicy
from salaries.models import Role

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


@dataclass
class Facets:
    """What the search found. Counts are None where the bound cut them short."""

    total: int  # exact when not `bounded`, else the bound
    bounded: bool
    limit: int
    counts: dict[str, dict[str, int | None]] = field(default_factory=dict)
    roles: list[tuple[str, str, int | None]] = field(default_factory=list)  # slug, name, count
    countries: list[tuple[str, str, int | None]] = field(default_factory=list)  # code, name, count
    # The first moment a row read for these counts ends, stops being featured or leaves a
    # "posted within" window: until then, only a write can change them (None: no such moment).
    changes_at: datetime | None = None

    @property
    def total_text(self) -> str:
        """ "12" or "1,000+": how many jobs the page says it found."""
        return f"{self.total:,}{'+' if self.bounded else ''}"


def _rows(filterset: JobFilter, without: tuple, limit: int, read: list) -> list[tuple] | None:
    """The matching listings' facet columns (READ); None when there are more than `limit`.
    Tuples rather than dicts: up to a thousand rows per query, several queries per search.
    `read` gathers every row read, bound or not (what the clock can change)."""
    rows = list(
        filterset.listings(without=without)
        .with_next_change(window=window(filterset))
        .order_by()
        .values_list(*READ)[: limit + 1]
    )
    read.extend(rows)
    return rows if len(rows) <= limit else None


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
    """One bounded query for the search, and one per facet in use (its own choice left out)."""
    limit = limit or settings.JOBS_SEARCH_LIMIT
    read = []
    found = _rows(filterset, (), limit, read)
    used = filterset.used()
    rows_for = {
        name: (_rows(filterset, (name,), limit, read) if name in used else found) for name in FACETS
    }
    result = Facets(
        total=len(found) if found is not None else limit,
        bounded=found is None,
        limit=limit,
        changes_at=first_change(row[AT["next_change"]] for row in read),
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


@cache
def _country_names() -> dict[str, str]:
    """Every country's name by code, sorted by name: read once per process, where
    countries.name() costs 16 µs a call, a millisecond for a search's list of countries."""
    return dict(countries)


def _countries(rows) -> list:
    if rows is None:
        return [(code, name, None) for code, name in _country_names().items()]
    # A remote job open anywhere counts for every country (jobs.filters.open_to_country).
    at_country, at_remote = AT["country"], AT["remote_policy"]
    anywhere = sum(
        1 for row in rows if not row[at_country] and row[at_remote] == RemotePolicy.REMOTE
    )
    tally = Counter(row[at_country] for row in rows if row[at_country])
    names = _country_names()
    return sorted(
        ((code, names.get(code, code), n + anywhere) for code, n in tally.items()), key=_by_count
    )


def _by_count(item):
    return (-item[2], item[1])
