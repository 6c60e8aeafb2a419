"""Public pages read from the replica; a client that wrote reads its own writes.

Reads go to the replica (jobboard/db_router.py) for a GET or HEAD outside the admin, when the
replica is usable (jobboard/replica.py) and has replayed this client's last write. A request that
writes gets a cookie with the primary's WAL position after its commit; until the replica has
replayed that position, the client's reads go to the primary. That is exact, not a guess of
time. The cookie lives DATABASE_REPLICA_MAX_LAG_SECONDS plus a check: a replica that has not
replayed a write by then is that far behind, and is not read from anyway.

A query on the replica that fails during a request (the replica stopped, or cancelled the query
for a conflict with replication) is run again on the primary: the view is called once more, which
is safe for a GET or HEAD.
"""

import logging
import re

from django.conf import settings
from django.db import DatabaseError, connections
from django.urls import reverse

from jobboard.db_router import PRIMARY, REPLICA, current_routing, routing
from jobboard.replica import (
    monitor,
    note_content_written,
    primary_position,
    replica_configured,
)

logger = logging.getLogger(__name__)

COOKIE = "jobboard_written"
SAFE_METHODS = ("GET", "HEAD")


def written_position(request) -> int | None:
    """The WAL position of this client's last write, from its cookie."""
    raw = request.COOKIES.get(COOKIE, "")
    return int(raw) if re.fullmatch(r"[0-9]{1,20}", raw) else None


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        written = written_position(request)
        status = None
        reads = PRIMARY
        if request.method in SAFE_METHODS and not request.path.startswith(reverse("admin:index")):
            status = monitor.status()
            if status.usable and (written is None or status.has_replayed(written)):
                reads = REPLICA
        with routing(reads=reads) as state:
            response = self.get_response(request)
        if state.wrote:
            self._remember_write(response, content=state.wrote_content)
        elif written is not None and status is not None and status.has_replayed(written):
            response.delete_cookie(COOKIE, samesite="Lax")
        return response

    def _remember_write(self, response, *, content: bool) -> None:
        try:
            # After the commit, so at or past the end of this request's writes.
            position = primary_position()
        except DatabaseError:
            logger.warning("Could not read the primary's WAL position after a write", exc_info=True)
            return
        response.set_cookie(
            COOKIE,
            str(position),
            max_age=settings.DATABASE_REPLICA_MAX_LAG_SECONDS
            + settings.DATABASE_REPLICA_CHECK_SECONDS
            + 1,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        if content:
            note_content_written(position)

    def process_exception(self, request, exception):
        state = current_routing()
        replica = connections[REPLICA] if replica_configured() else None
        if (
            state is None
            or state.reads != REPLICA
            or not isinstance(exception, DatabaseError)
            or not replica.errors_occurred
        ):
            return None
        if replica.connection is None or not replica.is_usable():
            monitor.mark_failed("failed during a request")
        logger.warning("A read on the replica failed; answered from the primary", exc_info=True)
        state.reads = PRIMARY
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response
