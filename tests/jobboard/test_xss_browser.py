"""The worst pages of a site full of hostile strings, loaded in headless chromium: no dialog
opens and no payload's script runs.

The Content-Security-Policy middleware is left out here, so that the escaping alone is on trial:
the policy would otherwise block an injected script and hide the hole it came through.
"""

from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.xss_corpus import PAYLOADS, URL_PAYLOADS, hostile_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the browser's own parser made of the page: event handlers and inline scripts.
LIVE_DANGERS = """() => {
  const handlers = [...document.querySelectorAll("*")].flatMap((element) =>
    [...element.attributes]
      .filter((attribute) => attribute.name.startsWith("on"))
      .map((attribute) => `<${element.localName} ${attribute.name}>`)
  );
  const scripts = [...document.querySelectorAll("script")]
    .filter((script) => !script.src && script.type !== "application/ld+json")
    .map((script) => `<script> ${script.textContent.slice(0, 80)}`);
  const links = [...document.querySelectorAll("[href], [src], [action], [formaction]")]
    .map((element) => element.getAttribute("href") || element.getAttribute("src") ||
      element.getAttribute("action") || element.getAttribute("formaction") || "")
    .filter((url) => /^\\s*(javascript|data|vbscript):/i.test(url));
  return [...handlers, ...scripts, ...links];
}"""
# Job and article pages of the payloads that try to leave a JSON-LD block, an attribute or the
# HTML namespace.
WORST = [0, 1, 6, 7, 9, 10, 16, 25]


@pytest.fixture
def no_csp(settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.startswith("csp.")]


@pytest.fixture
def watched(page):
    """The page, with every dialog recorded (and dismissed, so that loading goes on)."""
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page, dialogs


def test_the_payloads_run_when_printed_raw(watched):
    """The control: unescaped, the corpus does run, so a silent page below means escaping."""
    page, dialogs = watched
    page.set_content(f"<p>{''.join(PAYLOADS)}</p>")
    page.wait_for_timeout(100)  # autofocus and ontoggle fire after load
    assert page.evaluate("window.__xss") == 1
    assert dialogs


def test_no_script_runs_on_the_worst_pages(live_server, no_csp, watched):
    page, dialogs = watched
    site = hostile_site()
    client = Client()
    client.force_login(site.superuser)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    paths = [
        "/",
        "/jobs/",
        "/jobs/?page=2",
        f"/jobs/?q={quote(PAYLOADS[9])}&location={quote(PAYLOADS[6])}&tag={quote(PAYLOADS[1])}",
        "/salaries/",
        f"/salaries/?q={quote(PAYLOADS[0])}",
        "/articles/",
        *(site.jobs[index].get_absolute_url() for index in WORST),
        *(site.articles[index].get_absolute_url() for index in WORST[:4]),
        site.roles[6].get_absolute_url(),
        f"{site.roles[7].get_absolute_url()}?country={quote(URL_PAYLOADS[0])}",
        "/admin/jobs/job/",
        f"/admin/jobs/job/{site.jobs[6].pk}/change/",
        f"/admin/salaries/role/{site.roles[9].pk}/change/",
    ]
    ran = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status in (200, 400), path
        page.wait_for_timeout(50)  # give autofocus and ontoggle handlers their chance
        found = page.evaluate(LIVE_DANGERS)
        if found or page.evaluate("window.__xss") is not None:
            ran[path] = found
    assert page.title()  # the last page, the admin's, loaded signed in
    assert "Log in" not in page.title()
    assert ran == {}
    assert dialogs == []
