"""Hostile query strings at every public URL: never a 5xx, and a 400 always says what was wrong.

Hypothesis builds the query strings (unicode, NUL bytes, raw bytes that are not UTF-8, 100 KB
values, repeated keys, huge and negative numbers, SQL, template and full-text syntax, the XSS
corpus); the runs are derandomized and keep no example database, so CI sees the same requests
every time. Each URL also gets a fixed list of the nastiest cases.
"""

import json
from urllib.parse import quote_from_bytes
from xml.etree import ElementTree

import pytest
from django.db import transaction
from django.http import QueryDict
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from articles.filters import ArticleFilter
from articles.models import Article
from jobs.filters import JobFilter
from jobs.models import Job
from salaries.filters import RoleFilter, SalaryRecordFilter
from salaries.models import Role, SalaryRecord
from salaries.position import PositionForm
from tests.factories import (
    FeaturedJobFactory,
    PublishedArticleFactory,
    RoleFactory,
    SalaryRecordFactory,
)
from tests.xss_corpus import PAYLOADS, dangers, parse, unescaped

pytestmark = pytest.mark.django_db

EXAMPLES_PER_URL = 20


def labels(filterset_class, queryset) -> dict[str, str]:
    """Parameter -> the label the page's error box names it by."""
    form = filterset_class(queryset=queryset).form
    return {name: str(field.label) for name, field in form.fields.items()}


class Url:
    """A public URL and what its 400 answers look like."""

    def __init__(self, path, *, kind="html", labels=None, page=False, base="", json_key="slug"):
        """base: a valid query string every request starts with (an answer that needs some
        parameters); json_key: a key every 200 JSON answer has."""
        self.path, self.kind, self.page = path, kind, page
        self.base, self.json_key = base, json_key
        self.takes_parameters = labels is not None or page
        self._labels = labels or (lambda: {})

    @property
    def labels(self) -> dict[str, str]:
        found = self._labels()
        return {**found, "page": "page"} if self.page else found

    def __repr__(self):
        return self.path


def job_labels():
    return labels(JobFilter, Job.objects.none())


def record_labels():
    return labels(SalaryRecordFilter, SalaryRecord.objects.none())


def position_labels():
    return {name: str(field.label) for name, field in PositionForm().fields.items()}


OFFER = "amount=120000&currency=USD&period=year"


URLS = [
    Url("/"),
    Url("/jobs/", labels=job_labels, page=True),
    Url("/jobs/{job}/"),
    Url("/jobs/feed/rss/", kind="feed", labels=job_labels),
    Url("/jobs/feed/atom/", kind="feed", labels=job_labels),
    Url("/salaries/", labels=lambda: labels(RoleFilter, Role.objects.none())),
    Url("/salaries/{role}/", labels=record_labels),
    Url("/salaries/{role}.json", kind="json", labels=record_labels),
    Url("/salaries/{role}/position/", labels=position_labels),
    Url("/salaries/{role}/position/", labels=position_labels, base=OFFER),
    Url(
        "/salaries/{role}/position.json",
        kind="json",
        labels=position_labels,
        base=OFFER,
        json_key="role",
    ),
    Url("/articles/", labels=lambda: labels(ArticleFilter, Article.objects.none()), page=True),
    Url("/articles/{article}/"),
    Url("/articles/feed/", kind="feed"),
    Url("/sitemap.xml", kind="xml"),
    Url("/healthz", kind="text"),
]
KNOWN_KEYS = sorted(
    {
        "page",
        "p",
        *JobFilter.base_filters,
        *RoleFilter.base_filters,
        *SalaryRecordFilter.base_filters,
        *ArticleFilter.base_filters,
        *PositionForm.base_fields,
    }
)
NASTY_KEYS = ["", " ", "q[]", "q.0", "__proto__", "\x00", "q\x00", "ｑ", "Q", "PAGE", "%", "&"]
NASTY_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ufeff",
    "\u202e\u2066",
    "😀" * 20,
    "ǅ̶̧̛̀" * 30,
    "\r\n\t\x0b\x0c",
    "-1",
    "-0",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "١٢٣",
    "１２３",
    str(2**63),
    str(-(2**63) - 1),
    "9" * 5000,
    "1" * 4301,
    "' OR '1'='1",
    "1; DROP TABLE jobs_job;--",
    '" OR 1=1 --',
    "%' OR 1=1 --",
    "' UNION SELECT password FROM auth_user--",
    "\\",
    "%",
    "_",
    '"unclosed',
    "-",
    "!",
    "():*|&",
    "a & b | !c <-> d",
    "{{ 7|add:1336 }}",
    "{% debug %}",
    "{{ request.META }}",
    "${7*7}",
    "<%= 7*7 %>",
    "../../etc/passwd",
    "last",
    "A" * 100_000,
    *PAYLOADS,
]
RAW_JUNK = ["&", "&&", "=", "==", "%", "%zz", "%FF%FE", "%C0%AF", "q=%", ";", "+", "%2", "a=b=c"]


def as_bytes(value) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.sampled_from(NASTY_KEYS), st.text(max_size=8))
values = st.one_of(
    st.sampled_from(NASTY_VALUES),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(repr),
    st.binary(max_size=24),  # mostly not UTF-8
    st.builds(lambda char, n: char * n, st.characters(), st.integers(1_000, 100_000)),
)
pairs = st.lists(st.tuples(keys, values), max_size=8)
# Repeated keys with short values: a thousand 100 KB values would test only the test client.
short_values = st.one_of(st.sampled_from(NASTY_VALUES[:44]), st.text(max_size=20))
repeated = st.builds(
    lambda key, value, n: [(key, value)] * n, keys, short_values, st.integers(2, 300)
)
queries = st.tuples(st.one_of(pairs, repeated), st.lists(st.sampled_from(RAW_JUNK), max_size=3))


def query_string(pairs, junk=()) -> str:
    encoded = [f"{quote_from_bytes(as_bytes(k))}={quote_from_bytes(as_bytes(v))}" for k, v in pairs]
    return "&".join([*encoded, *junk])


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """One of everything the URLs name, built once, rolled back at the module's end."""
    with django_db_blocker.unblock(), transaction.atomic():
        role = RoleFactory(name="Data Engineer", aliases="DE")
        for amount in range(90_000, 150_000, 10_000):
            SalaryRecordFactory(role=role, amount_min=amount)
        job = FeaturedJobFactory(role=role, title="Data Engineer")
        job.tags.add("python")
        article = PublishedArticleFactory(title="Reading salary ranges")
        article.roles.add(role)
        article.tags.add("python")
        yield {"job": job.slug, "role": role.slug, "article": article.slug}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def fuzzed(request):
    """Counts the requests sent, and reports the figure at the end of the module."""
    counter = {"requests": 0}
    yield counter
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
            reporter.write_line(f"test_fuzz: {counter['requests']:,} hostile requests sent")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The page cache as production has it: hostile queries must not poison or break it."""
    settings.JOBS_CACHE_SECONDS = 60


def sent_keys(query: str) -> set[str]:
    return set(QueryDict(query))


def check(client, url: Url, path: str, query: str, fuzzed, *, case="random") -> None:
    fuzzed["requests"] += 1
    if url.base:
        query = f"{url.base}&{query}" if query else url.base
    response = client.get(path, QUERY_STRING=query)
    status = response.status_code
    where = f"{case}: {path}?{query[:300]}"
    assert status < 500, f"{where} answered {status}"
    assert status in (200, 400, 404), f"{where} answered {status}"
    body = response.content.decode()
    if response["Content-Type"].startswith("text/html"):
        assert dangers(body) == [], where
        assert unescaped(body) == [], where
    if status == 400:
        assert_names_the_problem(url, response, body, sent_keys(query), query)
    elif status == 200:
        assert_well_formed(url, response, body)


def assert_names_the_problem(url: Url, response, body: str, sent: set[str], query: str) -> None:
    where = f"{url.path}?{query[:300]}"
    if url.kind == "json":
        errors = json.loads(body)["errors"]
        assert errors and set(errors) <= sent, where
        assert all(messages and messages[0]["message"] for messages in errors.values()), where
        return
    if url.kind == "feed":
        assert response["Content-Type"].startswith("text/plain"), where
        assert body.startswith("This feed cannot use these filters. "), where
        assert any(f"{key}: " in body for key in sent), where
        return
    alerts = " ".join(parse(body).alerts)
    assert alerts.strip(), f"{where}: a 400 without an error box"
    named = [label for key, label in url.labels.items() if key in sent]
    assert named, f"{where}: a 400 for parameters the page does not take"
    assert any(label in alerts for label in named), f"{where}: {alerts!r} names none of {named}"


def assert_well_formed(url: Url, response, body: str) -> None:
    if url.kind == "json":
        assert json.loads(body)[url.json_key]
    elif url.kind in ("feed", "xml"):
        ElementTree.fromstring(response.content)
    elif url.kind == "text":
        assert body == "ok\n"


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_URL,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.mark.parametrize("url", URLS, ids=lambda url: url.path)
@FUZZ_SETTINGS
@given(query=queries)
def test_random_hostile_queries(client, site, fuzzed, url, query):
    pairs, junk = query
    check(client, url, url.path.format(**site), query_string(pairs, junk), fuzzed)


def fixed_cases() -> list[tuple[str, list]]:
    """The nastiest inputs, each sent to every parameter a URL has (and to one it has not)."""
    return [
        ("100 KB value", [(key, "A" * 100_000) for key in KNOWN_KEYS]),
        ("NUL bytes", [(key, "a\x00b") for key in KNOWN_KEYS]),
        ("invalid UTF-8", [(key, b"\xff\xfe\xc0\xaf") for key in KNOWN_KEYS]),
        ("huge numbers", [(key, "9" * 5000) for key in KNOWN_KEYS]),
        ("negative numbers", [(key, "-99999999999999999999") for key in KNOWN_KEYS]),
        ("floats", [(key, "1e309") for key in KNOWN_KEYS]),
        ("SQL", [(key, "' OR '1'='1'; DROP TABLE jobs_job;--") for key in KNOWN_KEYS]),
        ("template syntax", [(key, "{% debug %}{{ 7|add:1336 }}") for key in KNOWN_KEYS]),
        ("full-text syntax", [(key, '"unclosed & | ! <-> ():*') for key in KNOWN_KEYS]),
        ("repeated keys", [(key, str(n)) for key in KNOWN_KEYS for n in range(40)]),
        ("unicode", [(key, "ǅ̶̧̛̀😀\u202e\ufeff١٢٣") for key in KNOWN_KEYS]),
        ("script", [(key, PAYLOADS[0]) for key in KNOWN_KEYS]),
    ]


@pytest.mark.parametrize("url", URLS, ids=lambda url: url.path)
def test_the_nastiest_queries(client, site, fuzzed, url):
    for name, pairs in fixed_cases():
        check(client, url, url.path.format(**site), query_string(pairs), fuzzed, case=name)


# The Atom feed takes the RSS feed's parameters through the same class.
@pytest.mark.parametrize(
    "url",
    [url for url in URLS if url.takes_parameters and url.path != "/jobs/feed/atom/"],
    ids=lambda url: url.path,
)
def test_a_bad_value_for_each_parameter_is_named(client, site, fuzzed, url):
    """One parameter at a time, so the page must name that very parameter."""
    for key in url.labels:
        for value in ("A" * 100_000, "a\x00b", "-1", "9" * 5000):
            query = query_string([(key, value)])
            if url.base:
                query = f"{url.base}&{query}"
            response = client.get(url.path.format(**site), QUERY_STRING=query)
            fuzzed["requests"] += 1
            assert response.status_code < 500, query[:200]
            if response.status_code == 400:
                body = response.content.decode()
                assert_names_the_problem(url, response, body, {key}, query)


def test_too_many_parameters_answer_400_that_says_so(client, site, fuzzed):
    """Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters with a 400; the
    visitor should learn that the address has too many parameters, not only that it is bad."""
    query = query_string([("role", str(n)) for n in range(1_001)])
    fuzzed["requests"] += 1
    response = client.get("/jobs/", QUERY_STRING=query)
    assert response.status_code == 400
    assert "too many" in parse(response.content.decode()).text.lower()


def test_a_100_kb_role_search_is_answered_not_a_5xx(client, site, fuzzed):
    """The role search has no length limit: SQLite refuses a LIKE pattern over 50,000 bytes
    ("LIKE or GLOB pattern too complex"), which the error handler answers as a 503."""
    query = query_string([("q", "A" * 100_000)])
    fuzzed["requests"] += 1
    response = client.get("/salaries/", QUERY_STRING=query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "Search roles" in " ".join(parse(response.content.decode()).alerts)
