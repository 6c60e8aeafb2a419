import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")

application = get_wsgi_application()

# The URLconf and all it imports (the API's views and schema among them) load as the worker
# starts, and its table of names is built, not in each worker's first request: that request took
# 400 ms at 100,000 jobs, 178 ms without the 200 ms of these imports. They join the frozen heap
# below.
reverse("jobs:list")

# Everything loaded so far (Django, the apps, their modules) lives as long as the process: moved
# out of the collector's reach, a full collection no longer walks it on a visitor's request (a
# 70-75 ms pause about every fifty /jobs/ first requests at 100,000 jobs, 23-25 ms after this;
# their p99 108 -> 63 ms: bench/results/2026-11-30T0446-j100000-gc-freeze.md).
gc.collect()
gc.freeze()


def freeze_after_first_request(**kwargs):
    """Once more after the first request: what it loaded for good (compiled templates, the URL
    resolver's tables, compiled statements) joins the frozen heap. Full collections then pause a
    request 7-9 ms, not 27-31, and collecting costs 0.9 ms a /jobs/ first request, not 1.4
    (100,000 jobs, 302 searches, measured side by side)."""
    request_finished.disconnect(freeze_after_first_request)
    gc.collect()
    gc.freeze()


request_finished.connect(freeze_after_first_request)
