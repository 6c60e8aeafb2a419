"""The one place salaries become text: "USD 120K - 160K", "EUR 45 - 60 / hour"."""

from decimal import ROUND_HALF_UP, Decimal

from salaries.choices import PayPeriod
from salaries.validation import SalaryRange, amount_text


def thousands(value: Decimal | int) -> str:
    """120000 -> "120K", 125500 -> "125.5K", 1050000 -> "1,050K": grouped like every other
    number on the page ("1,600 / month"), so "1,050K" never stands beside a bare "1050K"."""
    k = Decimal(value) / 1000
    if k == k.to_integral_value():
        return f"{int(k):,}K"
    return f"{k:,.1f}".rstrip("0").rstrip(".") + "K"


def _amount(value: Decimal, period: str) -> str:
    return thousands(value) if period == PayPeriod.YEAR and value >= 1000 else amount_text(value)


def format_salary(salary: SalaryRange | None) -> str:
    """As typed, and beside any other currency or period the yearly USD figure every filter,
    sort and statistic uses: "NOK 850K - 1,050K (about USD 80K - 98K a year)"."""
    if salary is None or salary.minimum is None or salary.maximum is None:
        return ""
    low, high = _amount(salary.minimum, salary.period), _amount(salary.maximum, salary.period)
    text = f"{salary.currency} {low}" if low == high else f"{salary.currency} {low} - {high}"
    if salary.period != PayPeriod.YEAR:
        text += f" / {salary.period}"
    usd = _usd_equivalent(salary)
    return f"{text} ({usd})" if usd else text


def _usd_equivalent(salary: SalaryRange) -> str:
    if salary.currency == "USD" and salary.period == PayPeriod.YEAR:
        return ""
    if salary.annual_usd_min is None or salary.annual_usd_max is None:
        return ""
    # "about": a converted figure is rounded to the thousand, as precise as a rate allows.
    low, high = (thousands(_to_thousand(v)) for v in (salary.annual_usd_min, salary.annual_usd_max))
    return f"about USD {low} a year" if low == high else f"about USD {low} - {high} a year"


def _to_thousand(value: int) -> int:
    return max(1000, int(Decimal(value).quantize(Decimal("1E3"), rounding=ROUND_HALF_UP)))


def format_usd(value: int | None) -> str:
    """A yearly USD statistic, compact: "USD 130.5K"; empty when there is no figure."""
    return "" if value is None else f"USD {thousands(value)}"


def format_usd_exact(value: int | None) -> str:
    """A yearly USD statistic to the dollar: "USD 140,000"; empty when there is no figure."""
    return "" if value is None else f"USD {value:,}"


def format_median_ci(summary) -> str:
    """ "95% CI 138K - 142K" for a Summary's median; what is missing when n is too small."""
    if summary.median is None:
        return ""
    if summary.median_ci is None:
        return "too few points for a 95% interval"
    low, high = summary.median_ci
    return f"95% CI {thousands(low)} - {thousands(high)}"
