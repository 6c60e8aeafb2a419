import tempfile
from pathlib import Path

import pytest
from django.conf import settings

import salaries
from tests import browsers
from tests.smtp import Mailbox, SMTPServer

DATA = Path(salaries.__file__).parent / "data" / "aijobs"
SNAPSHOT_2023 = DATA / "salaries_aijobs_2023-05-14_prefloor.csv"
SNAPSHOT_2021 = DATA / "salaries_aijobs_2021-09-26_early.csv"


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """The manifest storage needs `collectstatic`; tests render templates without running it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made by the hundred in tests; a deliberately slow hash is no use there."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The versions of cached pages live in a directory every process of the machine shares (see
# jobboard/settings.py): a test run gets one of its own, so that two runs of the suite in the same
# checkout (say SQLite and PostgreSQL at once) never bump or clear each other's versions.
if settings.CACHES["versions"]["BACKEND"].endswith("FileBasedCache"):
    settings.CACHES["versions"]["LOCATION"] = tempfile.mkdtemp(prefix="jobboard-test-versions-")


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages and statistics never leak from one test's database into the next."""
    from django.core.cache import caches

    for name in ("default", "versions"):
        caches[name].clear()
    yield
    for name in ("default", "versions"):
        caches[name].clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_type):
    """The browser `make test` provisioned (tests/browsers.py), chosen by the same rule."""
    browser = browsers.first_that_starts(
        browsers.candidates(browser_type.executable_path), browser_type.launch
    )
    if browser is None:
        pytest.fail(browsers.NO_BROWSER, pytrace=False)
    return {**browser_type_launch_args, **browser.launch_args()}


@pytest.fixture
def snapshot_2023():
    return SNAPSHOT_2023


@pytest.fixture
def snapshot_2021():
    return SNAPSHOT_2021


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port, and Django sending to it; yields its mailbox
    (`.received`, `.refuse`, `.url` for another process's EMAIL_URL)."""
    mailbox = Mailbox()
    server = SMTPServer(mailbox)
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield mailbox
    finally:
        server.stop()
