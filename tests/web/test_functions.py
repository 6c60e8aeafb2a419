from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import NotSupportedError
from django.utils import timezone

from jobs.models import Job
from tests.factories import PublishedJobFactory
from web.functions import EpochSeconds

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "microsecond",
    [971465, 0],  # none: SQLite's text is shorter
)
def test_a_timestamp_reads_back_as_its_seconds_since_1970(microsecond):
    # Ahead of the clock, as a published job's end must be (a fixed date passes).
    moment = (timezone.now() + timedelta(days=30)).replace(microsecond=microsecond)
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
