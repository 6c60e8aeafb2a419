from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from salaries.choices import ReviewState
from salaries.models import ExchangeRate, Role, SalaryRecord, normalise_title
from tests.constraints import refused_by_database
from tests.factories import ExchangeRateFactory, RoleFactory, SalaryRecordFactory, UserFactory

pytestmark = pytest.mark.django_db


def error_codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


# --- Role -----------------------------------------------------------------------------------


def test_role_slug_is_derived_and_unique():
    first = Role.objects.create(name="Data Engineer")
    assert first.slug == "data-engineer"
    second = Role.objects.create(name="Data-Engineer")
    assert second.slug == "data-engineer-2"
    assert first.get_absolute_url() == "/salaries/data-engineer/"


def test_role_names_are_unique_whatever_their_case():
    Role.objects.create(name="Data Engineer")
    refused_by_database(
        "salaries_role_name_unique_ci",
        lambda: Role.objects.create(name="data engineer", slug="other"),
    )
    with pytest.raises(ValidationError, match="A role with this name already exists"):
        Role(name="DATA ENGINEER", slug="x").full_clean()


def test_role_slugs_are_unique_in_the_database():
    Role.objects.create(name="A", slug="same")
    refused_by_database("slug", lambda: Role.objects.create(name="B", slug="same"))


def test_a_role_named_like_a_page_of_its_own_gets_another_slug():
    """/salaries/compare/ is the comparison page: a role there could never be reached."""
    role = Role.objects.create(name="Compare")
    assert role.slug == "compare-role"
    assert Role.objects.create(name="COMPARE!").slug == "compare-role-2"


def test_a_reserved_slug_is_refused_by_the_form_rules_and_the_database():
    with pytest.raises(ValidationError) as caught:
        Role(name="Compare", slug="compare").full_clean()
    assert error_codes(caught.value) == {"reserved_slug"}
    assert "“compare” is the address of another page" in str(caught.value)
    refused_by_database(
        "salaries_role_slug_not_reserved", lambda: Role.objects.create(name="X", slug="compare")
    )


def test_an_alias_cannot_belong_to_two_roles():
    RoleFactory(name="Machine Learning Engineer", aliases="ML Engineer")
    role = Role(name="Applied ML", aliases="ml  engineer\nApplied Machine Learning")
    with pytest.raises(ValidationError) as caught:
        role.full_clean()
    assert error_codes(caught.value) == {"alias_taken"}
    assert "ml  engineer" in str(caught.value)


def test_a_role_name_cannot_be_another_roles_alias():
    RoleFactory(name="Machine Learning Engineer", aliases="ML Engineer")
    with pytest.raises(ValidationError) as caught:
        Role(name="ml engineer").full_clean()
    assert error_codes(caught.value) == {"name_taken"}


def test_titles_find_roles_by_name_or_alias():
    ml = RoleFactory(name="Machine Learning Engineer", aliases="ML Engineer\n\n AI Engineer ")
    assert ml.alias_list() == ["ML Engineer", "AI Engineer"]
    index = Role.objects.title_index()
    assert index[normalise_title("ai engineer")] == ml
    assert index[normalise_title("Machine   Learning Engineer")] == ml
    assert normalise_title("Gardener") not in index


# --- ExchangeRate ---------------------------------------------------------------------------


def test_latest_rate_per_currency_wins():
    ExchangeRateFactory(currency="EUR", units_per_usd=Decimal("0.80"), date=date(2030, 1, 1))
    rates = ExchangeRate.objects.latest_rates()
    assert rates["EUR"] == Decimal("0.80")
    assert rates["GBP"] == Decimal("0.8025")  # seeded
    assert rates["USD"] == 1
    assert ExchangeRate.objects.units_per_usd("EUR") == Decimal("0.80")
    assert ExchangeRate.objects.units_per_usd("USD") == 1
    assert ExchangeRate.objects.units_per_usd("XYZ") is None


def test_at_least_25_currencies_are_seeded_with_a_date():
    seeded = ExchangeRate.objects.filter(date=date(2023, 5, 15))
    assert seeded.count() >= 25


def test_exchange_rate_must_be_positive():
    refused_by_database(
        "salaries_exchangerate_positive",
        lambda: ExchangeRateFactory(currency="ABC", units_per_usd=0),
    )
    with pytest.raises(ValidationError) as caught:
        ExchangeRate(currency="ABC", units_per_usd=Decimal("-1"), date=date.today()).full_clean()
    assert "units_per_usd" in caught.value.error_dict


def test_currency_code_is_three_capitals():
    refused_by_database(
        "salaries_exchangerate_currency_code", lambda: ExchangeRateFactory(currency="eur")
    )
    refused_by_database(
        "salaries_exchangerate_currency_code", lambda: ExchangeRateFactory(currency="EU")
    )
    with pytest.raises(ValidationError) as caught:
        ExchangeRate(currency="eur", units_per_usd=1, date=date.today()).full_clean()
    assert error_codes(caught.value) == {"currency_code"}


def test_one_rate_per_currency_and_day():
    ExchangeRateFactory(currency="ABC", date=date(2024, 1, 1))
    # A unique pair: SQLite names its columns, PostgreSQL the constraint and the key.
    refused_by_database("date", lambda: ExchangeRateFactory(currency="ABC", date=date(2024, 1, 1)))
    with pytest.raises(ValidationError, match="already has a rate for that date"):
        ExchangeRate(currency="ABC", units_per_usd=1, date=date(2024, 1, 1)).full_clean()


# --- SalaryRecord ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"amount_min": Decimal(0), "amount_max": Decimal(10)}, "amount_positive"),
        (
            {"amount_min": Decimal(200), "amount_max": Decimal(100), "annual_usd_min": 100},
            "min_lte_max",
        ),
        ({"annual_usd_min": 10, "annual_usd": 5, "annual_usd_max": 20}, "midpoint_in_range"),
        ({"year": 1900}, "year_range"),
        ({"period": "fort"}, "period_valid"),
        ({"review_state": "maybe"}, "review_state_valid"),
        ({"experience_level": "XX"}, "experience_level_valid"),
        ({"employment_type": "ZZ"}, "employment_type_valid"),
    ],
)
def test_salary_record_invariants_are_held_by_the_database(fields, rule):
    refused_by_database(f"salaries_record_{rule}", lambda: SalaryRecordFactory(**fields))


def test_the_billion_dollar_salary_is_refused_on_its_field():
    record = SalaryRecordFactory.build(
        role=RoleFactory(), amount_min=Decimal(1_111_111_000), amount_max=Decimal(1_111_111_000)
    )
    with pytest.raises(ValidationError) as caught:
        record.judge_salary()
    assert [e.code for e in caught.value.error_dict["amount_max"]] == ["above_maximum"]


def test_judging_derives_yearly_usd_and_flags():
    record = SalaryRecordFactory.build(
        currency="eur", amount_min=Decimal(900), amount_max=Decimal(1_100), period="month"
    )
    record.judge_salary()
    assert record.currency == "EUR"
    assert record.annual_usd_min == round(900 * 12 / 0.9203)  # 11,735: below the review floor
    assert record.annual_usd_max == round(1_100 * 12 / 0.9203)
    assert record.annual_usd == round((record.annual_usd_min + record.annual_usd_max) / 2)
    assert record.review_state == ReviewState.NEEDS_REVIEW
    assert record.review_reasons == "low_pay"


def test_a_new_verdict_replaces_a_moderators():
    record = SalaryRecordFactory(review_state=ReviewState.REJECTED, reviewed_by=UserFactory())
    record.amount_min = record.amount_max = Decimal(3_000_000)
    record.judge_salary()
    assert (record.review_state, record.review_reasons) == (ReviewState.NEEDS_REVIEW, "high_pay")
    assert (record.reviewed_by, record.reviewed_at) == (None, None)


def test_a_lapsed_point_is_not_accepted_any_more():
    SalaryRecordFactory(valid_until=timezone.now() - timedelta(seconds=1))
    current = SalaryRecordFactory(valid_until=timezone.now() + timedelta(days=1))
    assert list(SalaryRecord.objects.accepted()) == [current]
    # Judged at another moment on request: a day and a bit later, neither is current.
    later = timezone.now() + timedelta(days=1, seconds=1)
    assert list(SalaryRecord.objects.accepted(now=later)) == []


def test_accepted_and_needs_review_querysets():
    accepted = SalaryRecordFactory()
    flagged = SalaryRecordFactory(review_state=ReviewState.NEEDS_REVIEW)
    SalaryRecordFactory(review_state=ReviewState.REJECTED)
    assert list(SalaryRecord.objects.accepted()) == [accepted]
    assert list(SalaryRecord.objects.needs_review()) == [flagged]
