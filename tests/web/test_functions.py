from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.db import NotSupportedError

from jobs.models import Job
from tests.factories import PublishedJobFactory
from web.functions import EpochSeconds

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 30, 5, 21, 17, 971465, tzinfo=UTC),
        datetime(2031, 1, 1, tzinfo=UTC),  # no microseconds: SQLite's text is shorter
    ],
)
def test_a_timestamp_reads_back_as_its_seconds_since_1970(moment):
    job = PublishedJobFactory(expires_at=moment)
    seconds = (
        Job.objects.filter(pk=job.pk)
        .annotate(seconds=EpochSeconds("expires_at"))
        .values_list("seconds", flat=True)
        .get()
    )
    assert type(seconds) is float
    assert abs(seconds - moment.timestamp()) < 0.001


def test_another_database_is_told_plainly_there_are_no_words_for_it():
    with pytest.raises(NotSupportedError, match="no SQL for oracle"):
        EpochSeconds("expires_at").as_sql(None, SimpleNamespace(vendor="oracle"))
