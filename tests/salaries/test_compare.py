import re

import numpy
import pytest
from django.urls import reverse

from salaries.compare import CompareForm, compare_url, median_difference, roles_to_compare
from salaries.importer import import_salary_file
from salaries.models import Role
from salaries.stats import Summary
from tests.factories import PublishedArticleFactory, RoleFactory, SalaryRecordFactory
from tests.filter_forms import assert_error_under_field, field_markup
from tests.salaries.test_stats import independent_accepted

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    """Data Engineer: 10 seniors at 100K..190K (median 145K); ML Engineer: 10 seniors at
    150K..240K and 5 mid-level at 90K..130K (median of the 15: 170K)."""
    engineer = RoleFactory(name="Data Engineer")
    ml = RoleFactory(name="Machine Learning Engineer")
    for index in range(10):
        SalaryRecordFactory(role=engineer, amount_min=100_000 + 10_000 * index)
        SalaryRecordFactory(role=ml, amount_min=150_000 + 10_000 * index)
    for index in range(5):
        SalaryRecordFactory(role=ml, amount_min=90_000 + 10_000 * index, experience_level="MI")
    return engineer, ml


def test_the_difference_of_medians_in_words():
    a, b = RoleFactory(name="Data Engineer"), RoleFactory(name="Machine Learning Engineer")
    low, high = Summary(10, 1, 2, 140_000, 4, 5), Summary(10, 1, 2, 187_000, 4, 5)
    assert (
        median_difference(a, low, b, high)
        == "Machine Learning Engineer earns a median USD 47K more than Data Engineer."
    )
    assert "USD 47K less than Machine Learning Engineer" in median_difference(b, high, a, low)
    assert "too few Data Engineer salaries" in median_difference(a, Summary(3), b, high)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"roles": ["data-engineer"]}, "role_count"),
        ({"roles": ["data-engineer", "data-engineer"]}, "role_count"),
        ({"roles": ["a", "b", "c", "d", "e"]}, "invalid_choice"),
        ({"roles": ["data-engineer", "nope"]}, "invalid_choice"),
        ({}, "required"),
    ],
)
def test_two_to_four_known_roles(roles, query, code):
    form = CompareForm(query)
    assert not form.is_valid()
    assert form.errors.as_data()["roles"][0].code == code


def test_the_page_shows_table_chart_and_difference(client, roles):
    engineer, ml = roles
    response = client.get(reverse("salaries:compare"), {"roles": [engineer.slug, ml.slug]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Machine Learning Engineer earns a median USD 25K more than Data Engineer." in html
    assert "<h1>Data Engineer vs. Machine Learning Engineer</h1>" in html
    assert html.count('class="box-svg"') == 3  # senior: both; mid-level: ML only


def test_filters_narrow_every_role(client, roles):
    engineer, ml = roles
    data = client.get(
        reverse("salaries:compare_json"),
        {"roles": [ml.slug, engineer.slug], "experience_level": "MI"},
    ).json()
    assert data["filters"] == {"experience_level": "MI"}
    assert [(r["slug"], r["n"]) for r in data["roles"]] == [(ml.slug, 5), (engineer.slug, 0)]
    assert data["roles"][0]["median"] == 110_000
    assert data["roles"][1]["median"] is None
    assert "too few Data Engineer salaries" in data["differences"][0]


def test_json_shape_and_errors(client, roles):
    engineer, ml = roles
    data = client.get(reverse("salaries:compare_json"), {"roles": [engineer.slug, ml.slug]}).json()
    assert (data["currency"], data["period"]) == ("USD", "year")
    assert data["roles"][0]["by_experience_level"]["SE"]["median"] == 145_000
    assert data["roles"][1]["median_ci"] is not None
    response = client.get(reverse("salaries:compare_json"), {"roles": [engineer.slug]})
    assert response.status_code == 400
    assert response.json()["errors"]["roles"][0]["code"] == "role_count"
    page = client.get(reverse("salaries:compare"), {"roles": "x", "year": "1900"})
    assert page.status_code == 400
    assert "Roles: No role has the slug" in page.content.decode()


def test_the_compare_form_is_the_shared_filter_form_with_its_own_heading_and_help(client, roles):
    html = client.get(reverse("salaries:compare"), {"roles": "x", "year": "1900"}).content.decode()
    assert "These roles could not be compared:" in html
    assert_error_under_field(html, "roles", "No role has the slug “x”.")
    assert_error_under_field(html, "year", "Select a valid choice. 1900 is not one")
    roles_field = field_markup(html, "roles")
    assert '<p class="help small muted" id="id_roles_helptext">Pick 2 to 4' in roles_field
    assert 'aria-describedby="id_roles_helptext id_roles_error"' in roles_field


def test_the_page_query_count_is_fixed(client, roles, django_assert_max_num_queries):
    engineer, ml = roles
    third = RoleFactory(name="Analyst")
    SalaryRecordFactory.create_batch(7, role=third)
    query = {"roles": [engineer.slug, ml.slug, third.slug]}
    with django_assert_max_num_queries(6):
        client.get(reverse("salaries:compare"), query)


def test_roles_named_together_in_articles_come_first(roles):
    engineer, ml = roles
    busy = RoleFactory(name="Analyst")
    SalaryRecordFactory.create_batch(30, role=busy)
    points = {busy.pk: 30, ml.pk: 15, engineer.pk: 10}
    assert roles_to_compare(engineer, points) == [busy, ml]  # most data first
    article = PublishedArticleFactory()
    article.roles.add(engineer, ml)
    assert roles_to_compare(engineer, points) == [ml, busy]
    # Only articles naming both count: busy's own articles don't bring it closer to engineer.
    for _ in range(2):
        PublishedArticleFactory().roles.add(busy)
    assert roles_to_compare(engineer, points) == [ml, busy]


def test_roles_to_compare_have_enough_points_and_ties_go_by_name(settings):
    """Only roles whose figures are shown; equal counts in name order, across the limit too (the
    roles read are those up to the last one tied with the limit-th)."""
    settings.SALARY_MIN_POINTS = 5
    base = RoleFactory(name="Base")
    names = ["Delta", "Alpha", "Echo", "Charlie", "Bravo", "Foxtrot", "Golf"]
    tied = {name: RoleFactory(name=name) for name in names}
    thin = RoleFactory(name="Aardvark")
    just_enough = RoleFactory(name="Zulu")
    points = {base.pk: 50, thin.pk: 4, **{role.pk: 8 for role in tied.values()}}
    points[tied["Golf"].pk] = 9
    chosen = [role.name for role in roles_to_compare(base, points, limit=5)]
    assert chosen == ["Golf", "Alpha", "Bravo", "Charlie", "Delta"]
    assert [r.name for r in roles_to_compare(base, points, limit=1)] == ["Golf"]
    assert [r.name for r in roles_to_compare(base, points, limit=2)] == ["Golf", "Alpha"]
    article = PublishedArticleFactory()
    article.roles.add(base, tied["Foxtrot"])
    assert [r.name for r in roles_to_compare(base, points, limit=2)] == ["Foxtrot", "Golf"]
    assert roles_to_compare(base, {base.pk: 50, thin.pk: 4}) == []
    # The minimum itself is enough, as for a figure (salaries.stats.enough_points).
    assert roles_to_compare(base, {base.pk: 50, thin.pk: 4, just_enough.pk: 5}) == [just_enough]
    assert roles_to_compare(base, points, limit=0) == []
    assert roles_to_compare(base, {}) == []


def test_role_page_and_article_link_to_comparisons(client, roles):
    engineer, ml = roles
    html = client.get(engineer.get_absolute_url()).content.decode()
    assert compare_url([engineer, ml]).replace("&", "&amp;") in html
    article = PublishedArticleFactory()
    article.roles.add(engineer, ml)
    html = client.get(article.get_absolute_url()).content.decode()
    assert compare_url([engineer, ml]).replace("&", "&amp;") in html


def test_data_engineer_vs_data_scientist_2023_equals_numpy(client, snapshot_2023):
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    engineer = Role.objects.get(slug="data-engineer")
    scientist = Role.objects.get(slug="data-scientist")
    data = client.get(
        reverse("salaries:compare_json"), {"roles": [engineer.slug, scientist.slug]}
    ).json()
    medians = []
    for entry, title in zip(data["roles"], ["Data Engineer", "Data Scientist"], strict=True):
        values = independent_accepted(snapshot_2023, title)
        assert entry["n"] == len(values)
        assert abs(entry["median"] - numpy.median(values)) <= 0.5
        medians.append(entry["median"])
    gap = medians[1] - medians[0]
    word = "more" if gap > 0 else "less"
    assert word in data["differences"][0]


def test_a_role_named_compare_and_the_comparison_page_both_answer(client, roles):
    engineer, ml = roles
    named = RoleFactory(name="Compare")
    SalaryRecordFactory.create_batch(5, role=named)
    page = client.get(named.get_absolute_url())
    assert named.get_absolute_url() == "/salaries/compare-role/"
    assert page.status_code == 200 and page.context["role"] == named
    assert client.get(f"/salaries/{named.slug}.json").json()["role"] == "Compare"
    comparison = client.get(reverse("salaries:compare"), {"roles": [named.slug, engineer.slug]})
    assert comparison.status_code == 200
    assert "<h1>Compare vs. Data Engineer</h1>" in comparison.content.decode()


def test_each_levels_chart_puts_every_role_on_one_axis(client, roles):
    """One axis per experience level, shared by the roles compared at that level: each bar's ends
    sit where that level's ticks put its p10 and p90."""
    engineer, ml = roles
    SalaryRecordFactory.create_batch(5, role=engineer, amount_min=40_000, experience_level="MI")
    html = client.get(reverse("salaries:compare"), {"roles": [engineer.slug, ml.slug]})
    charts = re.findall(
        r'<h3 class="compare-level">([^<]+)</h3>\s*<ul class="box-chart">(.*?)</ul>',
        html.content.decode(),
        re.S,
    )
    levels = [level for level, _chart in charts]
    assert levels == ["Mid-level / Intermediate", "Senior-level / Expert"]
    for _level, chart in charts:
        ticks = re.findall(r'<text x="([\d.]+)%" y="1em">([\d.]+)K</text>', chart)
        (x0, v0), (x1, v1) = [(float(x), float(value) * 1000) for x, value in (ticks[0], ticks[-1])]

        def x(value, x0=x0, v0=v0, x1=x1, v1=v1):
            return x0 + (x1 - x0) * (value - v0) / (v1 - v0)

        bars = re.findall(
            r'p10–p90 USD ([\d.]+)K–USD ([\d.]+)K.*?<line class="whisker" x1="([\d.]+)" '
            r'x2="([\d.]+)"',
            chart,
            re.S,
        )
        assert len(bars) == 2  # both roles, on this one axis
        for p10, p90, left, right in bars:
            assert x(float(p10) * 1000) == pytest.approx(float(left), abs=0.01)
            assert x(float(p90) * 1000) == pytest.approx(float(right), abs=0.01)
