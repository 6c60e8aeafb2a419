"""Jobboard settings. Every difference between deployments is read from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
import jinja2
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in TRUE_WORDS:
        return True
    if raw.strip().lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number, 0 or more; got {raw!r}.")
    return value


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# With debug on: Django's technical 404 and 500 pages (tracebacks, URL patterns) for a developer,
# or, off (as `make run` sets it), the board's own error pages, as visitors see them in production.
DEBUG_ERROR_PAGES = env_bool("DJANGO_DEBUG_ERROR_PAGES", default=True)
DEFAULT_EXCEPTION_REPORTER = "jobboard.error_pages.OwnErrorPageReporter"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    # Only ever used with debug on, on a developer's own machine.
    SECRET_KEY = "insecure-development-key-debug-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "jobboard.apps.JobboardAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_countries",
    "taggit",
    "csp",
    "axes",
    "jobboard.apps.JobboardConfig",
    "web",
    "salaries",
    "jobs",
    "articles",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the session, whose save it must see: picks the database a request reads from and
    # keeps a client that wrote on the primary (does nothing without DATABASE_REPLICA_URL).
    "jobboard.middleware.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside CommonMiddleware, which turns its 404 for "/jobs" into a redirect to "/jobs/".
    "jobboard.error_pages.OwnNotFoundPageMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobboard.urls"
WSGI_APPLICATION = "jobboard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # {% url %} with argument-less routes reversed once (web/templatetags/urls.py).
            "builtins": ["web.templatetags.urls"],
        },
    },
    # The fragments pages print most (a search's job cards and filter form, a salary page's
    # charts), inside Django's pages: web/jinja.py says why. A folder of their own, so neither
    # engine finds the other's.
    {
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "autoescape": True,
            # A misspelt name fails loudly rather than printing nothing.
            "undefined": jinja2.StrictUndefined,
            "trim_blocks": True,
            "lstrip_blocks": True,
        },
    },
]

# SQLite file in the project root unless DATABASE_URL names another database,
# e.g. postgres://postgres@127.0.0.1:5432/postgres
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# The covering indexes (INCLUDE columns) are PostgreSQL's; SQLite builds them without those
# columns, which costs it nothing it relies on: no warning on every command of the demo.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database host answers 503 after this many seconds instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DJANGO_DB_CONNECT_TIMEOUT", 5
    )
    # Short queries only: JIT compiling costs more than it saves (50 ms on a facet count).
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
# The statements a page runs every time in the same shape are PREPAREd once per connection
# (web/statements.py). Off behind a pooler that moves a client's statements between server
# sessions (PgBouncer in transaction mode), which loses statements prepared in SQL.
DB_PREPARED_STATEMENTS = env_bool("DJANGO_DB_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A streaming replica of the PostgreSQL primary, e.g. postgres://app@replica:5432/jobboard, takes
# the reads of public pages (jobboard/db_router.py says which; jobboard/replica.py watches it).
# Without it nothing changes: one database for everything.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
# A replica further behind than this is not read from (seconds).
DATABASE_REPLICA_MAX_LAG_SECONDS = env_int("DATABASE_REPLICA_MAX_LAG_SECONDS", 10)
# How often each process asks the replica how far it has got, and asks again after a failure.
DATABASE_REPLICA_CHECK_SECONDS = env_int("DATABASE_REPLICA_CHECK_SECONDS", 1)
DATABASE_REPLICA_RETRY_SECONDS = env_int("DATABASE_REPLICA_RETRY_SECONDS", 5)
if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs a PostgreSQL primary: set DATABASE_URL to postgres://..."
        )
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = {
        # A replica that does not answer costs a request this long once; its reads then go to
        # the primary until the retry.
        "connect_timeout": env_int("DATABASE_REPLICA_CONNECT_TIMEOUT", 2),
        "options": "-c jit=off",
    }
    # Tests have no replica: the alias reads the test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Without a replica every query it routes goes to the primary.
DATABASE_ROUTERS = ["jobboard.db_router.PrimaryReplicaRouter"]

# Redis when REDIS_URL is set (e.g. redis://127.0.0.1:6379/0), else memory local to each process
# for pages ("default"), and for the versions of cache topics ("versions", web/cache.py) a file
# cache in CACHE_VERSIONS_DIR, which every process on the machine sees: a save then drops a
# cached page in every worker at once, Redis or not.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_VERSIONS_DIR = os.environ.get("DJANGO_CACHE_VERSIONS_DIR", str(BASE_DIR / ".cache-versions"))
# django-redis rather than Django's own RedisCache for its IGNORE_EXCEPTIONS: while Redis is down
# or unreachable every cache read is a miss and every write does nothing, so pages are built
# uncached instead of failing, and its connection pool reconnects by itself once Redis is back.
# /readyz reports the outage. Each cache call waits at most REDIS_TIMEOUT_SECONDS for Redis.
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5"))
REDIS_CACHE = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": REDIS_URL,
    "OPTIONS": {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
        "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS,
    },
}
CACHES = {
    "default": REDIS_CACHE
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "versions": {**REDIS_CACHE, "KEY_PREFIX": "versions"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": CACHE_VERSIONS_DIR,
        # A version is never culled: one lost would make a page built under it look current.
        # A file per topic ever bumped (a job, a role, a company): far fewer than this.
        "OPTIONS": {"MAX_ENTRIES": 10_000_000},
    },
}

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The admin is the only place to sign in.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
# The board speaks English only: no catalogue to look up, so each of the thousands of labels a
# page shows (choices, country names) skips the translation machinery (issue 14: a card renders
# in about three quarters of the time).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` writes the files WhiteNoise serves.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "jobboard" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- HTTPS and security headers (`manage.py check --deploy` is clean with the defaults) ----------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get("DJANGO_SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = os.environ.get(
    "DJANGO_SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin"
)
# No page of this site is ever framed (the CSP says so too: frame-ancestors 'none').
X_FRAME_OPTIONS = "DENY"
# Off for a local run on plain http, or behind a TLS proxy that redirects by itself.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer may probe over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Browsers only take HSTS from an HTTPS response, so a local http run is never pinned.
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env_bool("DJANGO_BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Nothing inline runs or styles a page unless it carries the request's nonce
# (<script type="application/ld+json" nonce="{{ request.csp_nonce }}">).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Admin login lockout (django-axes) ---------------------------------------------------------
# Five wrong passwords for one username from one address lock that pair out for the cool-off;
# every further try during the lockout starts the cool-off again. Keying on the pair keeps a
# stranger from locking a real user out from everywhere.
AXES_ENABLED = env_bool("DJANGO_LOGIN_LOCKOUT", default=True)
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Failures are still logged; this only drops the banner every manage.py command would print.
AXES_VERBOSE = False

# --- Logging: one JSON object per line, tracebacks included, on stderr -------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "jobboard.log_format.JsonLineFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own console handler would print each error a second time, as plain text.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}

TAGGIT_CASE_INSENSITIVE = True

# --- Jobboard ---------------------------------------------------------------------------------

# How long an anonymous visitor may be served a cached job page (0 turns the cache off; off by
# default with debug on, so a changed template shows at once).
JOBS_CACHE_SECONDS = env_int("JOBS_CACHE_SECONDS", 0 if DEBUG else 60)

# The job search counts matching jobs exactly up to this many ("1,000+ jobs" beyond, and its facet
# choices then show no counts), and shows that many at most (the first 50 pages): a bound on the
# rows any request reads, whatever the size of the board (README, Performance).
JOBS_SEARCH_LIMIT = env_int("JOBS_SEARCH_LIMIT", 1_000)

# How long a published job stays up, unless a moderator sets another end (employers cannot: they
# may end their own job early with "End now").
JOB_LIFETIME_DAYS = 30
# Employers are emailed this many days before their job ends, with a link to renew it.
JOB_ENDING_REMINDER_DAYS = 3

# The plausibility rules for every salary that enters (salaries/validation.py). Yearly USD figures.
SALARY_PLAUSIBILITY = {
    # Refused outright.
    "HARD_MIN_USD": 1_000,
    "HARD_MAX_USD": 5_000_000,
    # Saved but held for a moderator.
    "REVIEW_MIN_USD": 15_000,  # a US full-time year at the federal minimum wage (7.25 x 2080)
    "REVIEW_MAX_USD": 1_000_000,
    "MAX_RANGE_RATIO": 3,  # real posted ranges: median 1.5x, 99th percentile 2.8x
    "HOURLY_SLIP_USD": 500,  # an "hourly" figure above this is probably another period
    "MONTHLY_SLIP_USD": 100_000,
    "YEARLY_SLIP_USD": 5_000,
    "OUTLIER_Z": 3.5,  # robust modified z-score of log(yearly USD) within the role
    "OUTLIER_MIN_POINTS": 30,
}

# A published figure never rests on fewer data points than this.
SALARY_MIN_POINTS = 5

# --- Mail ---------------------------------------------------------------------------------------
# EMAIL_URL names the mail server, parsed by dj-email-url: smtp://user:pass@host:587?tls=True,
# smtp://user:pass@host:465?ssl=True, submission://user:pass@host (587 with STARTTLS), console:
# (prints each message), file:///path, memory:, dummy:. With debug on the default is console:;
# without it, the machine's own mail server on port 25.
EMAIL_URL = os.environ.get("EMAIL_URL", "console:" if DEBUG else "smtp://localhost:25")
_email = dj_email_url.parse(EMAIL_URL)
if "EMAIL_BACKEND" not in _email:
    raise ImproperlyConfigured(
        f"EMAIL_URL must start with smtp:, submission:, console:, file:, memory: or dummy:; "
        f"got {EMAIL_URL.split(':', 1)[0]!r}."
    )
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
# A mail server that stops answering fails the message after this long instead of hanging cron.
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", _email.get("DEFAULT_FROM_EMAIL", "Jobboard <jobs@localhost>")
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The site's own address for links in emails, which are sent with no request to take a host from
# (from cron, say). Without it: the first allowed host over https, or make run's address in debug.
SITE_URL = os.environ.get(
    "SITE_URL",
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
).rstrip("/")

# --- Markdown texts (web/fields.py MarkdownField) -------------------------------------------------
# The longest job description and article body, in characters: forms state the limit and refuse
# a longer text. Rendering is linear in the length; the limit bounds one save's work (issue 19).
JOB_DESCRIPTION_MAX_LENGTH = env_int("DJANGO_JOB_DESCRIPTION_MAX_LENGTH", 20_000)
ARTICLE_BODY_MAX_LENGTH = env_int("DJANGO_ARTICLE_BODY_MAX_LENGTH", 100_000)

# --- Job alerts (alerts/) ---------------------------------------------------------------------
ALERTS_MAX_PER_ADDRESS = 10
# An alert nobody confirmed is deleted after this many days (its confirmation link lapses then).
ALERTS_UNCONFIRMED_DAYS = 7
# Jobs in one email; the email links to the whole search for the rest.
ALERTS_DIGEST_SIZE = 20
# How long the manage link in an email works (every email carries a fresh one; the unsubscribe
# link never lapses).
ALERTS_MANAGE_LINK_DAYS = 90
# Subscribe (and "email me my link") requests, per client address and per email address, as
# django-ratelimit rates. Counted in the cache: shared by every process with REDIS_URL.
ALERTS_RATE_PER_IP = os.environ.get("ALERTS_RATE_PER_IP", "20/h")
ALERTS_RATE_PER_ADDRESS = os.environ.get("ALERTS_RATE_PER_ADDRESS", "5/h")
# Behind a proxy every request comes from the proxy's address: name the request header in which
# the proxy passes the visitor's own (e.g. X-Real-IP); unset, the connection's address counts.
_client_ip_header = os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip()
RATELIMIT_IP_META_KEY = (
    "HTTP_" + _client_ip_header.upper().replace("-", "_") if _client_ip_header else None
)

# --- Public API (api/, issue 17): DRF, the OpenAPI schema and its docs, CORS on /api/ only -----
INSTALLED_APPS += [
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from this site: no CDN
    "corsheaders",
    "api",
]
# Before CommonMiddleware, as django-cors-headers asks, so that its answers carry the headers too.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "corsheaders.middleware.CorsMiddleware",
)
# Any site may read the API from a browser, GET only, without cookies; no other path is opened.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
# Requests an address may make to the API; more answer 429 with Retry-After.
API_THROTTLE_RATE = os.environ.get("DJANGO_API_THROTTLE_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],  # read-only: no request bodies
    # Nobody signs in: staff see in the API what everyone sees (no drafts, no previews).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PublicRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_THROTTLE_RATE},
    # The address throttled is the client's: behind the one proxy DJANGO_BEHIND_HTTPS_PROXY names,
    # the last X-Forwarded-For entry (the one the proxy added); else the connection's own.
    "NUM_PROXIES": 1 if env_bool("DJANGO_BEHIND_HTTPS_PROXY", default=False) else 0,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jobboard API",
    "DESCRIPTION": (
        "Read-only: the jobs, companies, salary figures and articles the site's pages show, as "
        "JSON. Lists are paged by cursor (`next` and `previous` links; `page_size` 1 to 100, 20 "
        f"by default). Anonymous callers may make {API_THROTTLE_RATE.replace('/', ' requests a ')} "
        "per address; more answer 429 with `Retry-After`. Answers carry an `ETag`: send it "
        "back as `If-None-Match` to get 304 while nothing changed. Errors are "
        '`{"errors": {parameter: [{"message", "code"}]}}`.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
