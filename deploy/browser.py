"""A scripted visitor for cluster-check: cookies, the admin's login and its change form."""

import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar


@dataclass
class Answer:
    status: int
    body: str
    headers: dict
    seconds: float

    def has(self, text: str) -> bool:
        return text in self.body


class FormFields(HTMLParser):
    """The values a browser would send for the form with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the newline that follows the opening tag.
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


@dataclass
class Visitor:
    """One browser: its own cookies (for 127.0.0.1, shared by every port as browsers do)."""

    jar: CookieJar = field(default_factory=CookieJar)

    def __post_init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def forget_cookie(self, name: str) -> None:
        for found in [c for c in self.jar if c.name == name]:
            self.jar.clear(found.domain, found.path, found.name)

    def get(self, url: str, *, timeout: float = 30) -> Answer:
        return self._open(urllib.request.Request(url), timeout)

    def post(self, url: str, fields: list[tuple[str, str]], *, timeout: float = 30) -> Answer:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(url, data=data, method="POST"), timeout)

    def _open(self, request, timeout) -> Answer:
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=timeout) as answer:
                body, status, headers = answer.read(), answer.status, dict(answer.headers)
        except urllib.error.HTTPError as error:
            body, status, headers = error.read(), error.code, dict(error.headers)
        return Answer(status, body.decode(errors="replace"), headers, time.monotonic() - started)

    def form(self, url: str, form_id: str) -> list[tuple[str, str]]:
        page = self.get(url)
        if page.status != 200:
            raise SystemExit(f"{url} answered {page.status}")
        parser = FormFields(form_id)
        parser.feed(page.body)
        if not parser.fields:
            raise SystemExit(f"{url} has no form #{form_id}")
        return parser.fields

    def log_in(self, base: str, username: str, password: str) -> Answer:
        fields = dict(self.form(f"{base}/admin/login/", "login-form"))
        fields.update(username=username, password=password, next="/admin/")
        return self.post(f"{base}/admin/login/", list(fields.items()))

    def change(self, base: str, admin_path: str, form_id: str, **values: str) -> Answer:
        """Open an admin change form, change some fields, press Save."""
        url = f"{base}{admin_path}"
        fields = [(name, value) for name, value in self.form(url, form_id) if name not in values]
        return self.post(url, [*fields, *values.items(), ("_save", "Save")])
