import csv
import re
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import numpy
import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse
from django.utils import timezone

from salaries import figures
from salaries.choices import ReviewState
from salaries.importer import import_salary_file
from salaries.models import Role, SalaryRecord
from salaries.position import PositionForm, Scope, candidate_scopes, place, place_records
from tests.factories import RoleFactory, SalaryRecordFactory
from tests.filter_forms import assert_error_under_field, field_markup
from tests.salaries.test_stats import independent_accepted

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    """Data Engineer: 10 US seniors at 100K..190K, 4 US mid-level at 50K..80K, 6 German seniors
    at 60K..110K."""
    role = RoleFactory(name="Data Engineer")
    for index in range(10):
        SalaryRecordFactory(role=role, amount_min=100_000 + 10_000 * index)
    for index in range(4):
        SalaryRecordFactory(role=role, amount_min=50_000 + 10_000 * index, experience_level="MI")
    for index in range(6):
        SalaryRecordFactory(role=role, amount_min=60_000 + 10_000 * index, country="DE")
    return role


def test_candidate_scopes_drop_the_level_first_then_the_country():
    assert candidate_scopes("US", "SE") == [Scope("US", "SE"), Scope("US", ""), Scope()]
    assert candidate_scopes("US", "") == [Scope("US", ""), Scope()]
    assert candidate_scopes("", "SE") == [Scope("", "SE"), Scope()]
    assert candidate_scopes("", "") == [Scope()]


def test_strictly_lower_share_rounded_down(role):
    # among the 10 US seniors, 3 are below 130K (130K itself is not strictly lower)
    position = place(role, 130_000, country="US", experience_level="SE")
    assert (position.percentile, position.n, position.scope) == (30, 10, Scope("US", "SE"))
    # worldwide: 20 points, below 135,000: 4 + 6 + 4 (100K..130K) = 14 -> 70 %
    assert place(role, 135_000).percentile == 70
    # 1 of 6 German seniors below 65K: 16.67 % rounds down to 16
    assert place(role, 65_000, country="DE", experience_level="SE").percentile == 16


def test_too_narrow_sets_widen_level_first_then_country(role):
    # 4 US mid-level points are too few: the US set (14) is used, not mid-level worldwide
    position = place(role, 75_000, country="US", experience_level="MI")
    assert position.scope == Scope("US", "")
    assert position.n == 14
    assert position.percentile == 100 * 3 // 14
    assert "in the United States of America" in position.sentence()
    assert "(14 salaries)" in position.sentence()
    # France has nothing: worldwide
    position = place(role, 75_000, country="FR", experience_level="SE")
    assert position.scope == Scope()
    assert position.n == 20
    assert "Data Engineer salaries worldwide (20 salaries)" in position.sentence()


def test_a_role_with_too_few_points_has_no_figure_and_says_so():
    thin = RoleFactory(name="Prompt Whisperer")
    for amount in (90_000, 100_000, 110_000, 120_000):
        SalaryRecordFactory(role=thin, amount_min=amount)
    position = place(thin, 100_000)
    assert position.percentile is None
    assert position.n == 4
    assert "Too few Prompt Whisperer salaries" in position.sentence()
    assert position.as_dict()["reason"] == position.reason


def test_only_accepted_current_points_count(role):
    SalaryRecordFactory(role=role, amount_min=10_000, review_state=ReviewState.NEEDS_REVIEW)
    SalaryRecordFactory(role=role, amount_min=10_000, review_state=ReviewState.REJECTED)
    assert place(role, 135_000).n == 20


def test_a_records_own_point_never_counts_against_itself(role):
    own = SalaryRecordFactory(role=role, amount_min=145_000)
    positions = place_records([own.pk])
    # 10 US seniors without itself, 5 below 145K
    assert positions[own.pk].n == 10
    assert positions[own.pk].percentile == 50
    assert positions[own.pk].scope == Scope("US", "SE")


def test_the_own_point_never_counts_against_itself_nor_does_its_equal(role):
    # Two more US seniors at exactly 130K: neither is below the other, each leaves itself out.
    first = SalaryRecordFactory(role=role, amount_min=130_000)
    second = SalaryRecordFactory(role=role, amount_min=130_000)
    positions = place_records([first.pk, second.pk])
    for record in (first, second):
        # 12 US seniors, 11 without itself; 100K, 110K, 120K below: 3 of 11
        assert (positions[record.pk].n, positions[record.pk].percentile) == (11, 100 * 3 // 11)
    # An amount from outside the set (an offer) is placed among all 12.
    assert (place(role, 130_000, country="US", experience_level="SE").n) == 12


def test_the_own_point_does_not_fill_a_set_up_to_the_minimum(role, settings):
    # 4 US mid-level points and 1 more: 5 with it, 4 without; too few without it.
    own = SalaryRecordFactory(role=role, amount_min=65_000, experience_level="MI")
    assert place(role, 65_000, country="US", experience_level="MI").scope == Scope("US", "MI")
    position = place_records([own.pk])[own.pk]
    assert position.scope == Scope("US", "")
    assert position.n == 14  # 15 US points but itself; 50K, 60K below
    assert position.percentile == 100 * 2 // 14


def test_too_few_points_leave_the_own_point_out_of_the_count_too():
    thin = RoleFactory(name="Prompt Whisperer")
    records = [SalaryRecordFactory(role=thin, amount_min=90_000 + n) for n in range(5)]
    position = place_records([records[0].pk])[records[0].pk]
    assert (position.percentile, position.n) == (None, 4)
    assert "Too few Prompt Whisperer salaries to place this one: 4," in position.sentence()


def test_a_point_that_lapsed_without_a_write_no_longer_counts(role):
    now = timezone.now()
    SalaryRecordFactory(role=role, amount_min=10_000, valid_until=now + timedelta(seconds=30))
    own = SalaryRecordFactory(role=role, amount_min=145_000)
    assert place(role, 135_000).n == 22
    assert place_records([own.pk])[own.pk].n == 11
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=31)):
        assert place(role, 135_000).n == 21
        assert place(role, 135_000).percentile == 100 * 14 // 21
        assert place_records([own.pk])[own.pk].n == 10


def test_a_position_is_one_query_that_reads_no_salary_record(role, django_assert_num_queries):
    with django_assert_num_queries(1) as context:
        place(role, 135_000, country="US", experience_level="SE")
    assert "salaries_salaryrecord" not in context.captured_queries[0]["sql"]


def test_records_held_for_review_are_placed_nowhere(role):
    held = SalaryRecordFactory(role=role, review_state=ReviewState.NEEDS_REVIEW)
    assert place_records([held.pk, None]) == {}


def test_no_records_make_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert place_records([]) == {}
        assert place_records([None]) == {}


def test_the_records_query_is_compiled_once_then_only_run(role, django_assert_num_queries):
    own = SalaryRecordFactory(role=role, amount_min=145_000)
    other = SalaryRecordFactory(role=role, amount_min=105_000, country="DE")
    first = place_records([own.pk])
    compiles = mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    )
    with compiles as as_sql, django_assert_num_queries(1):
        again = place_records([own.pk, other.pk])
    assert as_sql.call_count == 0
    assert again[own.pk] == first[own.pk]
    assert again[other.pk].scope == Scope("DE", "SE")


def test_the_minimum_is_read_at_each_call_not_compiled_in(role, settings):
    own = SalaryRecordFactory(role=role, amount_min=145_000)
    assert place_records([own.pk])[own.pk].scope == Scope("US", "SE")
    settings.SALARY_MIN_POINTS = 11
    assert place_records([own.pk])[own.pk].scope == Scope("US", "")


def test_the_moment_a_position_changes_is_an_aware_datetime(role):
    ends = timezone.now() + timedelta(days=3)
    SalaryRecordFactory(role=role, amount_min=10_000, valid_until=ends)
    own = SalaryRecordFactory(role=role, amount_min=145_000)
    changes_at = place_records([own.pk])[own.pk].changes_at
    assert timezone.is_aware(changes_at)
    assert changes_at == ends
    # No point of the role lapses: nothing changes the position.
    assert place_records([own.pk])[own.pk].changes_at is not None
    steady = RoleFactory(name="Steady")
    records = [SalaryRecordFactory(role=steady, amount_min=90_000 + n) for n in range(8)]
    assert place_records([records[0].pk])[records[0].pk].changes_at is None


def _placed_without_itself(record: SalaryRecord):
    """place() for the record's amount while the record itself is not counted: what place_records
    answers for it."""
    SalaryRecord.objects.filter(pk=record.pk).update(review_state=ReviewState.NEEDS_REVIEW)
    figures.records_changed(figures.cells_of(record))
    try:
        return place(
            record.role,
            record.annual_usd,
            country=record.country.code,
            experience_level=record.experience_level,
        )
    finally:
        SalaryRecord.objects.filter(pk=record.pk).update(review_state=ReviewState.ACCEPTED)
        figures.records_changed(figures.cells_of(record))


def test_a_page_of_mixed_records_is_placed_as_place_would_without_each(role):
    """Roles, countries and levels mixed in one page, each record's set chosen on its own."""
    analyst = RoleFactory(name="Data Analyst")
    for index in range(7):
        SalaryRecordFactory(role=analyst, amount_min=70_000 + 5_000 * index, country="GB")
    page = [
        SalaryRecordFactory(role=role, amount_min=125_000),  # US senior: narrowest set
        SalaryRecordFactory(role=role, amount_min=65_000, experience_level="MI"),  # US
        SalaryRecordFactory(role=role, amount_min=95_000, country="DE"),  # German seniors
        SalaryRecordFactory(role=role, amount_min=75_000, country="FR", experience_level="EN"),
        SalaryRecordFactory(role=analyst, amount_min=82_000, country="GB"),
        SalaryRecordFactory(role=analyst, amount_min=82_000, country="GB", experience_level="MI"),
        SalaryRecordFactory(role=RoleFactory(name="Prompt Whisperer"), amount_min=99_000),
    ]
    held = SalaryRecordFactory(role=role, review_state=ReviewState.NEEDS_REVIEW)
    lapsed = SalaryRecordFactory(role=role, valid_until=timezone.now() - timedelta(seconds=1))
    positions = place_records([held.pk, *(record.pk for record in page), None, lapsed.pk])
    assert set(positions) == {record.pk for record in page}
    for record in page:
        position, expected = positions[record.pk], _placed_without_itself(record)
        assert position.role.slug == record.role.slug
        assert (position.role.name, position.amount_usd_year, position.scope) == (
            expected.role.name,
            expected.amount_usd_year,
            expected.scope,
        )
        assert (position.percentile, position.n, position.reason) == (
            expected.percentile,
            expected.n,
            expected.reason,
        )
    # Every step of the widening is on the page, and a role too thin for any figure.
    assert [positions[record.pk].scope for record in page] == [
        Scope("US", "SE"),
        Scope("US", ""),
        Scope("DE", "SE"),
        Scope(),
        Scope("GB", "SE"),
        Scope("GB", ""),
        Scope(),
    ]
    assert positions[page[-1].pk].percentile is None


def test_many_records_are_placed_in_one_query(role, django_assert_num_queries):
    records = [SalaryRecordFactory(role=role, amount_min=100_000 + n) for n in range(15)]
    with django_assert_num_queries(1):
        positions = place_records([record.pk for record in records])
    assert len(positions) == 15


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"amount": "113", "currency": "USD", "period": "year"}, "amount", "below_minimum"),
        ({"amount": "120000", "currency": "USD", "period": "hour"}, "amount", "above_maximum"),
        ({"amount": "120000", "currency": "ZZZ", "period": "year"}, "currency", "unknown_currency"),
        ({"amount": "-5", "currency": "USD", "period": "year"}, "amount", "min_value"),
        ({"amount": "abc", "currency": "USD", "period": "year"}, "amount", "invalid"),
        ({"amount": "120000", "period": "fortnight"}, "period", "invalid_choice"),
        ({"currency": "USD", "period": "year"}, "amount", "required"),
        ({"amount": "120000", "currency": "EURO"}, "currency", "max_length"),
    ],
)
def test_the_form_refuses_with_the_salary_rules_messages(data, field, code):
    form = PositionForm(data)
    assert not form.is_valid()
    assert form.errors.as_data()[field][0].code == code


def test_the_form_says_did_you_mean():
    form = PositionForm({"amount": "113", "currency": "usd", "period": "year"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["113 USD a year: did you mean 113,000?"]


def test_an_offer_without_currency_or_period_is_usd_a_year():
    form = PositionForm({"amount": "120000", "currency": "", "period": ""})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["currency"], form.cleaned_data["period"]) == ("USD", "year")
    assert form.cleaned_data["amount_usd_year"] == 120_000


def test_an_offer_without_currency_or_period_shows_usd_a_year_in_the_form(client, role):
    """The answer says "a year": the form shows so, and sends it back with the next change."""
    url = reverse("salaries:position", args=[role.slug])
    html = client.get(url, {"amount": "150000"}).content.decode()
    assert 'name="currency"' in html and 'value="USD"' in html
    assert re.search(r'<option value="year" selected>', html)
    assert not re.search(r'<option value="hour" selected>', html)


def test_the_page_prefills_the_country_and_level_before_an_amount(client, role):
    url = reverse("salaries:position", args=[role.slug])
    response = client.get(url, {"country": "DE", "experience_level": "XX"})
    assert response.status_code == 200
    assert response.context["form"].initial == {"country": "DE"}
    assert not response.context["form"].is_bound


def test_the_form_turns_the_offer_into_yearly_usd():
    form = PositionForm({"amount": "60", "currency": "USD", "period": "hour"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount_usd_year"] == 124_800
    assert form.cleaned_data["stated"] == "60 USD an hour"


def test_the_page_answers_with_the_sentence_and_the_chart(client, role):
    url = reverse("salaries:position", args=[role.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["position"] is None
    query = {
        "amount": "130000",
        "currency": "USD",
        "period": "year",
        "country": "US",
        "experience_level": "SE",
    }
    response = client.get(url, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Pays more than 30% of Data Engineer salaries in the United States of America, "
        "senior level "
        "(10 salaries)." in html
    )
    assert "USD 130,000" in html
    # The box chart's own drawing and axis, with the offer across it.
    assert 'class="amount"' in html and 'class="box-axis-svg"' in html
    assert "In the United States of America, senior level" in html
    assert "this offer USD 130K (the dashed line)" in html
    assert f'href="{role.get_absolute_url()}?country=US&amp;experience_level=SE"' in html


def test_the_page_shows_the_rules_message_with_a_400(client, role):
    url = reverse("salaries:position", args=[role.slug])
    response = client.get(url, {"amount": "113", "currency": "USD", "period": "year"})
    assert response.status_code == 400
    assert "Amount: 113 USD a year: did you mean 113,000?" in response.content.decode()


def test_the_offer_form_shows_each_error_under_its_field_and_the_currency_help(client, role):
    url = reverse("salaries:position", args=[role.slug])
    html = client.get(url, {"amount": "113", "currency": "USD"}).content.decode()
    assert "This offer could not be placed:" in html
    assert_error_under_field(html, "amount", "113 USD a year: did you mean 113,000?")
    assert "A three-letter code: USD, EUR" in field_markup(html, "currency")


def test_json_has_exactly_the_documented_shape(client, role):
    url = reverse("salaries:position_json", args=[role.slug])
    query = {
        "amount": "130000",
        "currency": "USD",
        "period": "year",
        "country": "US",
        "experience_level": "SE",
    }
    assert client.get(url, query).json() == {
        "role": "Data Engineer",
        "amount_usd_year": 130_000,
        "percentile": 30,
        "n": 10,
        "scope": {"country": "US", "experience_level": "SE"},
    }
    data = client.get(url, {"amount": "130000", "currency": "USD", "period": "year"}).json()
    assert data["scope"] == {"country": None, "experience_level": None}


def test_json_errors_are_400_with_errors(client, role):
    url = reverse("salaries:position_json", args=[role.slug])
    response = client.get(url, {"amount": "113", "currency": "USD", "period": "year"})
    assert response.status_code == 400
    assert response.json()["errors"]["amount"][0]["code"] == "below_minimum"
    response = client.get(url)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"amount"}
    response = client.get("/salaries/nope/position.json", {"amount": "1"})
    assert response.status_code == 404
    assert response.json()["errors"]["__all__"][0]["code"] == "not_found"


def test_json_without_a_figure_gives_the_reason(client):
    thin = RoleFactory(name="Prompt Whisperer")
    SalaryRecordFactory(role=thin)
    url = reverse("salaries:position_json", args=[thin.slug])
    data = client.get(url, {"amount": "100000", "currency": "USD", "period": "year"}).json()
    assert data["percentile"] is None
    assert data["n"] == 1
    assert "Too few" in data["reason"]


def test_the_page_and_json_take_a_fixed_number_of_queries(
    client, role, django_assert_max_num_queries
):
    query = {"amount": "130000", "currency": "EUR", "period": "year", "country": "US"}
    for _ in range(30):
        SalaryRecordFactory(role=role)
    with django_assert_max_num_queries(4):
        client.get(reverse("salaries:position_json", args=[role.slug]), query)
    with django_assert_max_num_queries(8):
        client.get(reverse("salaries:position", args=[role.slug]), query)


def test_data_engineer_2023_positions_equal_an_independent_count(snapshot_2023):
    """The percent, against numpy on the accepted points of the shipped snapshot."""
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    role = Role.objects.get(slug="data-engineer")
    values = independent_accepted(snapshot_2023, "Data Engineer")
    for amount in (80_000, 130_000, 142_000, 200_000, 300_000):
        expected = int(numpy.floor(100 * numpy.sum(values < amount) / len(values)))
        position = place(role, amount)
        assert (position.percentile, position.n) == (expected, len(values)), amount

    # US, senior level: the narrowed set, counted from the file
    accepted = set(values.tolist())
    with open(snapshot_2023, newline="") as handle:
        us_senior = numpy.array(
            [
                float(row["salary_in_usd"])
                for row in csv.DictReader(handle)
                if row["job_title"] == "Data Engineer"
                and row["company_location"] == "US"
                and row["experience_level"] == "SE"
                and float(row["salary_in_usd"]) in accepted
            ]
        )
    position = place(role, 150_000, country="US", experience_level="SE")
    assert position.scope == Scope("US", "SE")
    assert position.n == len(us_senior)
    below = numpy.sum(us_senior < 150_000)
    assert position.percentile == int(numpy.floor(100 * below / len(us_senior)))


def test_data_engineer_2023_records_equal_an_independent_count_without_themselves(
    snapshot_2023, settings
):
    """place_records on the shipped snapshot, against numpy over the accepted points but its own."""
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    role = Role.objects.get(slug="data-engineer")
    points = list(
        SalaryRecord.objects.accepted()
        .for_role(role)
        .values_list("pk", "country", "experience_level", "annual_usd")
    )
    sample = points[::25]
    positions = place_records(pk for pk, *_ in sample)
    assert len(positions) == len(sample)
    for pk, country, level, usd in sample:
        for scope in candidate_scopes(country, level):
            others = numpy.array(
                [
                    value
                    for other, c, lv, value in points
                    if other != pk
                    and c == (scope.country or c)
                    and lv == (scope.experience_level or lv)
                ]
            )
            if len(others) >= settings.SALARY_MIN_POINTS:
                break
        expected = int(numpy.floor(100 * numpy.sum(others < usd) / len(others)))
        assert (positions[pk].scope, positions[pk].n, positions[pk].percentile) == (
            scope,
            len(others),
            expected,
        ), pk


def test_amounts_in_other_currencies_are_compared_in_yearly_usd(role):
    form = PositionForm({"amount": "10000", "currency": "USD", "period": "month"})
    assert form.is_valid()
    assert form.position(role).amount_usd_year == 120_000
    assert form.cleaned_data["amount"] == Decimal("10000")
