"""Cached job pages that are never stale for long, nor a second past a job's end.

Every cached page is keyed by a board token. The token changes when a job, a company, a role or a
job's tags are saved or deleted (the receivers below), at the next moment a published job starts,
ends or stops being featured, and at least once a minute, a backstop for writes that skip the ORM's
signals (QuerySet.update, raw SQL). With Redis (REDIS_URL) every worker sees the new token at once;
with the per-process memory cache another worker may serve the old page for up to a minute.
"""

import hashlib
import secrets
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.http import HttpResponse
from django.utils import timezone

from jobs.models import Job, JobStatus

STATE_KEY = "jobs:board-state"


def _next_change(now) -> float:
    """The next moment the set of visible or featured jobs changes by the clock alone."""
    upcoming = Job.objects.filter(status=JobStatus.PUBLISHED).aggregate(
        ends=Min("expires_at", filter=Q(expires_at__gt=now)),
        starts=Min("published_at", filter=Q(published_at__gt=now)),
        unfeatures=Min("featured_until", filter=Q(featured_until__gt=now)),
    )
    moments = [moment.timestamp() for moment in upcoming.values() if moment is not None]
    return min(moments, default=float("inf"))


def board_token() -> str:
    lifetime = settings.JOBS_CACHE_SECONDS
    now = time.time()
    state = cache.get(STATE_KEY)
    if state is None or now >= state[1]:
        valid_until = min(now + lifetime, _next_change(timezone.now()))
        state = (secrets.token_hex(8), valid_until)
        cache.set(STATE_KEY, state, timeout=max(1, int(valid_until - now) + 1))
    return state[0]


def forget_board(**kwargs) -> None:
    # Now, and again once the write is committed: a page built meanwhile read the old rows.
    cache.delete(STATE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def page_key(request, name: str, *, ignore=()) -> str:
    """One key per page and query, whatever the order of its parameters."""
    pairs = sorted((key, values) for key, values in request.GET.lists() if key not in ignore)
    query = urlencode(pairs, doseq=True)
    # The host and scheme too: canonical links and JSON-LD name them.
    page = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(page.encode()).hexdigest()
    return f"jobs:page:{name}:{board_token()}:{digest}"


def serve_cached(request, name: str, respond):
    """The page from the cache for anonymous visitors, else `respond()`, kept when it is a 200.

    Signed-in users (staff previewing, employers) always get a fresh page, and so do error answers:
    there is no point in keeping what a bad query string produced.
    """
    if settings.JOBS_CACHE_SECONDS <= 0 or request.user.is_authenticated:
        return respond()
    key = page_key(request, name)
    cached = cache.get(key)
    if cached is not None:
        content, headers = cached
        response = HttpResponse(content, headers=headers)
        response["X-Cache"] = "hit"
        return response
    response = respond()
    if response.status_code == 200:
        if hasattr(response, "render"):
            response.render()
        # The view's own headers (Content-Type, the sitemap's X-Robots-Tag); middleware adds
        # the rest to every answer, cached or not.
        stored = (response.content, dict(response.items()))
        cache.set(key, stored, settings.JOBS_CACHE_SECONDS)
        response["X-Cache"] = "miss"
    return response


def cached_value(request, name: str, compute, *, ignore=()):
    """A value computed for this query (less the `ignore`d parameters), kept under the board token.

    The facet counts of a search do not change from one page of its results to the next.
    """
    if settings.JOBS_CACHE_SECONDS <= 0:
        return compute()
    key = page_key(request, name, ignore=ignore)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.JOBS_CACHE_SECONDS)
    return value


class CachedPageMixin:
    cache_name = "page"

    def get(self, request, *args, **kwargs):
        parent = super().get
        return serve_cached(request, self.cache_name, lambda: parent(request, *args, **kwargs))


def cached_page(name: str):
    """serve_cached for a function view, e.g. the sitemap."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return serve_cached(request, name, lambda: view(request, *args, **kwargs))

        return wrapped

    return decorate
