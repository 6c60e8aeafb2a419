"""Stored and reflected XSS: every text field a user controls holds a hostile string, and every
page that shows it (lists, detail pages, feeds, JSON, sitemap, admin) prints it as inert text."""

import json
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from articles.models import Article
from jobs.models import Company, Job
from salaries.models import Role
from tests.xss_corpus import (
    MARKDOWN_PAYLOADS,
    PAYLOADS,
    URL_PAYLOADS,
    dangers,
    hostile_site,
    parse,
    template_leaks,
    unescaped,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Every field users fill in, each holding the whole corpus across the hostile site's objects.
FIELDS_COVERED = {
    (Job, "title"): PAYLOADS,
    (Job, "description"): PAYLOADS,
    (Job, "location"): PAYLOADS,
    (Job, "apply_url"): URL_PAYLOADS,
    (Job, "tags__name"): PAYLOADS,
    (Company, "name"): PAYLOADS,
    (Company, "description"): PAYLOADS,
    (Company, "website"): URL_PAYLOADS,
    (Role, "name"): PAYLOADS,
    (Role, "aliases"): PAYLOADS,
    (Article, "title"): PAYLOADS,
    (Article, "summary"): PAYLOADS,
    (Article, "body"): PAYLOADS,
    (Article, "author_name"): PAYLOADS,
    (Article, "tags__name"): PAYLOADS,
}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back at its end; each test still
    runs in a savepoint of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield hostile_site()
        transaction.set_rollback(True)


def inert_html(client, url, *, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    html = response.content.decode()
    assert dangers(html) == [], url
    assert unescaped(html) == [], url
    assert template_leaks(parse(html).text, settings.SECRET_KEY) == [], url
    return html


def text_of(html: str) -> str:
    return parse(html).text


# Where a page could print a string: text, either kind of quoted attribute, a link, JSON-LD.
RAW_CONTEXTS = [
    "<p>{}</p>",
    '<a title="{}">x</a>',
    "<a title='{}'>x</a>",
    '<a href="{}">x</a>',
    '<script type="application/ld+json">{{"name": "{}"}}</script>',
]
# Harmless as HTML; they would show if a page ran text as a template or unescaped it twice, which
# the pages' text checks below catch (they must print these exactly).
TEXT_ONLY = {
    "{{ 7|add:1336 }}{% debug %}{{ settings.SECRET_KEY }}",
    "{{constructor.constructor('window.__xss=1')()}}",
    "${window.__xss=1}#{alert(3)}",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
}


@pytest.mark.parametrize("payload", [*PAYLOADS, *URL_PAYLOADS, *MARKDOWN_PAYLOADS[-1:]])
def test_the_checks_catch_each_payload_printed_raw(payload):
    """Without escaping, every payload trips the checks in some context: they can fail."""
    caught = [
        context
        for context in RAW_CONTEXTS
        if dangers(context.format(payload)) or unescaped(context.format(payload))
    ]
    assert bool(caught) != (payload in TEXT_ONLY)


@pytest.mark.parametrize(
    ("model", "field"), FIELDS_COVERED, ids=[f"{m.__name__}.{f}" for m, f in FIELDS_COVERED]
)
def test_every_field_holds_the_whole_corpus(site, model, field):
    """The models' own validation let every payload through, unchanged: users can enter them."""
    stored = list(model.objects.values_list(field, flat=True))
    for payload in FIELDS_COVERED[model, field]:
        assert any(payload in value for value in stored), (field, payload)
    if (model, field) in ((Job, "description"), (Article, "body")):  # Markdown fields
        assert all(all(md in value for md in MARKDOWN_PAYLOADS) for value in stored)


def test_list_pages_print_every_payload_as_text(client, site):
    pages = {
        "jobs": ["/jobs/", "/jobs/?page=2"],
        "salaries": ["/salaries/"],
        "articles": ["/articles/", "/articles/?page=2", "/articles/?page=3"],
        "home": ["/"],
    }
    texts = {
        name: "".join(text_of(inert_html(client, url)) for url in urls)
        for name, urls in pages.items()
    }
    for payload in PAYLOADS:
        # A job card: title, company, place and tag.
        assert texts["jobs"].count(payload) >= 4, payload
        assert payload in texts["salaries"], payload
        # An article card: title and summary.
        assert texts["articles"].count(payload) >= 2, payload
    assert sum(payload in texts["home"] for payload in PAYLOADS) >= 8


def test_job_pages_print_every_field_as_text(client, site):
    for job in site.jobs:
        html = inert_html(client, job.get_absolute_url())
        text = text_of(html)
        # Title, company (twice), place, company description, tag and the role's salary link.
        assert text.count(job.title) >= 7, job.title
        assert job.company.website in text
        blocks = [s for s in parse(html).scripts if s["attrs"].get("type") == "application/ld+json"]
        posting = json.loads(blocks[0]["text"])
        assert posting["title"] == job.title
        assert posting["hiringOrganization"] == {
            "@type": "Organization",
            "name": job.company.name,
            "sameAs": job.company.website,
        }


def test_a_job_pages_apply_button_never_links_to_script(client, site):
    """Defence in depth: a javascript: link saved past the form's validation is not linked."""
    job = site.jobs[0]
    Job.objects.filter(pk=job.pk).update(apply_url="javascript:window.__xss=1", apply_email="")
    html = inert_html(client, job.get_absolute_url())
    assert "Apply for this job" not in text_of(html)


def test_markdown_cannot_make_live_links(client, site):
    html = inert_html(client, site.jobs[1].get_absolute_url())
    hrefs = [attrs.get("href") or "" for tag, attrs in parse(html).elements if tag == "a"]
    # The site's own links carry slugs of the payloads; any other link must be a web address.
    links = [href for href in hrefs if not href.startswith(("/", "#", "https://", "mailto:"))]
    assert links == []
    assert "click me" in text_of(html)


def test_article_pages_print_every_field_as_text(client, site):
    for article in site.articles:
        html = inert_html(client, article.get_absolute_url())
        text = text_of(html)
        # Title, heading of the body, its contents entry, author, topic, and the role's insight.
        assert text.count(article.title) >= 5, article.title
        blocks = [s for s in parse(html).scripts if s["attrs"].get("type") == "application/ld+json"]
        data = json.loads(blocks[0]["text"])
        assert (data["headline"], data["description"]) == (article.title, article.summary)
        assert data["author"]["name"] == article.author_name
        assert data["keywords"] == [article.title]


def test_role_pages_and_their_json_print_the_name_as_text(client, site):
    for role in site.roles:
        text = text_of(inert_html(client, role.get_absolute_url()))
        assert text.count(role.name) >= 2, role.name  # heading and page title
        response = client.get(reverse("salaries:role_json", kwargs={"slug": role.slug}))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response.json()["role"] == role.name


def test_position_pages_and_their_json_print_the_name_as_text(client, site):
    offer = "amount=100000&currency=USD&period=year"
    for role in site.roles:
        url = reverse("salaries:position", kwargs={"slug": role.slug})
        text = text_of(inert_html(client, f"{url}?{offer}"))
        assert f"{role.name} salaries worldwide" in text, role.name  # the sentence
        response = client.get(
            reverse("salaries:position_json", kwargs={"slug": role.slug}), {"amount": "100000"}
        )
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response.json()["role"] == role.name


def test_position_form_echoes_hostile_input_as_inert_text(client, site):
    url = reverse("salaries:position", kwargs={"slug": site.roles[0].slug})
    for payload in [*PAYLOADS, *URL_PAYLOADS]:
        value = quote(payload, safe="")
        response = client.get(f"{url}?amount={value}&currency={value}&country={value}")
        assert response.status_code == 400
        body = response.content.decode()
        assert dangers(body) == [], payload
        assert unescaped(body) == [], payload


def feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def test_job_feeds_carry_the_payloads_as_text_and_inert_html(client, site):
    rss = feed_entries(client, "/jobs/feed/rss/")
    items = rss.findall("./channel/item")
    assert len(items) == len(PAYLOADS)
    for item in items:
        title = item.findtext("title")
        assert any(title.startswith(f"{payload} at {payload}") for payload in PAYLOADS), title
        description = item.findtext("description")
        # Feed readers render the description as HTML.
        assert dangers(description) == [], title
        assert title.split(" at ")[0] in text_of(description)
    atom = feed_entries(client, "/jobs/feed/atom/")
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == len(PAYLOADS)
    for entry in entries:
        assert dangers(entry.findtext(f"{ATOM}summary")) == []
        assert entry.find(f"{ATOM}author/{ATOM}name").text in PAYLOADS


def test_article_feed_carries_the_payloads_as_text(client, site):
    atom = feed_entries(client, "/articles/feed/")
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 20  # the feed's length
    for entry in entries:
        title = entry.findtext(f"{ATOM}title")
        assert title in PAYLOADS
        assert entry.find(f"{ATOM}title").get("type") in (None, "text")
        assert entry.find(f"{ATOM}author/{ATOM}name").text == title
        assert [category.get("term") for category in entry.findall(f"{ATOM}category")] == [title]


def test_article_feed_summary_is_escaped_for_its_html_type(client, site):
    """Atom's <summary type="html"> is HTML to a feed reader: a plain-text summary must arrive
    escaped, so the reader shows it as the text it is instead of running it."""
    atom = feed_entries(client, "/articles/feed/")
    for entry in atom.findall(f"{ATOM}entry"):
        summary = entry.find(f"{ATOM}summary")
        title = entry.findtext(f"{ATOM}title")
        assert summary.get("type") == "html"
        assert dangers(summary.text) == [], title
        assert text_of(summary.text) == title


def test_sitemap_lists_plain_addresses_only(client, site):
    index = feed_entries(client, "/sitemap.xml")
    sections = [element.text for element in index.iter(f"{SITEMAP}loc")]
    locations = [
        element.text
        for section in sections
        for element in feed_entries(client, urlsplit(section).path).iter(f"{SITEMAP}loc")
    ]
    expected = {
        *(job.get_absolute_url() for job in site.jobs),
        *(article.get_absolute_url() for article in site.articles),
        *(role.get_absolute_url() for role in site.roles),
    }
    assert {urlsplit(location).path for location in locations} >= expected
    for location in locations:
        assert not set(location) & set("<>\"' {}"), location


# Pages that print their query string back: in the search box, the chips, the error box, links.
REFLECTING_PAGES = [
    "/jobs/?q={0}&location={0}&tag={0}&company={0}&role={0}&page={0}",
    "/jobs/feed/rss/?tag={0}",
    "/salaries/?q={0}&sort={0}",
    "/articles/?q={0}&role={0}&tag={0}&page={0}",
]


def test_query_strings_are_echoed_as_inert_text(client, site):
    role = site.roles[0]
    for payload in [*PAYLOADS, *URL_PAYLOADS]:
        value = quote(payload, safe="")
        for page in REFLECTING_PAGES:
            response = client.get(page.format(value))
            assert response.status_code in (200, 400, 404), page
            kind = response["Content-Type"]
            body = response.content.decode()
            if kind.startswith("text/html"):
                assert dangers(body) == [], (page, payload)
                assert unescaped(body) == [], (page, payload)
            elif response.status_code == 200:
                # A feed: its title names the filter, as the text it is.
                title = ElementTree.fromstring(response.content).findtext("./channel/title")
                assert payload.strip() in title, (page, payload)
            else:
                # A browser shows text/plain as text: nosniff stops it guessing HTML.
                assert kind.startswith("text/plain")
                assert response["X-Content-Type-Options"] == "nosniff"
        response = client.get(f"{role.get_absolute_url()}?country={value}&year={value}")
        assert response.status_code == 400
        assert dangers(response.content.decode()) == [], payload
        response = client.get(f"/salaries/{role.slug}.json?experience_level={value}")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert list(response.json()["errors"]) == ["experience_level"]


@pytest.fixture
def admin_client_with_site(client, site):
    client.force_login(site.superuser)
    return client


# An admin form takes a third of a second to render, so its pages are checked with one payload
# of each kind (element, attribute break-out, script break-out, URL, CDATA, entity, template).
ADMIN_SAMPLE = [0, 2, 6, 7, 9, 12, 20, 21, 24]
ADMIN_MODELS = [
    ("jobs", "job", "jobs"),
    ("jobs", "company", "companies"),
    ("salaries", "role", "roles"),
    ("articles", "article", "articles"),
]


@pytest.mark.parametrize(("app", "model", "attribute"), ADMIN_MODELS)
def test_admin_lists_and_forms_print_payloads_as_text(
    admin_client_with_site, site, app, model, attribute
):
    client = admin_client_with_site
    changelist = reverse(f"admin:{app}_{model}_changelist")
    text = text_of(inert_html(client, changelist))
    assert sum(payload in text for payload in PAYLOADS) == len(PAYLOADS)
    for index in ADMIN_SAMPLE[:3]:
        inert_html(client, f"{changelist}?q={quote(PAYLOADS[index])}")
    for index in ADMIN_SAMPLE:
        instance = getattr(site, attribute)[index]
        html = inert_html(client, reverse(f"admin:{app}_{model}_change", args=[instance.pk]))
        assert str(instance) in text_of(html)


def test_admin_tags_print_payloads_as_text(admin_client_with_site):
    from taggit.models import Tag

    client = admin_client_with_site
    text = text_of(inert_html(client, reverse("admin:taggit_tag_changelist")))
    assert all(payload in text for payload in PAYLOADS)
    for tag in Tag.objects.filter(name__in=[PAYLOADS[index] for index in ADMIN_SAMPLE]):
        inert_html(client, reverse("admin:taggit_tag_change", args=[tag.pk]))


def test_admin_salary_records_print_role_names_as_text(admin_client_with_site):
    client = admin_client_with_site
    text = text_of(inert_html(client, reverse("admin:salaries_salaryrecord_changelist")))
    assert sum(payload in text for payload in PAYLOADS) >= 10
