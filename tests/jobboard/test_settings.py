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


def start(code: str = SHOW, **env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    return subprocess.run(
        [sys.executable, "-c", code],
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


MAIL = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
    "s.EMAIL_HOST_PASSWORD or '-', s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.EMAIL_TIMEOUT, "
    "repr(s.DEFAULT_FROM_EMAIL), s.SITE_URL)"
)


def mail_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "EMAIL_", "DEFAULT_FROM", "SITE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-c", MAIL],
        env={**clean, "DJANGO_SETTINGS_MODULE": "jobboard.settings", **env},
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )


def test_mail_goes_to_the_console_with_debug_and_to_the_local_server_without():
    debug = mail_settings(DJANGO_DEBUG="1")
    assert debug.stdout.split()[0] == "console"
    assert debug.stdout.split()[-1] == "http://127.0.0.1:8000"
    production = mail_settings(**PRODUCTION)
    assert production.stdout.split() == [
        "smtp", "localhost", "25", "-", "False", "False", "30", "'Jobboard", "<jobs@localhost>'",
        "https://example.com",
    ]  # fmt: skip


def test_the_mail_server_and_sender_come_from_email_url_and_the_environment():
    result = mail_settings(
        **PRODUCTION,
        EMAIL_URL="smtp://mailer:s%40cret@mail.example.com:587?tls=True&timeout=10",
        DEFAULT_FROM_EMAIL="Jobs <jobs@example.com>",
        SITE_URL="https://jobs.example.com/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "smtp", "mail.example.com", "587", "mailer", "s@cret", "True", "False", "10",
        "'Jobs", "<jobs@example.com>'", "https://jobs.example.com",
    ]  # fmt: skip
    ssl = mail_settings(**PRODUCTION, EMAIL_URL="smtp://u:p@mail.example.com:465?ssl=True")
    assert ssl.stdout.split()[5:7] == ["False", "True"]


def test_an_email_url_of_an_unknown_kind_is_refused_with_a_clear_message():
    result = mail_settings(**PRODUCTION, EMAIL_URL="carrier-pigeon://loft")
    assert result.returncode != 0
    assert "EMAIL_URL must start with smtp:, submission:, console:" in result.stderr
    assert "got 'carrier-pigeon'" in result.stderr


def test_the_page_cache_lifetime_is_a_whole_number_too():
    result = start(**PRODUCTION, JOBS_CACHE_SECONDS="a minute")
    assert result.returncode != 0
    assert "JOBS_CACHE_SECONDS must be a whole number, 0 or more; got 'a minute'" in result.stderr


SCALE_OUT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "replica = s.DATABASES.get('replica', {}); cache = s.CACHES['default']; "
    "print(sorted(s.DATABASES), replica.get('PORT'), replica.get('TEST', {}).get('MIRROR'), "
    "replica.get('OPTIONS', {}).get('connect_timeout'), s.DATABASE_ROUTERS, "
    "cache['BACKEND'], cache.get('OPTIONS', {}).get('IGNORE_EXCEPTIONS'))"
)


def test_a_replica_url_adds_the_replica_database():
    result = start(
        SCALE_OUT,
        **PRODUCTION,
        DATABASE_URL="postgres://app@db1:5432/jobboard",
        DATABASE_REPLICA_URL="postgres://app@db2:5432/jobboard",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" django")[0] == (
        "['default', 'replica'] 5432 default 2 ['jobboard.db_router.PrimaryReplicaRouter']"
    )


def test_without_a_replica_url_there_is_one_database():
    result = start(SCALE_OUT, **PRODUCTION, DATABASE_URL="postgres://app@db1:5432/jobboard")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("['default'] None None None")


def test_a_replica_needs_a_postgresql_primary():
    result = start(SCALE_OUT, **PRODUCTION, DATABASE_REPLICA_URL="postgres://app@db2/jobboard")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL needs a PostgreSQL primary" in result.stderr


def test_redis_is_the_cache_that_ignores_its_own_outages():
    result = start(SCALE_OUT, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django_redis.cache.RedisCache", "True"]
