from decimal import Decimal

import pytest

from salaries.formatting import format_salary, format_usd, thousands
from salaries.validation import SalaryRange


@pytest.mark.parametrize(
    ("salary", "text"),
    [
        (SalaryRange(Decimal(120_000), Decimal(160_000), "USD", "year"), "USD 120K - 160K"),
        (
            SalaryRange(Decimal(1_111_111_000), Decimal(1_111_111_000), "USD", "year"),
            "USD 1,111,111K",
        ),
        (
            SalaryRange(Decimal(850_000), Decimal(1_050_000), "NOK", "year"),
            "NOK 850K - 1,050K",
        ),
        (
            SalaryRange(Decimal(1_234_500), Decimal(1_300_000), "INR", "year"),
            "INR 1,234.5K - 1,300K",
        ),
        (SalaryRange(Decimal(125_500), Decimal(130_000), "EUR", "year"), "EUR 125.5K - 130K"),
        (SalaryRange(Decimal(45), Decimal("60.50"), "USD", "hour"), "USD 45 - 60.50 / hour"),
        (SalaryRange(Decimal(1_600), Decimal(2_000), "EUR", "month"), "EUR 1,600 - 2,000 / month"),
        (SalaryRange(Decimal(700), Decimal(900), "EUR", "year"), "EUR 700 - 900"),
        (None, ""),
        (SalaryRange(None, None, "", ""), ""),
    ],
)
def test_one_salary_format_everywhere(salary, text):
    assert format_salary(salary) == text


def test_usd_statistics_are_compact():
    assert format_usd(140_000) == "USD 140K"
    assert format_usd(106_800) == "USD 106.8K"
    assert format_usd(None) == ""
    assert thousands(999) == "1K"


def annual(minimum, maximum, currency, period, usd_min, usd_max) -> SalaryRange:
    return SalaryRange(
        Decimal(minimum),
        Decimal(maximum),
        currency,
        period,
        annual_usd_min=usd_min,
        annual_usd_max=usd_max,
    )


@pytest.mark.parametrize(
    ("salary", "text"),
    [
        (
            annual(850_000, 1_050_000, "NOK", "year", 79_600, 98_300),
            "NOK 850K - 1,050K (about USD 80K - 98K a year)",
        ),
        (
            annual(75, 95, "EUR", "hour", 168_480, 213_408),
            "EUR 75 - 95 / hour (about USD 168K - 213K a year)",
        ),
        (
            annual(6_000, 6_000, "USD", "month", 72_000, 72_000),
            "USD 6,000 / month (about USD 72K a year)",
        ),
        (
            annual(2_400_000, 3_200_000, "INR", "year", 29_040, 38_720),
            "INR 2,400K - 3,200K (about USD 29K - 39K a year)",
        ),
        # Already what the filters use: nothing to add.
        (annual(120_000, 160_000, "USD", "year", 120_000, 160_000), "USD 120K - 160K"),
        # No verdict yet (a salary being typed): the figure as typed, nothing guessed.
        (SalaryRange(Decimal(75), Decimal(95), "EUR", "hour"), "EUR 75 - 95 / hour"),
    ],
)
def test_other_currencies_and_periods_show_the_yearly_usd_beside(salary, text):
    """Issue 12: "NOK 850K - 1050K" beside a filter in USD a year; one number style."""
    assert format_salary(salary) == text


def test_the_yearly_usd_figures_are_no_part_of_a_salarys_identity():
    typed = SalaryRange(Decimal(1), Decimal(2), "EUR", "year")
    assert typed == annual(1, 2, "EUR", "year", 1, 2)
