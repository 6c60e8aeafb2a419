"""jobboard/wsgi.py: the server's entry point."""

import subprocess
import sys

from django.conf import settings


def test_the_start_up_heap_is_frozen_out_of_the_collectors_walks():
    """A full garbage collection walks only what requests made, not Django and the apps: in a
    fresh process, as gunicorn starts a worker."""
    probe = "import gc, jobboard.wsgi; print(gc.get_freeze_count())"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    assert int(done.stdout.strip()) > 10_000, done.stderr
