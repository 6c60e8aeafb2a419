"""The API's endpoints through the test client: what each lists, the answers to bad input, and the
HTTP around them (errors, ETag, throttling, CORS, the schema and the role JSON of old)."""

import pytest
from django.urls import reverse

from jobs.filters import JobFilter
from jobs.models import Job

pytestmark = pytest.mark.django_db


def get(client, name, *, status=200, slug=None, **params):
    url = reverse(f"api:{name}", kwargs={"slug": slug} if slug else None)
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def every_page(client, name, **params):
    """Every result of a list, following its next links."""
    data = get(client, name, **params)
    results = data["results"]
    while data["next"]:
        data = client.get(data["next"]).json()
        results += data["results"]
    return results


def test_jobs_are_those_the_board_shows_newest_first(client, board):
    titles = [job["title"] for job in every_page(client, "job_list", page_size=1)]
    assert titles == [job.title for job in board.shown]
    for job in board.hidden:
        assert job.title not in titles


def test_jobs_take_every_filter_of_the_job_list(client, board):
    def titles(**params):
        return [job["title"] for job in get(client, "job_list", **params)["results"]]

    assert titles(remote="remote") == ["Remote Data Scientist"]
    assert titles(remote=["remote", "hybrid"]) == ["Remote Data Scientist", "Analytics Engineer"]
    assert titles(role="data-engineer") == ["Lead Data Engineer", "Data Engineer, flagged pay"]
    assert titles(company="beta-labs", employment_type="CT") == ["Remote Data Scientist"]
    assert titles(featured="1") == ["Lead Data Engineer"]
    assert titles(has_salary="1") == ["Lead Data Engineer", "Remote Data Scientist"]
    assert titles(salary_min="150000") == ["Lead Data Engineer"]
    assert titles(tag="python", posted_within="1") == ["Lead Data Engineer"]
    assert titles(location="galveston", country="US") == ["Analytics Engineer"]
    assert titles(q="Analytics") == ["Analytics Engineer"]
    assert titles(experience_level="SE", q="Lead") == ["Lead Data Engineer"]
    # With words, a role, a company and a location are lexemes of the listing's document, inside
    # the API's subquery of the listings.
    assert titles(q="engineer", role="data-engineer", company="acme-data") == ["Lead Data Engineer"]
    assert titles(q="engineer", company="acme-data", location="galves") == ["Analytics Engineer"]
    assert titles(q="engineer", role="data-scientist") == []
    # A held salary neither sorts nor filters: the flagged job comes last, with no figure.
    assert titles(ordering="salary_desc") == [
        "Lead Data Engineer",
        "Remote Data Scientist",
        "Analytics Engineer",
        "Data Engineer, flagged pay",
    ]


def test_a_filter_value_it_cannot_use_answers_400_naming_each(client, board):
    data = get(client, "job_list", status=400, experience_level="XX", role="nobody", q="x" * 201)
    assert set(data["errors"]) == {"experience_level", "role", "q"}
    assert data["errors"]["experience_level"][0]["code"] == "invalid_choice"
    assert data["errors"]["q"][0]["code"] == "max_length"
    assert data["errors"]["role"][0]["message"]
    errors = get(client, "role_list", status=400, sort="cheapest")["errors"]
    assert errors["sort"][0]["code"] == "invalid_choice"
    errors = get(client, "article_list", status=400, tag="nothing")["errors"]
    assert errors == {
        "tag": [
            {"message": "No published article has this topic; pick one.", "code": "invalid_choice"}
        ]
    }


def test_a_job_by_slug_and_what_is_not_shown(client, board):
    job = board.shown[0]
    assert get(client, "job_detail", slug=job.slug)["title"] == job.title
    gone = get(client, "job_detail", status=410, slug=board.ended.slug)
    assert gone == {"errors": {"__all__": [{"message": "This job has ended.", "code": "gone"}]}}
    for hidden in board.hidden[1:]:  # pending, rejected, draft: as if they did not exist
        data = get(client, "job_detail", status=404, slug=hidden.slug)
        assert data["errors"]["__all__"][0]["code"] == "not_found"


def test_companies_with_jobs_on_the_board(client, board):
    companies = get(client, "company_list")["results"]
    assert [(company["name"], company["open_jobs"]) for company in companies] == [
        ("Acme Data", 2),  # its ended, pending, rejected and draft jobs are not counted
        ("Beta Labs", 2),
    ]
    assert get(client, "company_detail", slug="acme-data")["open_jobs"] == 2
    get(client, "company_detail", status=404, slug="gamma-without-jobs")


def test_roles_as_the_salary_list_shows_them(client, board):
    roles = get(client, "role_list")["results"]
    # The flagged record is not counted; the sparse role has too few points to be listed.
    assert [(role["name"], role["n"], role["median"]) for role in roles] == [
        ("Data Scientist", 7, 130_000),
        ("Data Engineer", 6, 165_000),
    ]
    assert [role["name"] for role in get(client, "role_list", sort="highest")["results"]] == [
        "Data Engineer",
        "Data Scientist",
    ]
    assert [role["slug"] for role in get(client, "role_list", q="ml scien")["results"]] == [
        "data-scientist"
    ]


def test_a_roles_figures_are_the_json_pages(client, board):
    """The same numbers as /salaries/<role>.json, which keeps working for its users."""
    for params in ({}, {"experience_level": "SE"}, {"country": "US", "year": "2023"}):
        api = get(client, "role_detail", slug="data-engineer", **params)
        old = client.get(reverse("salaries:role_json", kwargs={"slug": "data-engineer"}), params)
        assert old.status_code == 200
        old = old.json()
        assert api.pop("name") == old.pop("role")
        assert api.pop("url") == "http://testserver/salaries/data-engineer/"
        assert api == old
    assert get(client, "role_detail", slug="prompt-whisperer")["median"] is None  # 1 point
    errors = get(client, "role_detail", status=400, slug="data-engineer", country="FR")["errors"]
    assert errors["country"][0]["code"] == "invalid_choice"  # no data there
    get(client, "role_detail", status=404, slug="nobody")


def test_articles_published_only(client, board):
    slugs = [article["slug"] for article in every_page(client, "article_list")]
    assert slugs == [article.slug for article in board.articles]
    assert [a["slug"] for a in get(client, "article_list", role="data-engineer")["results"]] == [
        board.articles[0].slug
    ]
    article = get(client, "article_detail", slug=board.articles[0].slug)
    assert article["contents"] == [
        {"anchor": "pay", "title": "Pay", "children": [{"anchor": "by-level", "title": "By level"}]}
    ]
    assert '<h2 id="pay">Pay</h2>' in article["body_html"]
    get(client, "article_detail", status=404, slug=board.draft_article.slug)


def test_staff_see_no_more_than_anyone(client, board, admin_user):
    client.force_login(admin_user)
    get(client, "article_detail", status=404, slug=board.draft_article.slug)
    get(client, "job_detail", status=404, slug=board.hidden[1].slug)


def test_read_only(client, board):
    url = reverse("api:job_list")
    for method in (client.post, client.put, client.patch, client.delete):
        response = method(url)
        assert response.status_code == 405
        assert response.json()["errors"]["__all__"][0]["code"] == "method_not_allowed"
        assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_any_other_address_under_api_is_a_json_404(client):
    for url in ("/api/", "/api/v1/", "/api/v2/jobs/", "/api/v1/jobs/x/y/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["errors"]["__all__"][0]["code"] == "not_found"


def test_page_size_from_1_to_100(client, board):
    assert len(get(client, "job_list", page_size=2)["results"]) == 2
    assert len(get(client, "job_list", page_size=100)["results"]) == len(board.shown)
    for bad in ("0", "101", "-1", "ten", ""):
        errors = get(client, "job_list", status=400, page_size=bad)["errors"]
        assert errors == {
            "page_size": [
                {"message": "A page size is a whole number from 1 to 100.", "code": "invalid"}
            ]
        }


def test_etag_and_304_while_nothing_changed(client, board):
    url = reverse("api:job_list")
    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    detail = reverse("api:job_detail", kwargs={"slug": board.shown[0].slug})
    assert client.get(detail, headers={"if-none-match": etag}).status_code == 200
    Job.objects.filter(pk=board.shown[0].pk).update(title="Renamed")
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_throttled_past_the_rate_with_retry_after(client, board, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    url = reverse("api:company_list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["errors"]["__all__"][0]["code"] == "throttled"
    # Another address has its own allowance.
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_default_rate_is_the_documented_one(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == "120/minute"


def test_cors_open_for_get_on_the_api_only(client, board):
    origin = {"origin": "https://charts.example.org"}
    response = client.get(reverse("api:job_list"), headers=origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        reverse("api:job_list"),
        headers={**origin, "access-control-request-method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    for page in ("/jobs/", "/salaries/data-engineer.json", "/admin/login/"):
        assert "Access-Control-Allow-Origin" not in client.get(page, headers=origin), page


def test_the_schema_describes_every_filter_and_error(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = response.json()
    jobs = schema["paths"]["/api/v1/jobs/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in jobs["parameters"]}
    assert set(JobFilter.base_filters) <= set(parameters)
    assert {"cursor", "page_size", "If-None-Match"} <= set(parameters)
    assert sorted(parameters["experience_level"]["schema"]["items"]["enum"]) == [
        "EN",
        "EX",
        "MI",
        "SE",
    ]
    assert sorted(parameters["ordering"]["schema"]["enum"]) == [
        "",
        "newest",
        "oldest",
        "salary_asc",
        "salary_desc",
    ]
    assert "DE" in parameters["country"]["schema"]["enum"]
    assert parameters["q"]["schema"]["maxLength"] == 200
    assert parameters["salary_min"]["schema"] == {
        "type": "number",
        "minimum": 0,
        "maximum": 5000000,
    }
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert set(jobs["responses"]) == {"200", "304", "400", "404", "429"}
    detail = schema["paths"]["/api/v1/jobs/{slug}/"]["get"]
    assert set(detail["responses"]) == {"200", "304", "404", "410", "429"}
    role = schema["paths"]["/api/v1/roles/{slug}/"]["get"]
    assert {"experience_level", "country", "year"} <= {p["name"] for p in role["parameters"]}
