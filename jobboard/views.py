import logging
import secrets
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles.models import Article
from jobboard.replica import monitor, replica_configured
from jobs.models import Job
from jobs.views import board_changes_at
from salaries.figures import common_roles
from web.cache import CachedPageMixin, cached_value

HOME_JOBS = 8
HOME_ROLES = 6
HOME_ARTICLES = 3

logger = logging.getLogger(__name__)


def site_changes_at() -> float:
    """When the home page and the sitemap change by the clock alone: a job starts, ends or stops
    being featured, or a scheduled article's time comes (a timestamp; infinity: never)."""

    def next_article():
        upcoming = Article.objects.next_publication()
        return upcoming.timestamp() if upcoming else float("inf")

    articles = cached_value(
        "articles:next-publication", next_article, topics=["articles"], until=lambda value: value
    )
    return min(board_changes_at(), articles)


class HomeView(CachedPageMixin, TemplateView):
    """Cached until a job, an article or a salary figure changes (jobboard/invalidation.py)."""

    template_name = "home.html"
    cache_name = "home"
    cache_topics = ("jobs", "articles", "salaries")

    def cache_until(self):
        return site_changes_at()

    def get_context_data(self, **kwargs):
        visible = Job.objects.visible().for_cards().newest_first()
        return super().get_context_data(
            featured_jobs=visible.featured()[:HOME_JOBS],
            # The newest of the rest: featured jobs already have their own row above.
            latest_jobs=visible.exclude(featured_until__gt=timezone.now())[:HOME_JOBS],
            common_roles=common_roles(limit=HOME_ROLES),
            latest_articles=Article.objects.published().for_cards().newest_first()[:HOME_ARTICLES],
            **kwargs,
        )


READY_KEY = "readyz:probe"


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check failed: the database is unreachable", exc_info=True)
        return False
    return True


@never_cache
@require_safe
def healthz(request):
    """For load balancers and uptime checks: can this process reach the database?"""
    if not _database_answers():
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def _cache_ready() -> bool:
    """A value written to the cache reads back. The Redis cache ignores its errors (pages are
    then built uncached), so asking is the only way to know."""
    token = secrets.token_hex(8)
    cache.set(READY_KEY, token, 10)
    if cache.get(READY_KEY) != token:
        logger.warning("Readiness: the cache (REDIS_URL) does not keep values")
        return False
    return True


@never_cache
@require_safe
def readyz(request):
    """For deploys and monitoring: each dependency on a line of its own, 503 when the database or
    the cache fails. A failed replica only sends reads to the primary, so it is reported without
    failing the check. (Load balancers probe /healthz: a shared Redis that is down must not take
    every node out.)"""
    lines = []
    database_ok = _database_answers()
    lines.append("database: ok" if database_ok else "database: unavailable")
    if replica_configured():
        status = monitor.status()
        lines.append(
            f"replica: ok, {status.lag:.1f} s behind"
            if status.usable
            else f"replica: {status.reason}; reads go to the primary"
        )
    cache_ok = _cache_ready()
    lines.append("cache: ok" if cache_ok else "cache: unavailable; pages are built uncached")
    status_code = 200 if database_ok and cache_ok else 503
    return HttpResponse("\n".join(lines) + "\n", status=status_code, content_type="text/plain")


def bad_request(request, exception):
    """Django's 400, saying why when the reason is one a visitor can act on (never echoing the
    request back)."""
    limits = {
        TooManyFieldsSent: "The address has too many parameters (more than "
        f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}): remove some filters.",
        TooManyFilesSent: "The form sends too many files.",
        RequestDataTooBig: "The form data is too large: we read at most "
        f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20:g} MB.",
        DisallowedHost: "This site does not answer to the host name in that address.",
    }
    reason = next((text for kind, text in limits.items() if isinstance(exception, kind)), "")
    return HttpResponseBadRequest(render_to_string("400.html", {"reason": reason}))


def database_unreachable() -> bool:
    """After a database error: is the database gone, rather than one query at fault?

    Asks over the connection that failed (never a new one, which could wait for a connect
    timeout): none was opened, or it no longer answers.
    """
    return connection.connection is None or not connection.is_usable()


def server_error(request):
    """The 500 handler; a database that cannot be reached is an outage, so that answers 503.

    Rendered without the request, like Django's own handler: nothing on the page may need the
    database (or anything else) that has just failed.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) and database_unreachable():
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
