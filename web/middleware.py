"""Requests no page can use, refused before any view sees them."""

from django.http import HttpResponseBadRequest

NUL = "\x00"


def _holds_nul(query) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


class RefuseNulCharactersMiddleware:
    """A NUL character (%00) in a query string or a form: 400, saying so.

    No field of this site accepts one, PostgreSQL cannot hold one in a text (every query with one
    raised, so `?status__exact=%00` on an admin list answered 500), and forms that refuse it
    must each remember to. One check here answers them all alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _holds_nul(request.GET) or _holds_nul(request.POST):
            return HttpResponseBadRequest(
                "This request holds a NUL character (%00), which no page of this site accepts.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
