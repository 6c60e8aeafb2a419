"""The board's own error pages with debug on, as `make run` shows them (DEBUG_ERROR_PAGES off).

With debug on Django answers a missing page and a crash with its technical pages (URL patterns,
tracebacks, settings). The demo runs with debug on, but its visitors should see what production
shows: the pages of the handlers jobboard/urls.py names. Two hooks, because Django has two paths:
a 404 never reaches the exception reporter, and a crash is best left to Django's own handling
(logging, the replica middleware's retry) up to the moment the page is written.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.exception import get_exception_response
from django.http import Http404
from django.urls import Resolver404, get_resolver, get_urlconf, resolve
from django.views.debug import ExceptionReporter


def shows_own_error_pages() -> bool:
    return settings.DEBUG and not settings.DEBUG_ERROR_PAGES


def not_found(request, exception):
    """The 404 handler's answer, as with debug off."""
    return get_exception_response(request, get_resolver(get_urlconf()), 404, exception)


class OwnNotFoundPageMiddleware:
    """A 404 with the board's page instead of Django's technical one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if shows_own_error_pages():
            # An address no URL matches never reaches a view, so process_exception never sees
            # it: resolved here first (only with debug on; production never takes this branch).
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exception:
                return not_found(request, exception)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if shows_own_error_pages() and isinstance(exception, Http404):
            return not_found(request, exception)
        return None


class OwnErrorPageReporter(ExceptionReporter):
    """Writes the technical 500 (and debug's 400 for a suspicious request) as the board's own
    page; Django has logged the traceback already. Django's report otherwise."""

    def get_traceback_html(self):
        if not shows_own_error_pages() or self.request is None:
            return super().get_traceback_html()
        resolver = get_resolver(get_urlconf())
        if isinstance(self.exc_value, SuspiciousOperation):
            response = resolver.resolve_error_handler(400)(self.request, self.exc_value)
        else:
            response = resolver.resolve_error_handler(500)(self.request)
        return response.content.decode()
