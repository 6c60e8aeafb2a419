import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from salaries.choices import ReviewState
from tests.factories import RoleFactory, SalaryRecordFactory
from tests.filter_forms import assert_error_under_field, field_markup

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_engineer():
    """A role with 12 accepted points: 6 senior in the US (2023), 6 mid-level in Germany (2022)."""
    role = RoleFactory(name="Data Engineer")
    for index in range(6):
        SalaryRecordFactory(
            role=role,
            amount_min=150_000 + index * 10_000,
            experience_level="SE",
            country="US",
            year=2023,
        )
        SalaryRecordFactory(
            role=role,
            amount_min=60_000 + index * 5_000,
            experience_level="MI",
            country="DE",
            year=2022,
        )
    return role


def test_role_page_shows_the_figures(client, data_engineer):
    response = client.get(data_engineer.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Data Engineer salary (global)</h1>" in html
    assert response.context["insight"].overall.n == 12
    assert "Based on <strong>12</strong> data points" in html
    median = response.context["insight"].overall.median
    assert f"USD {median:,}" in html


def test_filters_narrow_every_figure(client, data_engineer):
    response = client.get(data_engineer.get_absolute_url(), {"experience_level": "SE"})
    insight = response.context["insight"]
    assert insight.overall.n == 6
    assert insight.overall.median == 175_000
    countries = {g.code: g.summary.n for g in insight.breakdowns[1].groups}
    assert countries == {"US": 6}
    response = client.get(data_engineer.get_absolute_url(), {"country": "DE", "year": "2022"})
    assert response.context["insight"].overall.median == 72_500


def test_too_few_points_say_not_enough_data(client, data_engineer):
    SalaryRecordFactory(role=data_engineer, experience_level="EN")
    response = client.get(data_engineer.get_absolute_url(), {"experience_level": "EN"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not enough data" in html
    assert response.context["insight"].overall.median is None


def test_an_empty_result_says_so_once_and_links_the_nearest_view_with_figures(
    client, data_engineer
):
    response = client.get(
        data_engineer.get_absolute_url(), {"experience_level": "SE", "country": "DE"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("No Data Engineer salaries match these filters.") == 1
    assert "Based on" not in html and "Not enough data (fewer than" not in html
    # the level is dropped before the country: the 6 German mid-level points have figures
    assert (
        '<a href="/salaries/data-engineer/?country=DE">See the Data Engineer salary in Germany</a>'
        in html
    )


def test_the_title_says_what_a_filtered_page_shows(client, data_engineer):
    html = client.get(
        data_engineer.get_absolute_url(), {"experience_level": "SE", "country": "US"}
    ).content.decode()
    title = "Senior-level Data Engineer salary in the United States of America"
    assert f"<title>{title} · Jobboard</title>" in html
    assert f"<h1>{title}</h1>" in html
    assert f'content="{title}: median' in html
    html = client.get(data_engineer.get_absolute_url(), {"year": "2022"}).content.decode()
    assert "<h1>Data Engineer salary (global) in 2022</h1>" in html


def test_filter_choices_show_their_counts(client, data_engineer):
    form = client.get(data_engineer.get_absolute_url(), {"year": "2022"}).context["filter"].form
    assert list(form.fields["country"].choices) == [
        ("", "All countries"),
        ("DE", "Germany (6)"),
        ("US", "United States of America (6)"),
    ]
    assert ("SE", "Senior-level / Expert (6)") in list(form.fields["experience_level"].choices)
    assert ("2023", "2023 (6)") in list(form.fields["year"].choices)


def test_the_page_links_open_jobs_articles_and_each_countrys_figures(client, data_engineer):
    from tests.factories import PublishedArticleFactory

    article = PublishedArticleFactory(title="Reading Data Engineer offers")
    article.roles.add(data_engineer)
    with CaptureQueriesContext(connection) as context:
        html = client.get(data_engineer.get_absolute_url()).content.decode()
    # The articles' links read their cards' columns, not their bodies.
    assert not [q for q in context.captured_queries if '"articles_article"."body' in q["sql"]]
    assert '<a href="/jobs/?role=data-engineer">Open Data Engineer jobs</a>' in html
    assert f'href="{article.get_absolute_url()}">Reading Data Engineer offers</a>' in html
    assert '<a href="/salaries/data-engineer/?country=DE">Germany</a>' in html
    html = client.get(data_engineer.get_absolute_url(), {"country": "DE"}).content.decode()
    assert (
        '<a href="/jobs/?role=data-engineer&amp;country=DE">Open Data Engineer jobs in Germany</a>'
        in html
    )


def test_unaccepted_records_count_nowhere(client, data_engineer):
    SalaryRecordFactory(role=data_engineer, amount_min=9_000, review_state=ReviewState.NEEDS_REVIEW)
    SalaryRecordFactory(role=data_engineer, amount_min=9_000, review_state=ReviewState.REJECTED)
    response = client.get(data_engineer.get_absolute_url())
    assert response.context["insight"].overall.n == 12


@pytest.mark.parametrize(
    "query", [{"experience_level": "XX"}, {"country": "FR"}, {"year": "1999"}, {"year": "abc"}]
)
def test_bad_filter_values_get_a_clear_error_not_a_500(client, data_engineer, query):
    response = client.get(data_engineer.get_absolute_url(), query)
    assert response.status_code == 400
    assert "Some filters could not be used" in response.content.decode()
    assert "Select a valid choice" in response.content.decode()


def test_each_filter_error_sits_under_its_own_field(client, data_engineer):
    html = client.get(data_engineer.get_absolute_url(), {"experience_level": "XX"}).content.decode()
    assert_error_under_field(html, "experience_level", "Select a valid choice. XX is not one")
    assert "field-error" not in field_markup(html, "country")
    html = client.get(reverse("salaries:role_list"), {"sort": "random"}).content.decode()
    assert_error_under_field(html, "sort", "Select a valid choice. random is not one")


def test_unknown_role_is_404(client):
    assert client.get("/salaries/no-such-role/").status_code == 404
    assert client.get("/salaries/no-such-role.json").status_code == 404


def test_role_page_query_count_does_not_grow_with_data(
    client, data_engineer, django_assert_max_num_queries
):
    # 8: the role, its cells, its records, the sources, the articles about it, and the roles to
    # compare it with (those named in the same articles, then the candidates)
    with django_assert_max_num_queries(8):
        client.get(data_engineer.get_absolute_url())
    for _ in range(30):
        SalaryRecordFactory(role=data_engineer, country="FR", year=2021)
    with django_assert_max_num_queries(8):
        client.get(data_engineer.get_absolute_url())


def test_json_has_the_figures_and_breakdowns(client, data_engineer):
    response = client.get(reverse("salaries:role_json", args=[data_engineer.slug]))
    assert response.status_code == 200
    data = response.json()
    assert data["role"] == "Data Engineer"
    assert (data["currency"], data["period"]) == ("USD", "year")
    assert data["n"] == 12
    assert set(data) >= {
        "p10",
        "p25",
        "median",
        "p75",
        "p90",
        "by_experience_level",
        "by_country",
        "by_year",
        "by_employment_type",
    }
    assert data["by_country"]["US"]["median"] == 175_000
    assert data["by_experience_level"]["EN"] == {
        "n": 0,
        "p10": None,
        "p25": None,
        "median": None,
        "p75": None,
        "p90": None,
        "median_ci": None,
    }


def test_json_honours_the_filters(client, data_engineer):
    url = reverse("salaries:role_json", args=[data_engineer.slug])
    data = client.get(url, {"experience_level": "MI"}).json()
    assert data["n"] == 6
    assert data["median"] == 72_500
    assert data["filters"] == {"experience_level": "MI"}


def test_json_bad_filter_is_a_400_with_the_error(client, data_engineer):
    response = client.get(
        reverse("salaries:role_json", args=[data_engineer.slug]), {"experience_level": "XX"}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["experience_level"][0]["code"] == "invalid_choice"


def test_role_list_shows_roles_with_enough_data(client, data_engineer):
    thin = RoleFactory(name="Prompt Whisperer")
    SalaryRecordFactory(role=thin)
    response = client.get(reverse("salaries:role_list"))
    assert response.status_code == 200
    names = [role.name for role, _summary in response.context["rows"]]
    assert names == ["Data Engineer"]
    assert "Prompt Whisperer" not in response.content.decode()


def test_role_list_search_and_sort(client, data_engineer):
    scientist = RoleFactory(name="Data Scientist", aliases="Decision Scientist")
    for index in range(5):
        SalaryRecordFactory(role=scientist, amount_min=200_000 + index)
    url = reverse("salaries:role_list")
    by_median = [r.name for r, _ in client.get(url, {"sort": "highest"}).context["rows"]]
    assert by_median == ["Data Scientist", "Data Engineer"]
    lowest = [r.name for r, _ in client.get(url, {"sort": "lowest"}).context["rows"]]
    assert lowest == ["Data Engineer", "Data Scientist"]
    found = [r.name for r, _ in client.get(url, {"q": "decision"}).context["rows"]]
    assert found == ["Data Scientist"]


def test_role_list_bad_sort_is_a_clear_400(client, data_engineer):
    response = client.get(reverse("salaries:role_list"), {"sort": "random"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_how_we_compute_states_sources_and_thresholds(client, data_engineer):
    html = client.get(data_engineer.get_absolute_url()).content.decode()
    assert "How we compute this" in html
    for figure in [
        "5,000,000",
        "1,000 USD",
        "15,000",
        "1,000,000",
        "3 times",
        "500 USD an hour",
        "100,000 USD a month",
        "5,000 USD a year",
        "beyond 3.5",
        "30 accepted peers",
        "fewer than 5 data points",
        "test-source",
    ]:
        assert figure in html, figure


def test_unknown_role_json_answers_in_json_under_the_same_errors_key(client):
    response = client.get("/salaries/no-such-role.json")
    assert response.status_code == 404
    assert response.json() == {
        "errors": {"__all__": [{"message": "No role with this slug.", "code": "not_found"}]}
    }


def test_sources_list_surveys_once_and_jobs_in_words(client, data_engineer):
    from tests.factories import SalarySourceFactory

    SalaryRecordFactory(
        role=data_engineer,
        source=SalarySourceFactory(name="Jobboard job postings", from_file=False),
    )
    html = client.get(data_engineer.get_absolute_url()).content.decode()
    assert html.count("Jobboard job postings") == 0
    assert "jobs published here whose salary range passed our checks" in html


def test_filters_that_leave_no_data_say_so_instead_of_empty_breakdowns(client, data_engineer):
    response = client.get(data_engineer.get_absolute_url(), {"country": "US", "year": "2022"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "No Data Engineer salaries match these filters." in html
    assert "No data for these filters." not in html
    assert 'href="/salaries/data-engineer/?country=US">See the Data Engineer salary in the' in html


@pytest.mark.parametrize(
    "url",
    [
        "/salaries/",
        "/salaries/data-engineer/",
        "/salaries/data-engineer/?experience_level=SE&country=US",
        "/salaries/data-engineer.json?experience_level=SE",
    ],
)
def test_salary_pages_stay_within_eight_queries_and_read_no_record(
    client, data_engineer, url, django_assert_max_num_queries
):
    # The figures come from their table (salaries/figures.py): a first request is as cheap as
    # any, so the pages need no cache of their own. A role page's 8: the role, its cells, its
    # figures, the unfiltered figures that count each filter choice, its articles, the roles to
    # compare with, the sources.
    with django_assert_max_num_queries(8) as context:
        first = client.get(url)
    assert first.status_code == 200
    read = [query["sql"] for query in context.captured_queries]
    assert not any('"salaries_salaryrecord"."annual_usd"' in sql for sql in read)
    assert client.get(url).content == first.content


def test_a_page_reads_each_set_of_figures_once(client, data_engineer, monkeypatch):
    """The figures a page shows and those its filter choices are counted from are one read when no
    filter is chosen; a filtered page reads both."""
    import salaries.views

    reads = []
    original = salaries.views.role_insight
    monkeypatch.setattr(
        salaries.views,
        "role_insight",
        lambda role, filters: reads.append(dict(filters)) or original(role, filters),
    )
    assert client.get(data_engineer.get_absolute_url()).status_code == 200
    assert reads == [{}]
    reads.clear()
    assert client.get(data_engineer.get_absolute_url(), {"country": "US"}).status_code == 200
    assert sorted(map(len, reads)) == [0, 1] and {"country": "US"} in reads


def test_a_bad_filter_is_left_out_and_the_others_still_apply(client, data_engineer):
    """One rule for every list (the job search's): the refused value is named, with a 400, and
    the page shows the figures of the filters it could use, not an empty page."""
    every = client.get(data_engineer.get_absolute_url()).context["insight"].overall.n
    response = client.get(data_engineer.get_absolute_url(), {"experience_level": "XX"})
    assert response.status_code == 400
    assert response.context["insight"].overall.n == every > 0
    level = client.get(data_engineer.get_absolute_url(), {"experience_level": "MI"})
    both = client.get(data_engineer.get_absolute_url(), {"experience_level": "MI", "year": "abc"})
    assert both.status_code == 400
    assert both.context["insight"].overall.n == level.context["insight"].overall.n
    assert both.context["heading"] == level.context["heading"]
