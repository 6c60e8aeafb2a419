import os
import secrets
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


SECURITY = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "getattr(s, 'SECURE_PROXY_SSL_HEADER', None) is not None, s.AXES_FAILURE_LIMIT, "
    "int(s.AXES_COOLOFF_TIME.total_seconds()))"
)
PRODUCTION = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "example.com"}


def security_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", SECURITY],
        env={**clean, "DJANGO_SETTINGS_MODULE": "jobboard.settings", **env},
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_check_deploy_reports_nothing_with_only_the_three_production_variables():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, "DJANGO_DEBUG": "0", **PRODUCTION},
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_defaults_redirect_to_https_pin_it_and_secure_the_cookies():
    assert security_settings(**PRODUCTION) == [
        "True", "31536000", "True", "True", "True", "True", "False", "5", "900"
    ]  # fmt: skip


def test_debug_defaults_stay_on_plain_http():
    redirect, hsts, *_, cookies, csrf_cookies, proxy, limit, cooloff = security_settings(
        DJANGO_DEBUG="1"
    )
    assert (redirect, hsts, cookies, csrf_cookies) == ("False", "0", "False", "False")


def test_every_security_setting_can_be_changed_from_the_environment():
    assert security_settings(
        **PRODUCTION,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="3600",
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="no",
        DJANGO_SECURE_HSTS_PRELOAD="off",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_BEHIND_HTTPS_PROXY="1",
        DJANGO_LOGIN_FAILURE_LIMIT="10",
        DJANGO_LOGIN_COOLOFF_MINUTES="60",
    ) == ["False", "3600", "False", "False", "False", "False", "True", "10", "3600"]


def test_a_number_setting_that_is_not_a_whole_number_is_refused():
    result = start(**PRODUCTION, DJANGO_SECURE_HSTS_SECONDS="one year")
    assert result.returncode != 0
    assert "DJANGO_SECURE_HSTS_SECONDS must be a whole number, 0 or more; got 'one year'" in (
        result.stderr
    )


def test_the_page_cache_lifetime_is_a_whole_number_too():
    result = start(**PRODUCTION, JOBS_CACHE_SECONDS="a minute")
    assert result.returncode != 0
    assert "JOBS_CACHE_SECONDS must be a whole number, 0 or more; got 'a minute'" in result.stderr
