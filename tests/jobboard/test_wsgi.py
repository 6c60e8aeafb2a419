"""jobboard/wsgi.py: the server's entry point."""

import subprocess
import sys

from django.conf import settings


def frozen_after(probe: str) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    return [int(line) for line in done.stdout.split()]


def test_the_first_request_freezes_what_it_loaded_once():
    """What the first request loads for good joins the frozen heap; later requests leave the
    collector as it is (the receiver is gone after the first)."""
    start, first, second = frozen_after(
        "import gc, jobboard.wsgi\n"
        "from django.core.signals import request_finished\n"
        "print(gc.get_freeze_count())\n"
        "kept = [[n] for n in range(50_000)]\n"
        "request_finished.send(sender=None); print(gc.get_freeze_count())\n"
        "more = [[n] for n in range(50_000)]\n"
        "request_finished.send(sender=None); print(gc.get_freeze_count())\n"
    )
    assert first >= start + 50_000
    assert second == first


def test_the_start_up_heap_is_frozen_out_of_the_collectors_walks():
    """A full garbage collection walks only what requests made, not Django and the apps: in a
    fresh process, as gunicorn starts a worker."""
    [frozen] = frozen_after("import gc, jobboard.wsgi; print(gc.get_freeze_count())")
    assert frozen > 10_000


def test_the_urlconf_is_loaded_as_the_worker_starts():
    """The URLconf's imports (the API, its schema) are made before any request, and frozen with
    the rest of the start-up heap."""
    [loaded] = frozen_after(
        "import sys, jobboard.wsgi; print(int('drf_spectacular.views' in sys.modules))"
    )
    assert loaded == 1
