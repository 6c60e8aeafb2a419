import json
import re
from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import JobStatus
from jobs.models.job import _cards_statement
from jobs.views import similar_jobs
from salaries.choices import ReviewState
from tests.factories import (
    CompanyFactory,
    EmployerFactory,
    FeaturedJobFactory,
    JobFactory,
    PublishedArticleFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
    SubmittedJobFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("jobs:list")


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


# --- the list ---


def test_job_list_shows_visible_jobs_with_their_card_facts(client):
    job = PublishedJobFactory(
        title="Data Engineer",
        salary_min=Decimal(120_000),
        salary_max=Decimal(160_000),
        experience_level="SE",
        published_at=timezone.now() - timedelta(days=3, hours=2),
    )
    job.tags.add("python")
    JobFactory(title="Draft Job")
    html = text(client.get(LIST))
    assert "Data Engineer" in html and job.company.name in html
    assert "USD 120K - 160K" in html
    assert "Full Time" in html and "Senior-level / Expert" in html
    assert "3 days ago" in html
    assert f'href="{LIST}?tag=python"' in html
    assert "1 job" in html
    assert "Draft Job" not in html


def test_salaries_are_written_as_job_seekers_know_them(client):
    PublishedJobFactory(
        title="Hourly",
        salary_min=Decimal(45),
        salary_max=Decimal(60),
        salary_currency="USD",
        salary_period="hour",
    )
    PublishedJobFactory(title="Fixed", salary_min=Decimal(120_000), salary_max=Decimal(120_000))
    html = text(client.get(LIST))
    assert "USD 45 - 60 / hour" in html
    assert "USD 120K<" in html


def test_a_salary_in_another_currency_or_period_shows_its_yearly_usd(client):
    job = PublishedJobFactory(
        title="Oslo",
        salary_min=Decimal(850_000),
        salary_max=Decimal(1_050_000),
        salary_currency="NOK",
        salary_annual_usd_min=79_600,
        salary_annual_usd_max=98_300,
    )
    expected = "NOK 850K - 1,050K (about USD 80K - 98K a year)"
    assert expected in text(client.get(LIST))
    assert f'<strong class="salary">{expected}</strong>' in text(client.get(job.get_absolute_url()))


def test_a_salary_waiting_for_review_is_not_shown(client):
    job = PublishedJobFactory(
        salary_min=Decimal(15),
        salary_max=Decimal(70),
        salary_period="hour",
        salary_review=ReviewState.NEEDS_REVIEW,
    )
    html = text(client.get(LIST))
    assert "USD 15 - 70" not in html
    detail = text(client.get(job.get_absolute_url()))
    assert "USD 15 - 70" not in detail
    assert "Being checked by a moderator" in detail
    assert "baseSalary" not in detail


def test_a_job_disappears_the_second_it_expires(client):
    job = PublishedJobFactory(title="Ending Soon")
    assert "Ending Soon" in text(client.get(LIST))
    job.expires_at = timezone.now() - timedelta(seconds=1)
    job.save()
    assert "Ending Soon" not in text(client.get(LIST))


def test_facet_counts_sit_beside_the_choices(client):
    PublishedJobFactory.create_batch(2, employment_type="FT")
    PublishedJobFactory(employment_type="PT")
    html = text(client.get(LIST, {"employment_type": "PT"}))
    assert re.search(r'value="FT"[^>]*> Full Time <span class="count">\(2\)', html)
    assert re.search(r'value="PT" checked> Part Time <span class="count">\(1\)', html)
    assert "1 job" in html


def test_featured_jobs_matching_the_filters_are_pinned_once(client):
    FeaturedJobFactory(title="Featured FT", employment_type="FT")
    FeaturedJobFactory(title="Featured PT", employment_type="PT")
    PublishedJobFactory(title="Plain FT", employment_type="FT")
    html = text(client.get(LIST, {"employment_type": "FT"}))
    pinned = html.split('id="pinned-heading"')[1]
    assert "Featured job" in html
    assert pinned.count("Featured FT") == 1
    assert "Featured PT" not in html
    assert "Plain FT" in html
    # Page 2 and beyond do not repeat the box.
    PublishedJobFactory.create_batch(25, employment_type="FT")
    assert 'id="pinned-heading"' not in text(client.get(LIST, {"employment_type": "FT", "page": 2}))


@pytest.mark.parametrize("ordering", ["salary_desc", "salary_asc", "oldest"])
def test_an_order_other_than_the_boards_pins_no_featured_job(client, ordering):
    """Issue 12: "Highest salary first" must be strict, not three featured jobs then the sort."""
    FeaturedJobFactory(
        title="Featured Cheap", salary_min=Decimal(10_000), salary_max=Decimal(20_000)
    )
    PublishedJobFactory(
        title="Plain Rich", salary_min=Decimal(300_000), salary_max=Decimal(400_000)
    )
    response = client.get(LIST, {"ordering": ordering})
    assert 'id="pinned-heading"' not in text(response)
    titles = [job.title for job in response.context["object_list"]]
    assert sorted(titles) == ["Featured Cheap", "Plain Rich"]  # the featured one, in its place
    assert 'id="pinned-heading"' in text(client.get(LIST, {"ordering": "newest"}))


def test_past_the_search_bound_with_no_filter_the_page_is_the_board_newest_first(client, settings):
    """No query string past the bound: the page comes from the listings on the board in the
    board's order, not from whatever the view names as what is searched."""
    settings.JOBS_SEARCH_LIMIT = 2
    now = timezone.now()
    for days in (3, 1, 2):
        PublishedJobFactory(title=f"Open {days}", published_at=now - timedelta(days=days))
    PublishedJobFactory(
        title="Ended", published_at=now - timedelta(days=9), expires_at=now - timedelta(days=1)
    )
    PublishedJobFactory(title="Scheduled", published_at=now + timedelta(days=1))
    response = client.get(LIST)
    assert "2+ jobs" in text(response)
    titles = [job.title for job in response.context["object_list"]]
    assert titles == ["Open 1", "Open 2"]  # the bound's first jobs


def test_past_the_search_bound_a_salary_order_and_a_refused_value_still_hold(client, settings):
    """Past the bound the page is the search's listings in its order: highest salary first, and
    with a refused value (named on the page) the others still apply."""
    settings.JOBS_SEARCH_LIMIT = 1
    PublishedJobFactory(title="Full time", employment_type="FT")  # the oldest
    for thousands in (90, 150, 120):
        PublishedJobFactory(
            title=f"Paid {thousands}",
            employment_type="PT",
            salary_min=Decimal(thousands * 1000),
            salary_max=Decimal(thousands * 1000),
        )
    response = client.get(LIST, {"employment_type": "PT", "ordering": "salary_desc"})
    assert [job.title for job in response.context["object_list"]] == ["Paid 150"]
    query = {"employment_type": "PT", "salary_min": "abc", "ordering": "oldest"}
    response = client.get(LIST, query)
    assert response.status_code == 400 and response.context["facets"].total_text == "1+"
    assert [job.title for job in response.context["object_list"]] == ["Paid 90"]


def test_past_the_search_bound_the_page_says_so(client, settings):
    settings.JOBS_SEARCH_LIMIT = 20
    PublishedJobFactory.create_batch(21, employment_type="FT")
    html = text(client.get(LIST))
    assert "20+ jobs" in html
    assert "Counts are exact up to 20 jobs" in html
    assert 'value="FT"> Full Time</label>' in html  # no count past the bound
    # Past the pages a search shows: the last of them, and why.
    response = client.get(LIST, {"page": 2})
    assert response.status_code == 404
    assert "A search shows its first 20 jobs (1 page)" in text(response)
    narrowed = text(client.get(LIST, {"employment_type": "PT"}))
    assert "0 jobs" in narrowed and "Counts are exact" not in narrowed


def test_the_salary_floor_takes_any_whole_number(client):
    html = text(client.get(LIST, {"salary_min": "123456"}))
    field = re.search(r'<input type="number" name="salary_min"[^>]*>', html).group(0)
    assert 'step="1"' in field and 'value="123456"' in field
    assert "reaches this figure at its top" in html


def test_twenty_per_page_and_links_keep_the_filters(client):
    PublishedJobFactory.create_batch(23, employment_type="FT", experience_level="SE")
    response = client.get(LIST, {"employment_type": ["FT", "CT"], "experience_level": "SE"})
    html = text(response)
    assert len(response.context["object_list"]) == 20
    assert "23 jobs" in html and "page 1 of 2" in html
    next_link = re.search(r'href="([^"]*)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "employment_type=FT" in next_link and "employment_type=CT" in next_link
    assert "experience_level=SE" in next_link and "page=2" in next_link
    second = client.get(LIST + next_link)
    assert len(second.context["object_list"]) == 3


def test_the_feed_links_follow_the_current_filters(client):
    html = text(client.get(LIST, {"remote": "remote", "salary_min": "100000"}))
    assert f'href="{reverse("jobs:feed_rss")}?remote=remote&amp;salary_min=100000"' in html
    assert 'type="application/atom+xml"' in html


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"salary_min": "abc"}, 400, "Enter a number."),
        ({"employment_type": "XX"}, 400, "Select a valid choice. XX is not one of"),
        ({"posted_within": "-1"}, 400, "Select a valid choice. -1 is not one of"),
        ({"q": "x" * 10_000}, 400, "Ensure this value has at most 200 characters"),
        ({"q": "data\x00"}, 400, "Null characters are not allowed."),
        ({"location": "\x00"}, 400, "Null characters are not allowed."),
        ({"role": "\x00"}, 400, "Null characters are not allowed."),
        ({"role": "no-such-role"}, 400, "Select a valid choice."),
        # web/pagination.py: the same answers as the article list's.
        ({"page": "abc"}, 400, "is not a page number, so this is page 1 (this list has 1 page)."),
        ({"page": "0"}, 400, "is not a page number"),
        ({"page": "999999"}, 404, "There is no page 999,999: this list has 1 page."),
    ],
)
def test_bad_input_is_named_and_the_page_still_works(client, params, status, message):
    PublishedJobFactory(title="Still Listed")
    response = client.get(LIST, params)
    html = text(response)
    assert response.status_code == status
    assert message in html
    assert "Still Listed" in html  # the rest of the page works
    assert "x" * 300 not in html  # a huge value is not echoed back whole


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"salary_min": "abc"}, "salary_min", "Enter a number."),
        ({"experience_level": "XX"}, "experience_level", "XX is not one of"),
        ({"country": "XX"}, "country", "XX is not one of"),
        ({"posted_within": "-1"}, "posted_within", "-1 is not one of"),
        ({"ordering": "cheapest"}, "ordering", "cheapest is not one of"),
    ],
)
def test_a_filter_error_sits_under_its_own_field(client, params, field, message):
    """Issue 12: not in a box at the top of the sidebar, as the README says."""
    html = text(client.get(LIST, params))
    error = re.search(rf'<p class="field-error" id="id_{field}-error">([^<]*)</p>', html)
    assert error and message in error.group(1)
    # In the same field as its control (the field's box starts before it, the next one after).
    box_start = html.rindex('class="field', 0, error.start())
    box_end = html.index('class="field', error.end())
    assert f'name="{field}"' in html[box_start:box_end]
    # Its control (a group of checkboxes: their fieldset) names the message for screen readers,
    # by the id the message has.
    described = re.search(rf'<(\w+)[^>]* aria-describedby="[^"]*\bid_{field}-error\b[^>]*>', html)
    assert described
    if described.group(1) != "fieldset":
        assert 'aria-invalid="true"' in described.group(0)
        assert f'name="{field}"' in described.group(0)
    # Not in a box at the top of the sidebar: the summary above the results is outside the form.
    form = html.split('<form class="filter-form"')[1].split("</form>")[0]
    assert "form-errors" not in form


def test_an_unusable_company_or_tag_is_named_above_the_results(client):
    html = text(client.get(LIST, {"company": "no-such-company", "tag": "x" * 101}))
    box = html.split('<div class="form-errors" role="alert">')[1].split("</div>")[0]
    assert "Company: Select a valid choice." in box
    assert "Tag: Ensure this value has at most 100 characters" in box
    assert html.index("form-errors") > html.index('aria-labelledby="results-heading"')


def test_chips_name_the_country(client):
    PublishedJobFactory(country="DE")
    html = text(client.get(LIST, {"country": "DE"}))
    assert 'aria-label="Remove Country: Germany"' in html
    assert "Country: DE" not in html
    assert "<title>Country: Germany · Jobs" in html


@pytest.mark.parametrize(
    "url",
    [LIST, reverse("jobs:feed_rss"), reverse("jobs:feed_atom"), reverse("jobs:feed_indeed")],
)
def test_a_hidden_company_is_answered_like_an_unknown_one(client, url):
    """Issue 19.9: `?company=` must not tell a company with no public job from no company."""
    company = CompanyFactory(name="Stealth Labs", slug="stealth-labs")
    SubmittedJobFactory(company=company, title="Secret Project")
    PublishedJobFactory(title="Public Job")
    hidden = client.get(url, {"company": "stealth-labs"})
    unknown = client.get(url, {"company": "ghost-labs"})
    assert hidden.status_code == unknown.status_code == 400
    # The same page but for the slug echoed back where the query string is.
    assert text(hidden).replace("stealth-labs", "ghost-labs") == text(unknown)
    assert "Stealth Labs" not in text(hidden) and "Secret Project" not in text(hidden)


def test_the_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    params = {
        "employment_type": "FT",
        "role": "data-engineer",
        "company": "acme",
        "salary_min": "1000",
    }
    role = RoleFactory(name="Data Engineer")
    acme = CompanyFactory(name="Acme")
    for size in (3, 30):
        FeaturedJobFactory.create_batch(size, role=role, company=acme)
        for job in PublishedJobFactory.create_batch(size, role=role, company=acme):
            job.tags.add("python", "sql")
        # The board token, the role and the company of the form, one bounded read of the
        # listings for the count and one more per facet in use (two here), the role list that
        # names the roles counted, the cards, their tags and their salary badges. Within the
        # bound the page and the pinned jobs come from the count's own rows.
        with django_assert_max_num_queries(9):
            assert client.get(LIST, params).status_code == 200
        with django_assert_max_num_queries(5):
            assert client.get(LIST).status_code == 200


def test_within_the_bound_the_page_is_the_counted_rows_not_another_read(client, settings):
    """Each statement over the listings is one of the facets' counts (the search, then each
    facet in use with its own choice left out): no page query, no pinned jobs' query. Past the
    bound the page reads its rows from the listings' indexes."""
    FeaturedJobFactory(employment_type="FT", title="Pinned One")
    PublishedJobFactory.create_batch(3, employment_type="FT")
    PublishedJobFactory(employment_type="PT")

    def listing_reads(query):
        """(the facets' counts, the page's and the pinned jobs' reads) of one request."""
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{LIST}?{query}")
        assert response.status_code == 200
        reads = [q["sql"] for q in captured.captured_queries if '"jobs_listing"' in q["sql"]]
        counts = [sql for sql in reads if sql.startswith("WITH base")]
        pages = [sql for sql in reads if not sql.startswith("WITH") and '"next_change"' in sql]
        return len(counts), len(pages)

    assert listing_reads("employment_type=FT") == (2, 0)
    settings.JOBS_SEARCH_LIMIT = 2
    # Past the bound: the count alone (no facet is asked), then the page and the pinned jobs.
    assert listing_reads("employment_type=FT&x=1") == (1, 2)  # another URL: not the cached page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the day lexemes are PostgreSQL's")
def test_past_the_bound_words_page_through_the_newest_days_and_pin_from_the_whole_board(
    client, settings
):
    """More matches than the bound in the newest day: the page's rows are read from that day's
    listings, and are the board's newest matches all the same; the featured match pinned above
    them is older than that day. Oldest first, the page reads the whole board."""
    settings.JOBS_SEARCH_LIMIT = 2
    now = timezone.now()
    old = FeaturedJobFactory(title="Pipeline Lead", published_at=now - timedelta(days=20))
    newest = [
        PublishedJobFactory(title="Pipeline Engineer", published_at=now - timedelta(minutes=n))
        for n in range(3)
    ]
    PublishedJobFactory(title="Pipeline Architect", published_at=now - timedelta(days=3))

    def pages(query):
        """The response, and its page statements (not the count's, not the pinned jobs')."""
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{LIST}?{query}")
        return response, [
            q["sql"]
            for q in captured.captured_queries
            if '"next_change"' in q["sql"]
            and not q["sql"].startswith("WITH")
            and "featured_until" not in q["sql"].split("WHERE", 1)[-1]
        ]

    response, statements = pages("q=pipeline")
    assert response.context["facets"].since is not None
    assert "2+ jobs" in text(response)
    assert [job.pk for job in response.context["object_list"]] == [newest[0].pk, newest[1].pk]
    assert [job.pk for job in response.context["pinned_jobs"]] == [old.pk]
    # The page's rows were read from the newest day's range of the board's order (from its UTC
    # midnight on), not the whole board.
    day = response.context["facets"].since.astimezone(UTC).date()
    since_the_day = f"\"published_at\" >= '{day:%Y-%m-%d}T00:00:00+00:00'"
    assert len(statements) == 1 and since_the_day in statements[0]
    oldest, statements = pages("q=pipeline&ordering=oldest")
    assert [job.pk for job in oldest.context["object_list"]][0] == old.pk
    assert len(statements) == 1 and since_the_day not in statements[0]


def test_a_tag_alone_is_searched_in_its_own_listings_within_and_past_the_bound(client, settings):
    """A tag and no words: every statement over the listings reads the tag's own
    (jobs_listingtag), as many as any search makes, and the page shows what they found."""
    for employment_type in ("FT", "FT", "PT"):
        PublishedJobFactory(employment_type=employment_type, title="Tagged").tags.add("kafka")
    PublishedJobFactory(employment_type="FT", title="Untagged")

    def reads(query):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{LIST}?{query}")
        # The counts and the page's reads (not the board's next scheduled start, any search's).
        searched = [q["sql"] for q in captured.captured_queries if '"next_change"' in q["sql"]]
        return response, searched

    response, statements = reads("tag=kafka&employment_type=FT")
    assert len(statements) == 2  # the search, the facet in use with its choice left out
    assert all('"jobs_listingtag"' in sql for sql in statements)
    html = text(response)
    assert "2 jobs" in html and "Untagged" not in html
    counts = response.context["facets"].counts["employment_type"]
    assert (counts["FT"], counts["PT"], counts["CT"]) == (2, 1, 0)
    settings.JOBS_SEARCH_LIMIT = 1
    response, statements = reads("tag=kafka&employment_type=FT&x=1")
    html = text(response)
    assert len(statements) == 3  # past the bound: the count, the page, the pinned jobs
    assert all('"jobs_listingtag"' in sql for sql in statements)
    assert "1+ job" in html and html.count("Tagged") == 1


def test_the_cards_read_only_what_a_card_shows(client):
    """The cards' statement names none of the wide columns a card never shows, and the page still
    shows every part of a card without another query per card."""
    company = CompanyFactory(name="Acme Data", description="A long company story " * 50)
    job = FeaturedJobFactory(
        company=company,
        title="Senior Data Engineer",
        location="Berlin",
        salary_min=Decimal(90_000),
        salary_max=Decimal(120_000),
        salary_currency="EUR",
        description="Duties " * 200,
    )
    job.tags.add("python")
    PublishedJobFactory.create_batch(3, company=company)
    with CaptureQueriesContext(connection) as captured:
        html = text(client.get(LIST))
    # One statement, compiled once (on PostgreSQL run prepared, by its name: web/statements.py).
    statement, _columns = _cards_statement("default")
    ran = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "jobs_job"' in q["sql"] or statement.name in q["sql"]
    ]
    assert len(ran) == 1
    for wide in ('"jobs_job"."description"', '"jobs_company"."description"', "review_note"):
        assert wide not in statement.sql
    assert "ORDER BY" not in statement.sql  # the page puts them in its order
    shown = ("Senior Data Engineer", "Acme Data", "Berlin", "EUR 90K", '<p class="badge">Featured')
    for part in shown:
        assert part in html
    assert '<a href="/jobs/?tag=python">python</a>' in html
    assert job.get_absolute_url() in html and company.get_absolute_url() in html


# --- the job page ---


def test_job_page_links_to_salary_info_with_the_median_and_related_content(client):
    role = RoleFactory(name="Data Engineer")
    SalaryRecordFactory.create_batch(5, role=role, amount_min=Decimal(140_000))
    job = FeaturedJobFactory(role=role, title="Data Engineer")
    other = PublishedJobFactory(role=role, title="Another Data Engineer")
    PublishedJobFactory(title="Unrelated Role Job")
    article = PublishedArticleFactory(title="What data engineers earn")
    article.roles.add(role)
    with CaptureQueriesContext(connection) as context:
        html = text(client.get(job.get_absolute_url()))
    # The articles' links read their cards' columns, not their bodies.
    assert not [q for q in context.captured_queries if '"articles_article"."body' in q["sql"]]
    assert "View salary info for Data Engineer (global)" in html
    assert f'href="{role.get_absolute_url()}"' in html
    assert "median USD 140K a year" in html
    assert "What data engineers earn" in html
    assert other.title in html and "Unrelated Role Job" not in html


def test_job_page_json_ld_passes_the_job_posting_rules(client):
    job = PublishedJobFactory(
        title="Senior Data Engineer",
        employment_type="CT",
        location="Berlin",
        country="DE",
        salary_min=Decimal(45),
        salary_max=Decimal(60),
        salary_currency="EUR",
        salary_period="hour",
        salary_annual_usd_min=90_000,
        salary_annual_usd_max=120_000,
    )
    (posting,) = json_ld(text(client.get(job.get_absolute_url())))
    assert posting["@type"] == "JobPosting"
    for required in ("title", "description", "datePosted", "validThrough", "hiringOrganization"):
        assert posting[required]
    assert posting["employmentType"] == "CONTRACTOR"
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": job.company.name}
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Berlin",
        "addressCountry": "DE",
    }
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 45.0,
            "maxValue": 60.0,
            "unitText": "HOUR",
        },
    }
    assert posting["validThrough"] == job.expires_at.isoformat()


def test_remote_jobs_are_telecommute_with_the_applicants_country(client):
    job = PublishedJobFactory(remote_policy="remote", country="US", employment_type="IN")
    (posting,) = json_ld(text(client.get(job.get_absolute_url())))
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "US"}
    assert posting["employmentType"] == "INTERN"
    assert "jobLocation" not in posting


def test_json_ld_cannot_be_broken_out_of(client):
    job = PublishedJobFactory(
        title='</script><script>alert("x")</script>', description="<!-- & </script>"
    )
    html = text(client.get(job.get_absolute_url()))
    assert '<script>alert("x")' not in html
    (posting,) = json_ld(html)
    assert posting["title"] == '</script><script>alert("x")</script>'


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"apply_url": "https://example.com/apply"}, 'href="https://example.com/apply"'),
        ({"apply_url": "", "apply_email": "jobs@example.com"}, 'href="mailto:jobs@example.com'),
        ({"apply_url": "ftp://example.com/cv", "apply_email": ""}, None),
    ],
)
def test_apply_button_only_for_web_or_email_addresses(client, fields, expected):
    job = PublishedJobFactory(**fields)
    html = text(client.get(job.get_absolute_url()))
    if expected is None:
        assert 'class="button"' not in html
    else:
        assert expected in html
        assert 'rel="nofollow noopener noreferrer"' in html


def test_description_is_sanitised(client):
    job = PublishedJobFactory(
        description='Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> '
        "[click](javascript:alert(3))"
    )
    html = text(client.get(job.get_absolute_url()))
    body = html.split('class="prose"')[1].split("</div>")[0]
    # Raw HTML is shown as text, never as elements; a javascript: link is no link.
    assert "<script" not in body and "<img" not in body and 'href="javascript:' not in body
    assert "&lt;script&gt;" in body


def test_an_expired_job_is_gone_with_no_structured_data(client):
    job = PublishedJobFactory(
        published_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(job.get_absolute_url())
    html = text(response)
    assert response.status_code == 410
    assert "This job has expired" in html
    assert '<meta name="robots" content="noindex">' in html
    assert json_ld(html) == []
    job.status = JobStatus.EXPIRED
    job.save()
    assert client.get(job.get_absolute_url()).status_code == 410


def test_an_expired_job_offers_open_jobs_in_its_role_and_its_salary_link(client):
    role = RoleFactory(name="Data Engineer")
    SalaryRecordFactory.create_batch(5, role=role, amount_min=Decimal(140_000))
    job = PublishedJobFactory(
        role=role,
        published_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() - timedelta(days=1),
    )
    open_jobs = [PublishedJobFactory(role=role, title=f"Open Data Engineer {n}") for n in range(6)]
    PublishedJobFactory(title="Open Analyst")  # another role
    response = client.get(job.get_absolute_url())
    html = text(response)
    assert response.status_code == 410
    listed = re.findall(r"Open Data Engineer \d", html)
    assert len(listed) == 5  # the newest five of six
    assert open_jobs[-1].title in html and "Open Analyst" not in html
    assert f'href="{LIST}?role=data-engineer"' in html
    assert "View salary info for Data Engineer (global)" in html
    assert f'href="{role.get_absolute_url()}"' in html
    assert "median USD 140K a year" in html


def test_an_expired_job_of_a_role_with_no_open_jobs_offers_the_whole_list(client):
    job = PublishedJobFactory(
        published_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() - timedelta(days=1),
    )
    html = text(client.get(job.get_absolute_url()))
    assert "Browse current jobs" in html
    assert "Open " not in html.split("This job has expired")[1].split("Browse current")[0]


def test_job_page_facts_use_the_filters_words_and_apply_is_offered_twice(client):
    job = PublishedJobFactory(remote_policy="onsite", apply_url="https://example.com/apply")
    html = text(client.get(job.get_absolute_url()))
    assert "<dt>Workplace</dt><dd>On-site</dd>" in html
    assert "<dt>Remote</dt>" not in html
    assert "<dt>Listed until</dt>" in html and "Apply by" not in html
    article = html.split('<article class="job-detail">')[1].split("</article>")[0]
    assert article.count('href="https://example.com/apply"') == 2
    # One of them before the description, where a reader on a phone sees it without scrolling.
    assert article.index('href="https://example.com/apply"') < article.index('class="prose"')


@pytest.mark.parametrize(
    "location, description",
    [
        ("Washington, D.C.", 'Full Time, Washington, D.C."'),
        ("Berlin", 'Full Time, Berlin."'),
        ("", 'Full Time."'),
    ],
)
def test_job_page_description_ends_with_one_full_stop(client, location, description):
    job = PublishedJobFactory(location=location, employment_type="FT")
    html = text(client.get(job.get_absolute_url()))
    meta = re.search(r'<meta name="description" content="([^"]*")', html).group(1)
    assert meta.endswith(description), meta
    assert ".." not in meta


@pytest.mark.parametrize("status", [JobStatus.DRAFT, JobStatus.PENDING, JobStatus.REJECTED])
def test_jobs_never_published_are_404(client, status):
    assert client.get(JobFactory(status=status).get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", [JobStatus.DRAFT, JobStatus.PENDING])
def test_an_employer_previews_their_own_job_before_it_is_public(client, status):
    job = JobFactory(status=status, title="Prompt Engineer")
    client.force_login(EmployerFactory(company=job.company))
    response = client.get(job.get_absolute_url())
    html = text(response)
    assert response.status_code == 200
    assert "Preview: this job is not public yet" in html and "Prompt Engineer" in html
    assert '<meta name="robots" content="noindex">' in html and json_ld(html) == []
    # Another company's employer, and a signed-in user of no company, still get a 404.
    for stranger in (EmployerFactory(company=CompanyFactory()), UserFactory()):
        client.force_login(stranger)
        assert client.get(job.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 404


def test_a_job_scheduled_for_later_is_404_until_then(client):
    job = PublishedJobFactory(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get("/jobs/no-such-job/").status_code == 404


def test_job_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    role = RoleFactory()
    SalaryRecordFactory.create_batch(6, role=role)
    job = PublishedJobFactory(role=role)
    job.tags.add("a", "b", "c")
    for _ in range(2):
        PublishedJobFactory.create_batch(5, role=role)
        article = PublishedArticleFactory()
        article.roles.add(role)
        with django_assert_max_num_queries(8):
            assert client.get(job.get_absolute_url()).status_code == 200


def test_a_company_website_is_linked_only_when_it_is_a_web_address(client, settings):
    settings.JOBS_CACHE_SECONDS = 0  # the writes below skip the signals that drop cached pages
    job = PublishedJobFactory()
    # Written around the form's validation, as raw SQL or an old import could.
    type(job.company).objects.filter(pk=job.company_id).update(website="javascript:alert(1)")
    html = text(client.get(job.get_absolute_url()))
    assert 'href="javascript:' not in html
    type(job.company).objects.filter(pk=job.company_id).update(website="https://acme.example")
    html = text(client.get(job.get_absolute_url()))
    assert 'href="https://acme.example"' in html


@pytest.mark.parametrize(
    "params, ordering, posted",
    [
        ({}, None, ""),
        ({"ordering": "salary_asc", "posted_within": "7"}, "salary_asc", "7"),
        # A refused value selects nothing: the browser shows the first choice, as Django's does.
        ({"ordering": "cheapest", "posted_within": "2"}, None, None),
    ],
)
def test_the_sort_and_posted_selects_mark_the_chosen_option(client, params, ordering, posted):
    html = text(client.get(LIST, params))

    def selected(name):
        markup = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        chosen = re.findall(r'<option value="([^"]*)" selected>', markup)
        assert len(chosen) <= 1
        return chosen[0] if chosen else None

    assert selected("ordering") == ordering
    assert selected("posted_within") == posted
    assert '<option value="salary_desc">Highest salary first</option>' in html
    assert '<option value="30">Last 30 days</option>' in html or posted == "30"


def test_similar_jobs_are_the_roles_other_open_jobs_newest_first():
    role = RoleFactory(name="Data Engineer")
    now = timezone.now()
    job = PublishedJobFactory(role=role, published_at=now - timedelta(hours=1))
    dated = [
        PublishedJobFactory(role=role, published_at=now - timedelta(days=days)) for days in range(7)
    ]
    PublishedJobFactory(role=role, published_at=now - timedelta(days=40), expires_at=now)  # ended
    PublishedJobFactory(role=role, published_at=now + timedelta(days=1))  # not started
    SubmittedJobFactory(role=role)  # not published
    PublishedJobFactory(role=RoleFactory(name="Analyst"))  # another role
    found = similar_jobs(job)
    assert [other.pk for other in found] == [other.pk for other in dated[:5]]
    assert found[0].company.name == dated[0].company.name  # what a line shows
    # Equal dates: the later job first, as on the board.
    twin = PublishedJobFactory(role=role, published_at=dated[0].published_at)
    assert [other.pk for other in similar_jobs(job)[:2]] == [twin.pk, dated[0].pk]
