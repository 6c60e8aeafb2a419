"""jobboard/replica.py: how far behind the replica is, and what follows when it catches up."""

import pytest
from django.db import DatabaseError, OperationalError, connection

from jobboard import replica
from jobboard.db_router import PRIMARY
from jobboard.replica import (
    CAUGHT_UP_KEY,
    ReplicaMonitor,
    drop_stale_caches,
    note_content_written,
    primary_position,
    replica_position,
)
from web.cache import EPOCH, versions


class PlayedServers:
    """A primary and a replica whose WAL positions a test sets, on a clock it moves."""

    def __init__(self):
        self.primary = 1000
        self.replayed = 1000
        self.replay_age: float | None = 0.5
        self.in_recovery = True
        self.down = False
        self.replica_asked = 0
        self.now = 100.0

    def primary_position(self) -> int:
        return self.primary

    def replica_position(self):
        self.replica_asked += 1
        if self.down:
            raise OperationalError("connection to server at 127.0.0.1, port 5433 failed")
        return self.in_recovery, self.replayed, self.replay_age

    def monitor(self) -> ReplicaMonitor:
        return ReplicaMonitor(
            primary=self.primary_position,
            replica=self.replica_position,
            monotonic=lambda: self.now,
            wall=lambda: self.now + 1_700_000_000,
        )


@pytest.fixture
def servers(settings):
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 10
    settings.DATABASE_REPLICA_CHECK_SECONDS = 1
    settings.DATABASE_REPLICA_RETRY_SECONDS = 5
    return PlayedServers()


def test_a_replica_that_has_replayed_everything_is_read_from_with_no_lag(servers):
    status = servers.monitor().status()
    assert status.usable
    assert status.lag == 0
    assert status.reason == "ok"


def test_the_lag_counts_from_the_last_moment_the_replica_was_seen_caught_up(servers):
    monitor = servers.monitor()
    monitor.status()  # caught up at t=100
    servers.primary, servers.now, servers.replay_age = 2000, 103.5, 60.0
    status = monitor.status()
    # Its last replayed commit is a minute old, but it had everything 3.5 s ago.
    assert status.usable
    assert status.lag == pytest.approx(3.5)


def test_the_lag_is_the_age_of_the_last_replayed_commit_when_that_is_later(servers):
    servers.primary, servers.replay_age = 2000, 0.8
    status = servers.monitor().status()  # never seen caught up by anyone
    assert status.lag == pytest.approx(0.8)


def test_a_replica_never_seen_caught_up_and_with_no_replayed_commit_is_not_read_from(servers):
    servers.primary, servers.replay_age = 2000, None
    status = servers.monitor().status()
    assert not status.usable
    assert "behind" in status.reason


def test_another_process_sighting_counts(servers):
    servers.primary, servers.replay_age = 2000, 60.0
    monitor = servers.monitor()
    replica.cache.set(CAUGHT_UP_KEY, servers.now + 1_700_000_000 - 2.0)
    assert monitor.status().lag == pytest.approx(2.0)


def test_a_replica_further_behind_than_the_limit_is_not_read_from(servers):
    monitor = servers.monitor()
    monitor.status()
    servers.primary, servers.now, servers.replay_age = 2000, 111.0, 60.0
    status = monitor.status()
    assert not status.usable
    assert status.reason == "11.0 s behind (limit 10 s)"
    assert not status.has_replayed(1000)


def test_the_replica_is_asked_at_most_once_a_check_interval(servers):
    monitor = servers.monitor()
    monitor.status()
    servers.now += 0.9
    monitor.status()
    assert servers.replica_asked == 1
    servers.now += 0.2
    monitor.status()
    assert servers.replica_asked == 2


def test_a_replica_that_fails_is_not_read_from_and_asked_again_after_the_retry(servers):
    servers.down = True
    monitor = servers.monitor()
    status = monitor.status()
    assert not status.usable
    assert status.reason == "unavailable"
    servers.down = False
    servers.now += 4.9
    assert not monitor.status().usable
    assert servers.replica_asked == 1
    servers.now += 0.2
    assert monitor.status().usable


def test_a_server_that_is_not_in_recovery_is_not_a_replica(servers):
    servers.in_recovery, servers.replayed, servers.replay_age = False, None, None
    status = servers.monitor().status()
    assert not status.usable
    assert status.reason == "not a replica (not in recovery)"


def test_a_failure_reported_by_a_request_stops_reads_until_the_retry(servers):
    monitor = servers.monitor()
    assert monitor.status().usable
    monitor.mark_failed("failed during a request")
    assert not monitor.status().usable
    servers.now += 5.1
    assert monitor.status().usable


def test_has_replayed_compares_wal_positions(servers):
    status = servers.monitor().status()
    assert status.has_replayed(999)
    assert status.has_replayed(1000)
    assert not status.has_replayed(1001)


@pytest.mark.django_db
def test_a_database_that_is_not_a_standby_is_never_read_from():
    """The real probe, against the test database: PostgreSQL says it is not in recovery;
    SQLite, which settings refuse a replica for, has no such function."""
    monitor = ReplicaMonitor(replica=lambda: replica_position(PRIMARY))
    status = monitor.status()
    assert not status.usable
    expected = "not a replica (not in recovery)" if connection.vendor == "postgresql" else None
    assert status.reason == (expected or "unavailable")


@pytest.mark.django_db(transaction=True)
def test_the_primary_position_moves_past_each_write():
    if connection.vendor != "postgresql":
        with pytest.raises(DatabaseError):
            primary_position()
        return
    before = primary_position()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE wal_probe (id int); INSERT INTO wal_probe VALUES (1)"
        )
    assert primary_position() > before


@pytest.mark.django_db
def test_cached_pages_are_dropped_again_once_the_replica_has_a_content_write(settings):
    settings.JOBS_CACHE_SECONDS = 60
    epoch = versions([])[EPOCH]  # every cached page and value depends on it
    note_content_written(5000)
    drop_stale_caches(4999)  # the replica does not have it yet: pages stay
    assert versions([])[EPOCH] == epoch
    drop_stale_caches(5000)
    assert versions([])[EPOCH] != epoch
    epoch = versions([])[EPOCH]
    drop_stale_caches(6000)  # once per write
    assert versions([])[EPOCH] == epoch


def test_the_latest_content_write_is_kept():
    note_content_written(7000)
    note_content_written(6000)
    assert replica.cache.get(replica.CONTENT_WRITTEN_KEY) == 7000
