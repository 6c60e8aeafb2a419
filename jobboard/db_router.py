"""Which database a query goes to: the primary ("default"), or the replica ("replica") when
DATABASE_REPLICA_URL configures one.

Writes always go to the primary. Reads go to the replica only inside a request that
ReplicaReadsMiddleware (jobboard/middleware.py) opened for replica reads, and never inside a
transaction or after the request wrote. Everything else has no such request and runs on the
primary: the admin, forms that post, manage.py commands, migrations, the shell.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

# Writes to these apps never change what a public page shows (a session, a login attempt, the
# admin's log): they pin their writer to the primary but leave cached pages alone.
PRIVATE_APPS = frozenset({"sessions", "axes", "admin", "auth", "contenttypes"})


@dataclass
class Routing:
    """One request's choice of database, and what it wrote."""

    reads: str = PRIMARY
    wrote: bool = False
    wrote_content: bool = False  # a write outside PRIVATE_APPS


_current: ContextVar[Routing | None] = ContextVar("jobboard_db_routing", default=None)


@contextmanager
def routing(*, reads: str) -> Iterator[Routing]:
    state = Routing(reads=reads)
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


def current_routing() -> Routing | None:
    return _current.get()


# Django's database cache keeps its entries in a table: a cache must read what was just written.
ALWAYS_PRIMARY_APPS = frozenset({"django_cache"})


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _current.get()
        if (
            state is None
            or state.reads != REPLICA
            or connections[PRIMARY].in_atomic_block
            or model._meta.app_label in ALWAYS_PRIMARY_APPS
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _current.get()
        if state is not None:
            state.wrote = True
            state.wrote_content |= model._meta.app_label not in PRIVATE_APPS
            # The rest of the request reads what it wrote.
            state.reads = PRIMARY
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A streaming replica is read-only: it takes the primary's schema through replication.
        return db == PRIMARY
