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
