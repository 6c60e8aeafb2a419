import math
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from salaries.choices import ReviewState
from salaries.validation import RoleSpread, Rules, SalaryRange, assess, parse_amount


def judge(minimum, maximum=None, currency="USD", period="year", units_per_usd="1", spread=None):
    maximum = minimum if maximum is None else maximum
    return assess(
        SalaryRange(
            None if minimum is None else Decimal(minimum),
            None if maximum is None else Decimal(maximum),
            currency,
            period,
        ),
        units_per_usd=None if units_per_usd is None else Decimal(units_per_usd),
        spread=spread,
    )


def codes(findings):
    return [finding.code for finding in findings]


# --- refusals -------------------------------------------------------------------------------


def test_the_billion_dollar_seed_is_refused_with_how_far_out_it_is():
    result = judge(1_111_111_000)
    assert result.refused
    assert codes(result.errors) == ["above_maximum"]
    assert result.errors[0].message == (
        "1,111,111,000 USD a year is 222 times the most we accept (5,000,000 USD a year)."
    )


def test_hard_maximum_is_inclusive():
    assert not judge(5_000_000).refused
    assert codes(judge(5_000_001).errors) == ["above_maximum"]


def test_hard_minimum_is_inclusive():
    assert not judge(1_000).refused
    assert codes(judge(999).errors) == ["below_minimum"]


def test_financial_data_analyst_113_usd_asks_for_the_missing_thousand():
    result = judge(113)
    assert codes(result.errors) == ["below_minimum"]
    assert result.errors[0].message == "113 USD a year: did you mean 113,000?"


def test_125_usd_a_year_asks_for_the_missing_thousand():
    assert judge(125).errors[0].message == "125 USD a year: did you mean 125,000?"


def test_an_hourly_120000_asks_whether_it_was_yearly():
    result = judge(120_000, period="hour")
    assert codes(result.errors) == ["above_maximum"]
    assert result.errors[0].message.startswith("120,000 USD an hour: did you mean a yearly salary?")
    assert "249,600,000 USD a year" in result.errors[0].message


def test_a_plain_hourly_rate_is_accepted():
    result = judge(60, 75, period="hour")
    assert not result.refused and not result.flags
    assert (result.annual_usd_min, result.annual_usd_max) == (124_800, 156_000)


def test_below_minimum_in_another_currency_states_the_usd_figure():
    result = judge(1_250, currency="JPY", units_per_usd="136.1")
    assert result.errors[0].message.startswith("1,250 JPY a year: did you mean 1,250,000?")


def test_below_minimum_without_a_plausible_slip_states_the_limit():
    result = judge(10, period="month")
    assert result.errors[0].message == (
        "10 USD a month (120 USD a year) is below the least we accept (1,000 USD a year)."
    )


def test_min_above_max_is_refused():
    result = judge(130_000, 120_000)
    assert codes(result.errors) == ["min_above_max"]
    assert result.errors[0].message == "The minimum (130,000) is above the maximum (120,000)."


def test_unknown_currency_is_refused():
    result = judge(100_000, currency="XYZ", units_per_usd=None)
    assert codes(result.errors) == ["unknown_currency"]
    assert "“XYZ”" in result.errors[0].message


def test_missing_currency_is_refused():
    assert codes(judge(100_000, currency="").errors) == ["missing_currency"]


def test_unknown_period_is_refused():
    result = judge(100_000, period="fortnight")
    assert codes(result.errors) == ["unknown_period"]


@pytest.mark.parametrize(
    ("minimum", "maximum", "expected"),
    [
        (None, 100, ["missing_amount"]),
        (100, None, ["missing_amount"]),
        (0, 100, ["not_positive"]),
        (-5, 100, ["not_positive"]),
        (None, None, ["missing_amount", "missing_amount"]),
    ],
)
def test_missing_or_non_positive_amounts_are_refused(minimum, maximum, expected):
    result = assess(
        SalaryRange(
            None if minimum is None else Decimal(minimum),
            None if maximum is None else Decimal(maximum),
            "USD",
            "year",
        ),
        units_per_usd=Decimal(1),
    )
    assert codes(result.errors) == expected
    assert result.annual_usd is None


def test_refusals_become_field_errors_with_codes():
    result = judge(130_000, 120_000, currency="XYZ", units_per_usd=None)
    with pytest.raises(ValidationError) as caught:
        result.raise_for_errors(
            {"minimum": "lo", "maximum": "hi", "currency": "cur", "period": "per"}
        )
    errors = caught.value.error_dict
    assert [error.code for error in errors["lo"]] == ["min_above_max"]
    assert [error.code for error in errors["cur"]] == ["unknown_currency"]


def test_no_refusal_raises_nothing():
    result = judge(100_000)
    assert result.errors == []
    assert result.raise_for_errors({}) is None  # an error would have no field to go to


class Holder:
    """Any object with fields of its own names, as a model holding a salary has."""


def test_a_verdict_is_written_under_the_callers_field_names():
    holder = Holder()
    holder.reviewer = "a moderator"
    names = {"annual_usd_min": "low", "annual_usd": "point", "review_state": "state"}
    judge(15, 70, period="hour").apply_to(holder, {**names, "reviewed_by": "reviewer"})
    assert (holder.low, holder.point) == (31_200, 88_400)
    assert holder.state == ReviewState.NEEDS_REVIEW
    assert holder.reviewer is None  # a new verdict has no reviewer yet
    assert not hasattr(holder, "annual_usd_max")  # parts the caller does not name stay out


# --- review flags ---------------------------------------------------------------------------


def test_low_pay_threshold():
    assert "low_pay" not in codes(judge(15_000).flags)
    low = judge(14_999)
    assert codes(low.flags) == ["low_pay"]
    assert low.review_state == ReviewState.NEEDS_REVIEW
    assert "federal minimum wage" in low.flags[0].message


def test_high_pay_threshold():
    assert "high_pay" not in codes(judge(1_000_000).flags)
    assert codes(judge(1_000_001).flags) == ["high_pay"]


def test_wide_range_threshold():
    assert not judge(100_000, 300_000).flags
    wide = judge(100_000, 300_001)
    assert codes(wide.flags) == ["wide_range"]
    assert "3.0 times the minimum" in wide.flags[0].message


def test_hourly_figure_above_500_is_a_likely_period_slip():
    assert "period_slip" not in codes(judge(500, period="hour").flags)
    slip = judge(501, period="hour")
    assert "period_slip" in codes(slip.flags)
    message = next(f.message for f in slip.flags if f.code == "period_slip")
    assert message.endswith("did you mean 501 USD a day?")


def test_monthly_figure_above_100000_is_probably_yearly():
    assert "period_slip" not in codes(judge(100_000, period="month").flags)
    slip = judge(100_001, period="month")
    message = next(f.message for f in slip.flags if f.code == "period_slip")
    assert message.endswith("did you mean 100,001 USD a year?")


def test_yearly_figure_under_5000_is_probably_monthly():
    assert "period_slip" not in codes(judge(5_000).flags)
    slip = judge(4_999)
    assert codes(slip.flags) == ["low_pay", "period_slip"]
    assert slip.flags[1].message.endswith("did you mean 4,999 USD a month?")


def test_period_slip_without_a_better_period_asks_to_check_it():
    slip = judge(1_200)  # 1,200 a month would still be below the review floor
    message = next(f.message for f in slip.flags if f.code == "period_slip")
    assert message.endswith("is the pay period right?")


def test_slip_thresholds_use_usd_not_the_posted_currency():
    # 600,000 INR a month is about 7,300 USD a month: an ordinary monthly salary.
    assert "period_slip" not in codes(
        judge(600_000, currency="INR", units_per_usd="82.2", period="month").flags
    )


def test_currency_conversion_uses_units_per_usd():
    result = judge(90_000, currency="EUR", units_per_usd="0.9")
    assert (result.annual_usd_min, result.annual_usd, result.annual_usd_max) == (
        100_000,
        100_000,
        100_000,
    )


def test_an_ordinary_salary_is_accepted_with_its_midpoint():
    result = judge(120_000, 160_000)
    assert not result.refused and not result.flags
    assert result.review_state == ReviewState.ACCEPTED
    assert result.annual_usd == 140_000
    assert result.reason_codes == "" and result.review_note == ""


# --- outliers -------------------------------------------------------------------------------

SPREAD = RoleSpread(points=30, median_log=math.log(100_000), mad_log=0.2)


def test_outlier_threshold_on_the_robust_z_score():
    # |0.6745 x ln(x / 100,000) / 0.2| > 3.5 once x passes about 282,300
    assert "outlier" not in codes(judge(282_000, spread=SPREAD).flags)
    high = judge(283_000, spread=SPREAD)
    assert codes(high.flags) == ["outlier"]
    assert "robust z-score +3.5" in high.flags[0].message
    assert "outlier" in codes(judge(35_000, spread=SPREAD).flags)
    assert "outlier" not in codes(judge(36_000, spread=SPREAD).flags)


def test_outliers_need_30_accepted_points():
    thin = RoleSpread(points=29, median_log=SPREAD.median_log, mad_log=SPREAD.mad_log)
    assert not judge(400_000, spread=thin).flags


def test_no_outlier_test_when_every_point_is_equal():
    flat = RoleSpread(points=50, median_log=math.log(100_000), mad_log=0.0)
    assert not judge(400_000, spread=flat).flags


def test_role_spread_is_median_and_mad_of_logs():
    spread = RoleSpread.of([math.e, math.e**2, math.e**3, math.e**4, math.e**10])
    assert spread.points == 5
    assert spread.median_log == pytest.approx(3)
    assert spread.mad_log == pytest.approx(1)  # |1-3|,|2-3|,|3-3|,|4-3|,|10-3| -> median 1
    assert RoleSpread.of([]) is None


# --- thresholds come from settings ----------------------------------------------------------


def test_thresholds_are_read_from_settings(settings):
    settings.SALARY_PLAUSIBILITY = {**settings.SALARY_PLAUSIBILITY, "REVIEW_MIN_USD": 20_000}
    assert Rules.from_settings().review_min_usd == 20_000
    assert codes(judge(19_000).flags) == ["low_pay"]


def test_missing_period_is_asked_for():
    result = judge(100_000, period="")
    assert codes(result.errors) == ["missing_period"]
    assert result.errors[0].message == "Choose the pay period."


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("120000", Decimal(120000)),
        ("120,000", Decimal(120000)),
        ("120K", Decimal(120000)),
        ("120k", Decimal(120000)),
        (" 95.5k ", Decimal(95500)),
        ("999999999999.99", Decimal("999999999999.99")),
        ("1000000000000", None),  # more than the amount columns hold
        ("120 thousand", None),
        ("12K5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_amount_reads_amounts_as_people_write_them(typed, amount):
    assert parse_amount(typed) == amount
