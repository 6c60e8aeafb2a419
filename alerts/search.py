"""An alert's search is a /jobs/ search: JobFilter validates it, describes it and runs it.

The query string is kept in one canonical spelling (JobFilter's parameters only, sorted, no page
and no sort order, which the email does not use: it always lists the newest jobs first), so one
search is one alert however its parameters were ordered.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import QueryDict

from alerts.models import QUERY_LENGTH
from jobs.filters import JobFilter
from jobs.models import Job

# Parameters of /jobs/ that choose how the list is shown, not which jobs are in it.
NOT_THE_SEARCH = ("page", "ordering")


def job_search(query: str, queryset=None) -> JobFilter:
    return JobFilter(
        QueryDict(query),
        queryset=queryset if queryset is not None else Job.objects.visible().for_cards(),
    )


def canonical_query(raw: str) -> str:
    """The query string of a search /jobs/ accepts, canonically spelled; refused with the
    messages /jobs/ gives when /jobs/ would refuse it."""
    raw = raw.strip().removeprefix("?")
    if len(raw) > QUERY_LENGTH:
        raise ValidationError(
            "This search is too long to keep (%(length)s characters, at most %(max)s).",
            code="query_too_long",
            params={"length": len(raw), "max": QUERY_LENGTH},
        )
    data = QueryDict(raw)
    search = job_search(raw, Job.objects.none())
    if not search.is_valid():
        raise ValidationError(
            [
                ValidationError(
                    "%(label)s: %(message)s",
                    code="invalid_filter",
                    params={"label": search.filters[name].label or name, "message": message},
                )
                for name, messages in search.errors.items()
                for message in messages
            ]
        )
    kept = QueryDict(mutable=True)
    for name in sorted(search.filters):
        values = [value.strip() for value in data.getlist(name) if value.strip()]
        if name not in NOT_THE_SEARCH and values:
            kept.setlist(name, sorted(set(values)))
    return kept.urlencode()


def words(search: JobFilter) -> str:
    """The search in words, as /jobs/ names its filters: "Role: Data Engineer, Workplace: Remote"
    ("All jobs" for none)."""
    labels = [label for _, _, label in search.active_filters()]
    return ", ".join(labels) if labels else "All jobs"


def describe(query: str) -> str:
    return words(job_search(query, Job.objects.none()))


@dataclass(frozen=True)
class NewJobs:
    jobs: list[Job]
    more: bool  # more than `limit` jobs are new
    search: str  # the search in words


def new_jobs(query: str, *, after: datetime, until: datetime, limit: int) -> NewJobs | None:
    """Up to `limit` jobs of the search on the board now that were published in (after, until],
    newest first; None when the search no longer works (its role or company is gone)."""
    published = (
        Job.objects.visible().for_cards().filter(published_at__gt=after, published_at__lte=until)
    )
    search = job_search(query, published)
    if not search.is_valid():
        return None
    jobs = list(search.qs.order_by("-published_at", "-pk")[: limit + 1])
    return NewJobs(jobs[:limit], len(jobs) > limit, words(search))
