"""How many jobs the search finds, and how many each facet choice would give (the other filters
kept), with a bound on the work: at most settings.JOBS_SEARCH_LIMIT listings are read per query.

Up to the bound every count is exact, so a count beside a choice is what a click on it gives.
Beyond it the page says "1,000+ jobs" and shows the choices without counts: counting them would
read every matching row, which at a million jobs no request can afford (README, Performance).
"""

from collections import Counter
from dataclasses import dataclass, field

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
READ = [*COLUMNS.values(), "role__name"]
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

    @property
    def total_text(self) -> str:
        """ "12" or "1,000+": how many jobs the page says it found."""
        return f"{self.total:,}{'+' if self.bounded else ''}"


def _rows(filterset: JobFilter, without: tuple, limit: int) -> list[tuple] | None:
    """The matching listings' facet columns (READ); None when there are more than `limit`.
    Tuples rather than dicts: up to a thousand rows per query, several queries per search."""
    rows = list(filterset.listings(without=without).order_by().values_list(*READ)[: limit + 1])
    return rows if len(rows) <= limit else None


def facets(filterset: JobFilter, *, limit: int | None = None) -> Facets:
    """One bounded query for the search, and one per facet in use (its own choice left out)."""
    limit = limit or settings.JOBS_SEARCH_LIMIT
    found = _rows(filterset, (), limit)
    used = filterset.used()
    rows_for = {
        name: (_rows(filterset, (name,), limit) if name in used else found) for name in FACETS
    }
    result = Facets(
        total=len(found) if found is not None else limit, bounded=found is None, limit=limit
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
        return [(code, name, None) for code, name in countries]
    # A remote job open anywhere counts for every country (jobs.filters.open_to_country).
    at_country, at_remote = AT["country"], AT["remote_policy"]
    anywhere = sum(
        1 for row in rows if not row[at_country] and row[at_remote] == RemotePolicy.REMOTE
    )
    tally = Counter(row[at_country] for row in rows if row[at_country])
    return sorted(
        ((code, countries.name(code), n + anywhere) for code, n in tally.items()), key=_by_count
    )


def _by_count(item):
    return (-item[2], item[1])
