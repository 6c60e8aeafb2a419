"""Salary statistics from Django's cache: the figures of salaries.stats, kept until they change.

Every cached figure is filed under a version token. Any write to salary records replaces the token
(a saved or deleted record, an import, a moderator's verdict), so the next request computes afresh:
a new accepted record or a newly published job's point shows at once. A TTL of STATS_TTL seconds
backs the token up for changes no write announces: a job's point lapsing at its end date
(valid_until), and a cache local to each process (LocMemCache without REDIS_URL), where one
process's new token is not seen by the others.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from salaries.choices import ReviewState
from salaries.models import Role, SalaryRecord, SalarySource
from salaries.stats import SalaryInsight, Summary, summaries_by_role

STATS_TTL = 60  # seconds: the most a figure can lag behind a change that no write announced
VERSION_KEY = "salaries:stats:version"


def statistics_changed() -> None:
    """Make every cached figure stale: now, and again when the current transaction commits.

    The second time matters: a request that ran between the two read the data as it was before
    the commit and may have cached it under the first new token."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> str:
    # A random token rather than a counter: a counter evicted from the cache would start again
    # and meet figures cached under its old values.
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def current_version() -> str:
    """The token the cached figures are filed under; templates' cached fragments use it too."""
    return cache.get(VERSION_KEY) or _new_version()


def _key(name: str, *parts) -> str:
    return ":".join(["salaries", name, current_version(), *(str(part) for part in parts)])


def _cached(name: str, *parts, compute):
    key = _key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, STATS_TTL)
    return value


# Records are written by the jobs services, the admin and the ORM anywhere; salaries cannot know
# them all, so the model's own signals announce the change. Bulk paths (the importer's COPY,
# queryset.update in reviews) call statistics_changed() themselves.
@receiver(post_save, sender=SalaryRecord, dispatch_uid="salaries_stats_saved")
@receiver(post_delete, sender=SalaryRecord, dispatch_uid="salaries_stats_deleted")
def _record_written(sender, **kwargs):
    statistics_changed()


def _filter_parts(filters: dict) -> list[str]:
    return [f"{name}={filters[name]}" for name in sorted(filters)]


def role_insight(role: Role, filters: dict, records) -> SalaryInsight:
    """SalaryInsight.of(records), where records are the role's accepted records narrowed by
    filters (the cleaned, non-empty filter values, which name the cached copy)."""
    parts = _filter_parts(filters)
    return _cached("insight", role.pk, *parts, compute=lambda: SalaryInsight.of(records))


def role_figures_key(role: Role, filters: dict) -> str:
    """Names the page's rendered figures: changes whenever role_insight's figures may."""
    return _key("figures", role.pk, *_filter_parts(filters))


def role_cells(role: Role) -> set[tuple[str, int]]:
    """The (country, year) pairs among the role's accepted records: its filters' choices."""
    return _cached(
        "cells",
        role.pk,
        compute=lambda: set(
            SalaryRecord.objects.accepted()
            .for_role(role)
            .order_by()
            .values_list("country", "year")
            .distinct()
        ),
    )


def role_summaries() -> dict[int, Summary]:
    """summaries_by_role over every accepted record: the role list, the home page, the sitemap."""
    return _cached("summaries", compute=lambda: summaries_by_role(SalaryRecord.objects.accepted()))


def common_roles(*, limit: int) -> list[tuple[Role, Summary]]:
    """stats.common_roles from the cached summaries: the roles with the most data."""
    summaries = role_summaries()
    roles = Role.objects.filter(
        pk__in=[role_id for role_id, summary in summaries.items() if summary.enough]
    )
    return sorted(
        ((role, summaries[role.pk]) for role in roles), key=lambda pair: (-pair[1].n, pair[0].name)
    )[:limit]


def survey_sources() -> list[SalarySource]:
    """File sources with accepted records, for "How we compute this"."""
    return _cached(
        "sources",
        compute=lambda: list(
            SalarySource.objects.filter(from_file=True)
            .annotate(
                accepted=Count("records", filter=Q(records__review_state=ReviewState.ACCEPTED))
            )
            .filter(accepted__gt=0)
        ),
    )
