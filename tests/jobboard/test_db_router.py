"""jobboard/db_router.py: which database a query goes to."""

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction

from jobboard.db_router import PRIMARY, REPLICA, PrimaryReplicaRouter, current_routing, routing
from jobs.models import Job

router = PrimaryReplicaRouter()


def test_outside_a_request_everything_goes_to_the_primary():
    # manage.py commands, migrations, the shell: no request opened replica reads.
    assert current_routing() is None
    assert router.db_for_read(Job) == PRIMARY
    assert router.db_for_write(Job) == PRIMARY


def test_a_request_opened_for_replica_reads_reads_from_the_replica():
    with routing(reads=REPLICA) as state:
        assert router.db_for_read(Job) == REPLICA
        assert current_routing() is state
    assert current_routing() is None


def test_a_request_opened_for_primary_reads_never_reads_from_the_replica():
    with routing(reads=PRIMARY):
        assert router.db_for_read(Job) == PRIMARY


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary():
    with routing(reads=REPLICA):
        assert router.db_for_read(Job) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Job) == PRIMARY
        assert router.db_for_read(Job) == REPLICA


def test_after_a_write_the_rest_of_the_request_reads_the_primary():
    with routing(reads=REPLICA) as state:
        assert router.db_for_write(Job) == PRIMARY
        assert router.db_for_read(Job) == PRIMARY
    assert state.wrote and state.wrote_content


@pytest.mark.parametrize("model", [Session, AccessAttempt])
def test_sessions_and_login_attempts_are_writes_but_not_public_content(model):
    with routing(reads=REPLICA) as state:
        router.db_for_write(model)
    assert state.wrote
    assert not state.wrote_content


def test_a_database_cache_reads_the_primary():
    entry = DatabaseCache("jobboard_cache", {}).cache_model_class
    with routing(reads=REPLICA):
        assert router.db_for_read(entry) == PRIMARY


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate(PRIMARY, "jobs")
    assert not router.allow_migrate(REPLICA, "jobs")


def test_rows_from_either_database_may_be_related():
    assert router.allow_relation(Job(), Job()) is True
