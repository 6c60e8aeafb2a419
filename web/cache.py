"""Page caching, the one scheme: pages and values kept until a topic they show changes.

A *topic* is a name for something pages show: "jobs" (the board as a whole), "job:42", "role:7",
"company:3", "articles", "salaries". Each topic has a version in the `versions` cache, which every
process sees (Redis with REDIS_URL; without it a file cache shared by the processes of the machine,
CACHE_VERSIONS_DIR), while pages themselves may sit in each process's memory. Which write changes
which topic is listed in one place, jobboard/invalidation.py; `bump()` is how it says so.

A cached page is filed under its address (scheme, host, path, sorted query) and holds, besides the
content, the version of every topic it was built from and the moment the clock changes it (the
first end or start among the jobs it shows). It is served while each of those topics still has that
version, that moment has not come and JOBS_CACHE_SECONDS have not passed; otherwise it is built
again. So a write drops exactly the pages of the topics it bumps, on every worker at once, and a job
ending at its second drops the pages that show it and no other.

The API, for views:
- `CachedPageMixin` (class views; `cache_name`, and `cache_topics(self)` after the page is built,
  which returns topics and `until`) and `cached_page(name, topics, until)` (function views):
  anonymous 200 answers only. Signed-in users and errors are never cached.
- `depends_on(request, *topics, until=None)`: a view adds topics or an earlier clock moment while
  it builds the page (the job page learns its role and company from its job).
- `cached_value(key, compute, *, topics, until=None)`: any value (facet counts), same rules.
- `page_key(request, name, ignore=())`: a name for what a query string asks, for `cached_value`.
- `bump(*topics)`, `forget_everything()`: the writes' side (jobboard/invalidation.py).

A page is not stored when a topic it read was bumped after the build began: the write that bumped
it may have committed after the build read the rows, and a page filed under the new version would
then show the old rows. Every topic is bumped twice, at the write and when it commits. (Nodes that
share Redis are assumed to keep their clocks in step, as NTP does.)
"""

import hashlib
import secrets
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

EPOCH = "epoch"  # a topic every page depends on: forget_everything() bumps it


def _pages():
    return caches["default"]


def _versions():
    return caches["versions"]


def _new_version() -> str:
    # The moment, to tell bumps after a build's start; random, so that a lost version never
    # comes back as one a page was filed under.
    return f"{time.time():.6f}:{secrets.token_hex(4)}"


def _moment(version: str) -> float:
    return float(version.split(":", 1)[0])


def versions(topics: Iterable[str]) -> dict[str, str]:
    """The current version of each topic. A topic never bumped has the epoch's version."""
    names = sorted({EPOCH, *topics})
    found = _versions().get_many([f"v:{name}" for name in names])
    epoch = found.get(f"v:{EPOCH}")
    if epoch is None:  # a new or emptied cache: a new epoch, dated 0 so it blocks no build
        epoch = f"0:{secrets.token_hex(4)}"
        _versions().set(f"v:{EPOCH}", epoch, None)
    return {name: found.get(f"v:{name}", epoch) for name in names}


def bump(*topics: str) -> None:
    """New versions for these topics: now, and again when the current transaction commits."""
    _set_new(topics)
    transaction.on_commit(lambda: _set_new(topics))


def forget_everything() -> None:
    """Every cached page and value is built again (the replica caught up with a write, say)."""
    bump(EPOCH)


def _set_new(topics) -> None:
    _versions().set_many({f"v:{topic}": _new_version() for topic in topics}, None)


def page_key(request, name: str, *, ignore=()) -> str:
    """One key per page and query, whatever the order of its parameters."""
    pairs = sorted((key, values) for key, values in request.GET.lists() if key not in ignore)
    query = urlencode(pairs, doseq=True)
    # The host and scheme too: canonical links and JSON-LD name them.
    page = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page:{name}:{hashlib.sha256(page.encode()).hexdigest()}"


def _timestamp(until: datetime | float | None) -> float:
    if until is None:
        return float("inf")
    return until.timestamp() if isinstance(until, datetime) else until


class _Build:
    """What a page or value was built from: its topics and the moment the clock changes it."""

    def __init__(self, topics=(), until=None):
        self.started = time.time()
        self.topics = set(topics)
        self.until = _timestamp(until)

    def add(self, topics, until) -> None:
        self.topics.update(topics)
        self.until = min(self.until, _timestamp(until))

    def entry(self, value):
        """What to store, or None when a topic changed during the build."""
        current = versions(self.topics)
        if any(_moment(version) >= self.started for version in current.values()):
            return None
        return (value, current, self.until)

    def seconds(self) -> int:
        left = min(self.until - time.time(), settings.JOBS_CACHE_SECONDS)
        return max(0, int(left))


def _fresh(entry):
    """The value of a stored entry that still holds, else None."""
    if entry is None:
        return None
    value, built_from, until = entry
    if time.time() >= until or versions(built_from) != built_from:
        return None
    return value


def _store(key: str, build: _Build, value) -> None:
    entry = build.entry(value)
    seconds = build.seconds()
    if entry is not None and seconds > 0:
        _pages().set(key, entry, seconds)


def cached_value(key: str, compute: Callable, *, topics: Iterable[str], until=None):
    """compute(), kept under key until one of the topics changes or the clock reaches until.

    until may be a callable of the value, asked only when the value is computed. A value of None
    is never kept (it reads as "not cached")."""
    if settings.JOBS_CACHE_SECONDS <= 0:
        return compute()
    value = _fresh(_pages().get(f"value:{key}"))
    if value is None:
        build = _Build(topics)
        value = compute()
        build.add((), until(value) if callable(until) else until)
        _store(f"value:{key}", build, value)
    return value


def depends_on(request, *topics: str, until: datetime | None = None) -> None:
    """While a cached page is built: it shows these topics too, or changes by the clock at until."""
    build = getattr(request, "_cache_build", None)
    if build is not None:
        build.add(topics, until)


def serve_cached(request, name: str, respond, *, topics=(), until=None):
    """The page from the cache for anonymous visitors, else `respond()`, kept when it is a 200.

    Signed-in users (staff previewing, employers) always get a fresh page, and so do error answers:
    there is no point in keeping what a bad query string produced.
    """
    if settings.JOBS_CACHE_SECONDS <= 0 or request.user.is_authenticated:
        return respond()
    key = page_key(request, name)
    stored = _fresh(_pages().get(key))
    if stored is not None:
        content, headers = stored
        response = HttpResponse(content, headers=headers)
        response["X-Cache"] = "hit"
        return response
    request._cache_build = build = _Build(topics)
    try:
        response = respond()
    finally:
        del request._cache_build
    if response.status_code == 200:
        if hasattr(response, "render"):
            response.render()
        build.add((), until() if callable(until) else until)
        # The view's own headers (Content-Type, the sitemap's X-Robots-Tag); middleware adds
        # the rest to every answer, cached or not.
        _store(key, build, (response.content, dict(response.items())))
        response["X-Cache"] = "miss"
    return response


class CachedPageMixin:
    """serve_cached for a class view: `cache_topics` and `cache_until` name what it shows."""

    cache_name = "page"
    cache_topics: tuple[str, ...] = ()

    def cache_until(self):
        """The moment the clock changes the page (None: never); asked after it is built."""
        return None

    def get(self, request, *args, **kwargs):
        parent = super().get
        return serve_cached(
            request,
            self.cache_name,
            lambda: parent(request, *args, **kwargs),
            topics=self.cache_topics,
            until=self.cache_until,
        )


def cached_page(name: str, *, topics: tuple[str, ...], until: Callable | None = None):
    """serve_cached for a function view, e.g. the sitemap."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return serve_cached(
                request,
                name,
                lambda: view(request, *args, **kwargs),
                topics=topics,
                until=until,
            )

        return wrapped

    return decorate
