import os
import subprocess
import sys
from pathlib import Path

import jobboard

PROJECT = Path(jobboard.__file__).resolve().parent.parent
SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
    "settings.DATABASES['default']['NAME'], settings.ALLOWED_HOSTS)"
)


def start(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, "DJANGO_SETTINGS_MODULE": "jobboard.settings", **env},
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )


def test_production_without_a_secret_key_stops_with_a_clear_message():
    result = start()
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key_on_sqlite_in_the_project_root():
    result = start(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    debug, engine, name, hosts = result.stdout.split(" ", 3)
    assert debug == "True"
    assert engine == "django.db.backends.sqlite3"
    assert name == str(PROJECT / "db.sqlite3")


def test_database_url_and_hosts_come_from_the_environment():
    result = start(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/jobs",
        DJANGO_ALLOWED_HOSTS="jobs.example.com, www.jobs.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False django.db.backends.postgresql jobs ['jobs.example.com', 'www.jobs.example.com']"
    )


def test_an_unreadable_debug_flag_is_refused():
    result = start(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr
