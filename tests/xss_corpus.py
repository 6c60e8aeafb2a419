"""Hostile strings for the XSS tests, a site that stores them in every field users fill in, and
a parser-based check that a page leaves them inert.

Every payload that would run script sets `window.__xss` or opens a dialog, so the browser test
can tell that one ran. Each fits the shortest field it goes into (a tag name: 100 characters) and
no two are the same ignoring case (role names must be unique that way).
"""

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.contrib.auth import get_user_model

from articles.models import Article
from jobs.models import Company, Job
from salaries.models import Role
from tests.factories import (
    FeaturedJobFactory,
    PublishedArticleFactory,
    PublishedJobFactory,
    SalaryRecordFactory,
    SalarySourceFactory,
)

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(2)>",
    '" autofocus onfocus="window.__xss=1',
    "' autofocus onfocus='window.__xss=1",
    '" onmouseover="window.__xss=1" x="',
    "</script><script>window.__xss=1</script>",
    "</SCRIPT ><!--<script>window.__xss=1</script>",
    "javascript:window.__xss=1",
    "data:text/html,<script>window.__xss=1</script>",
    '<a href="javascript:window.__xss=1">click me</a>',
    '<iframe src="javascript:window.__xss=1"></iframe>',
    "<details open ontoggle=window.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    '<object data="data:text/html,<script>window.__xss=1</script>">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    '<base href="javascript:window.__xss=1//">',
    "]]><script>window.__xss=1</script><![CDATA[",
    "{{ 7|add:1336 }}{% debug %}{{ settings.SECRET_KEY }}",
    "{{constructor.constructor('window.__xss=1')()}}",
    "${window.__xss=1}#{alert(3)}",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    '\u2028\u2029";window.__xss=1;//',
    "<input autofocus onfocus=window.__xss=1>",
    "<body onload=window.__xss=1>",
]

# Links that pass Django's URL validation (so an employer can type them) yet try to break out of
# the attribute they are printed in.
URL_PAYLOADS = [
    'https://example.com/?q="><script>window.__xss=1</script>',
    'https://example.com/"autofocus/onfocus="window.__xss=1',
    "https://example.com/'autofocus/onfocus='window.__xss=1",
    "https://example.com/#<img/src=x/onerror=window.__xss=1>",
    "https://example.com/</script><script>window.__xss=1</script>",
]

# Markdown that tries to make the renderer write a live link or image.
MARKDOWN_PAYLOADS = [
    "[click me](javascript:window.__xss=1)",
    "[click me](JaVaScRiPt:window.__xss=1)",
    "[click me](  javascript:window.__xss=1)",
    "[click me](&#106;avascript:window.__xss=1)",
    "![x](javascript:window.__xss=1)",
    "[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    '[x](https://example.com "t\\" onmouseover=\\"window.__xss=1")',
    "<javascript:window.__xss=1>",
    "<script>window.__xss=1</script>\n\n<img src=x onerror=window.__xss=1>",
]

# If a page ever rendered user text as a Django template, "{{ 7|add:1336 }}" would print this.
TEMPLATE_RESULT = "1343"

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "ping"}
)
DANGEROUS_SCHEMES = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
DATA_BLOCK_TYPES = frozenset({"application/ld+json", "application/json"})
# Elements no page of the site uses, each a way to run or load foreign code.
FOREIGN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base"})
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# What a browser ignores in a URL before its scheme.
URL_NOISE = re.compile(r"[\x00-\x20]+")


class PageParse(HTMLParser):
    """Every element, script block and piece of text of an HTML page, as a browser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[dict] = []  # {"attrs": ..., "text": ...}
        self.texts: list[str] = []
        self.alerts: list[str] = []  # the text of each role="alert" box: a page's error messages
        self._script = None
        self._open: list[str] = []  # tags of the open elements
        self._alert_depth = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "script":
            self._script = {"attrs": attributes, "text": ""}
            self.scripts.append(self._script)
        if tag in VOID_ELEMENTS:
            return
        self._open.append(tag)
        if attributes.get("role") == "alert" and self._alert_depth is None:
            self._alert_depth = len(self._open)
            self.alerts.append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag in self._open:
            while self._open.pop() != tag:
                pass
        if self._alert_depth is not None and len(self._open) < self._alert_depth:
            self._alert_depth = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data
            return
        self.texts.append(data)
        if self._alert_depth is not None:
            self.alerts[-1] += data

    @property
    def text(self) -> str:
        return "".join(self.texts)


def parse(html: str) -> PageParse:
    page = PageParse()
    page.feed(html)
    page.close()
    return page


def dangers(html: str) -> list[str]:
    """What in the page could run script: empty when every stored string stayed text."""
    page = parse(html)
    found = []
    for tag, attributes in page.elements:
        if tag in FOREIGN_ELEMENTS:
            found.append(f"<{tag}> element")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            found.append(f"<meta http-equiv=refresh content={attributes.get('content')!r}>")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>: an event handler")
            if name == "srcdoc":
                found.append(f"<{tag} srcdoc>")
            if name in URL_ATTRIBUTES and DANGEROUS_SCHEMES.match(URL_NOISE.sub("", value or "")):
                found.append(f"<{tag} {name}={value!r}>: a script or data URL")
    for script in page.scripts:
        attributes, text = script["attrs"], script["text"]
        kind = (attributes.get("type") or "").lower()
        if kind == "application/ld+json":
            if "<" in text:
                found.append(f"JSON-LD block holds a raw '<': {text[:120]!r}")
            try:
                json.loads(text)
            except ValueError as error:
                found.append(f"JSON-LD block is not JSON ({error}): {text[:120]!r}")
        elif kind in DATA_BLOCK_TYPES:
            if "<" in text:
                found.append(f"JSON block holds a raw '<': {text[:120]!r}")
        elif not (attributes.get("src") or "").startswith("/") or text.strip():
            # The site's own scripts are same-origin files; anything inline or foreign is not.
            found.append(f"<script {attributes}> {text[:120]!r}")
    return found


def unescaped(html: str) -> list[str]:
    """Payloads with a '<' found as they are: every way a page prints text escapes that sign."""
    return [
        payload
        for payload in (*PAYLOADS, *URL_PAYLOADS, *MARKDOWN_PAYLOADS)
        if "<" in payload and payload in html
    ]


def template_leaks(text: str, secret_key: str) -> list[str]:
    """Signs that stored text was run as a template rather than printed."""
    return [sign for sign in (TEMPLATE_RESULT, secret_key) if sign in text]


@dataclass
class HostileSite:
    jobs: list[Job]
    articles: list[Article]
    roles: list[Role]
    companies: list[Company]
    superuser: object = None


def saved(instance, *, exclude=()):
    """Stored only once the model's own validation accepts it: what a user could really enter."""
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def hostile_site() -> HostileSite:
    site = HostileSite([], [], [], [])
    source = SalarySourceFactory(name="survey")
    markdown = "\n\n".join(MARKDOWN_PAYLOADS)
    for index, payload in enumerate(PAYLOADS):
        link = URL_PAYLOADS[index % len(URL_PAYLOADS)]
        role = saved(Role(name=payload, aliases=f"{payload} (alias)\nalias {index}"))
        # Five points put the role on /salaries/ and the home page.
        SalaryRecordFactory.create_batch(5, role=role, source=source)
        company = saved(Company(name=payload, description=payload, website=link), exclude=["slug"])
        factory = FeaturedJobFactory if index % 4 == 0 else PublishedJobFactory
        job = factory.build(
            title=payload,
            company=company,
            role=role,
            location=payload,
            description=f"{payload}\n\n{markdown}",
            apply_url=link,
        )
        saved(job, exclude=["slug", "description_html"])
        job.tags.add(payload)
        article = PublishedArticleFactory.build(
            title=payload, summary=payload, body=f"## {payload}\n\n{markdown}", author_name=payload
        )
        saved(article, exclude=["slug", "body_html"])
        article.roles.add(role)
        article.tags.add(payload)
        site.roles.append(role)
        site.companies.append(company)
        site.jobs.append(job)
        site.articles.append(article)
    # No password: hashing one costs more than the whole admin check.
    site.superuser = get_user_model().objects.create(
        username="root", is_staff=True, is_superuser=True
    )
    return site
