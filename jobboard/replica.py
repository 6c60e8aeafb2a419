"""How far behind the replica is, as each process sees it, and what follows when it catches up.

A check, at most every DATABASE_REPLICA_CHECK_SECONDS and only when a request wants the replica,
asks the primary for its WAL position and then the replica for the position it has replayed
(positions are byte offsets in the WAL: an LSN as a number).

- Replayed at least the primary's position: caught up, lag 0. The moment is shared with every
  process through the cache.
- Otherwise the lag is the time since the later of: the last moment any process saw it caught up,
  and the replica's last replayed commit. The replica surely has every write made before either
  moment, so the lag is never under-estimated.

The replica is not read from when it fails to answer (asked again after
DATABASE_REPLICA_RETRY_SECONDS), when it is not a replica at all (not in recovery), or when its
lag is over DATABASE_REPLICA_MAX_LAG_SECONDS.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

from jobboard.db_router import PRIMARY, REPLICA
from web.cache import forget_everything

logger = logging.getLogger(__name__)

CAUGHT_UP_KEY = "db:replica:caught-up-at"
# The primary's position after the latest write of public content, and the position up to
# which cached pages were dropped again once the replica had it (see drop_stale_caches).
CONTENT_WRITTEN_KEY = "db:replica:content-written"
CACHES_DROPPED_KEY = "db:replica:caches-dropped"
SHARED_KEYS_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ReplicaStatus:
    usable: bool
    replayed: int | None  # WAL position the replica has replayed
    lag: float | None  # seconds, an upper bound
    reason: str  # for /readyz and the log: "ok", or why the replica is not read from
    checked_at: float  # time.monotonic()

    def has_replayed(self, position: int) -> bool:
        return self.usable and self.replayed is not None and self.replayed >= position


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


# PostgreSQL's WAL page, and the sizes of its page headers (short, and long at a segment start).
WAL_PAGE_BYTES = 8192
WAL_PAGE_HEADER_BYTES = (24, 40)


def primary_position() -> int:
    """Where the primary's last WAL record ends: every commit so far is before it."""
    with connections[PRIMARY].cursor() as cursor:
        # The insert position, not pg_current_wal_lsn(): that one is where the WAL was last
        # written to disk, often the end of a page past the last record, which the replica
        # never reports as replayed.
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")
        position = cursor.fetchone()[0]
    # Right after a page header, the last record ended where the page began.
    if position % WAL_PAGE_BYTES in WAL_PAGE_HEADER_BYTES:
        position -= position % WAL_PAGE_BYTES
    return position


def replica_position(alias: str = REPLICA) -> tuple[bool, int | None, float | None]:
    """(in recovery, replayed position, seconds since the last replayed commit) of the replica."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), "
            "pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint, "
            "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8"
        )
        return cursor.fetchone()


def close_replica_connection() -> None:
    if not replica_configured():
        return
    try:
        connections[REPLICA].close()
    except DatabaseError:
        pass  # already broken: nothing left to close


class ReplicaMonitor:
    """One per process; the probes and clocks are parameters so that tests can play a replica."""

    def __init__(
        self,
        *,
        primary: Callable[[], int] = primary_position,
        replica: Callable[[], tuple] = replica_position,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ):
        self._primary = primary
        self._replica = replica
        self._monotonic = monotonic
        self._wall = wall
        self._status: ReplicaStatus | None = None
        self._caught_up_at = 0.0  # wall time, this process's own sighting

    def status(self) -> ReplicaStatus:
        """The replica's status, checked again when the last check is due for renewal."""
        now = self._monotonic()
        if self._status is None or now >= self._next_check():
            self._status = self._check(now)
            if self._status.usable:
                drop_stale_caches(self._status.replayed)
        return self._status

    def mark_failed(self, reason: str) -> None:
        """A request's query on the replica failed: no reads from it until the retry."""
        self._status = ReplicaStatus(False, None, None, reason, self._monotonic())
        close_replica_connection()

    def _next_check(self) -> float:
        wait = settings.DATABASE_REPLICA_CHECK_SECONDS
        if not self._status.usable and self._status.lag is None:
            wait = settings.DATABASE_REPLICA_RETRY_SECONDS  # it failed: not at every request
        return self._status.checked_at + wait

    def _check(self, now: float) -> ReplicaStatus:
        try:
            primary = self._primary()
            in_recovery, replayed, replay_age = self._replica()
        except DatabaseError as error:
            logger.warning("The replica does not answer; reads go to the primary: %s", error)
            close_replica_connection()
            return ReplicaStatus(False, None, None, "unavailable", now)
        if not in_recovery:
            # Promoted, or DATABASE_REPLICA_URL names a primary: its data may not follow ours.
            return ReplicaStatus(False, None, None, "not a replica (not in recovery)", now)
        lag = self._lag(primary, replayed, replay_age)
        if lag > settings.DATABASE_REPLICA_MAX_LAG_SECONDS:
            reason = f"{lag:.1f} s behind (limit {settings.DATABASE_REPLICA_MAX_LAG_SECONDS} s)"
            return ReplicaStatus(False, replayed, lag, reason, now)
        return ReplicaStatus(True, replayed, lag, "ok", now)

    def _lag(self, primary: int, replayed: int | None, replay_age: float | None) -> float:
        wall = self._wall()
        if replayed is not None and replayed >= primary:
            self._caught_up_at = wall
            cache.set(CAUGHT_UP_KEY, wall, SHARED_KEYS_SECONDS)
            return 0.0
        seen = max(self._caught_up_at, cache.get(CAUGHT_UP_KEY) or 0.0)
        bounds = [wall - seen if seen else float("inf")]
        if replay_age is not None:
            bounds.append(max(0.0, replay_age))
        return min(bounds)


def note_content_written(position: int) -> None:
    """A request changed public content; its commit ends before `position` on the primary."""
    latest = cache.get(CONTENT_WRITTEN_KEY) or 0
    # Two writers at the same instant may leave the smaller position: the later write's pages
    # then fall back on their own expiry (JOBS_CACHE_SECONDS, a minute).
    cache.set(CONTENT_WRITTEN_KEY, max(latest, position), SHARED_KEYS_SECONDS)


def drop_stale_caches(replayed: int | None) -> None:
    """Drop cached pages and values again once the replica has replayed a content write.

    A write drops them when it commits on the primary, but an anonymous request in the next
    moment may rebuild a page from the replica before the replica has the write, and cache that
    old page anew. Dropping once more when the replica has caught up ends that; until then a
    page is as old as the replica is behind, like any read from a replica.
    """
    if replayed is None:
        return
    marks = cache.get_many([CONTENT_WRITTEN_KEY, CACHES_DROPPED_KEY])
    written = marks.get(CONTENT_WRITTEN_KEY)
    if written is None or written > replayed or written <= marks.get(CACHES_DROPPED_KEY, -1):
        return
    cache.set(CACHES_DROPPED_KEY, written, SHARED_KEYS_SECONDS)
    forget_everything()


monitor = ReplicaMonitor()
