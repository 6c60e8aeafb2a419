"""The plausibility rules every salary passes, wherever it enters: the admin, the importer, an API.

A salary that cannot be real is refused (nothing is saved). One that could be real but usually is
not is flagged: saved, held out of statistics and listings until a moderator looks at it.

Pure: the caller brings the exchange rate and the spread of the salary's peers
(models.JudgesSalary for one salary on a model, the importer for a file of them).
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from statistics import median

from django.conf import settings
from django.core.exceptions import ValidationError

from salaries.choices import FlagCode, PayPeriod, ReviewState

PERIODS = frozenset(PayPeriod.values)
# Periods tried, in order, when a figure looks like it was typed for another period.
LONGER_PERIODS = [PayPeriod.DAY, PayPeriod.WEEK, PayPeriod.MONTH, PayPeriod.YEAR]


@dataclass(frozen=True)
class Rules:
    """Thresholds in yearly USD, read from settings.SALARY_PLAUSIBILITY."""

    hard_min_usd: int
    hard_max_usd: int
    review_min_usd: int
    review_max_usd: int
    max_range_ratio: float
    hourly_slip_usd: int
    monthly_slip_usd: int
    yearly_slip_usd: int
    outlier_z: float
    outlier_min_points: int

    @classmethod
    def from_settings(cls) -> "Rules":
        return cls(**{key.lower(): value for key, value in settings.SALARY_PLAUSIBILITY.items()})

    def is_possible(self, annual_usd: Decimal | float) -> bool:
        return self.hard_min_usd <= annual_usd <= self.hard_max_usd

    def is_ordinary(self, annual_usd: Decimal | float) -> bool:
        return self.review_min_usd <= annual_usd <= self.review_max_usd


@dataclass(frozen=True)
class SalaryRange:
    minimum: Decimal | None
    maximum: Decimal | None
    currency: str
    period: str
    # The rules' yearly USD verdict, when the salary has one (read from a model): what a reader
    # compares across currencies and periods. Not part of the salary as typed.
    annual_usd_min: int | None = field(default=None, compare=False)
    annual_usd_max: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    part: str  # the input it is about: "minimum", "maximum", "currency" or "period"


@dataclass(frozen=True)
class RoleSpread:
    """Where a role's accepted yearly USD salaries lie, on a log scale, for the outlier rule."""

    points: int
    median_log: float
    mad_log: float

    @classmethod
    def of(cls, annual_usd_values: Iterable[int]) -> "RoleSpread | None":
        logs = [math.log(value) for value in annual_usd_values if value > 0]
        if not logs:
            return None
        centre = median(logs)
        return cls(len(logs), centre, median(abs(value - centre) for value in logs))

    def z_score(self, annual_usd: float) -> float:
        """Iglewicz and Hoaglin's modified z-score: 0.6745 (x - median) / MAD."""
        return 0.6745 * (math.log(annual_usd) - self.median_log) / self.mad_log


@dataclass
class Assessment:
    errors: list[Finding] = field(default_factory=list)
    flags: list[Finding] = field(default_factory=list)
    annual_usd_min: int | None = None
    annual_usd_max: int | None = None

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    @property
    def annual_usd(self) -> int | None:
        if self.annual_usd_min is None or self.annual_usd_max is None:
            return None
        return midpoint(self.annual_usd_min, self.annual_usd_max)

    @property
    def review_state(self) -> ReviewState:
        return ReviewState.NEEDS_REVIEW if self.flags else ReviewState.ACCEPTED

    @property
    def reason_codes(self) -> str:
        return " ".join(finding.code for finding in self.flags)

    @property
    def review_note(self) -> str:
        return "\n".join(finding.message for finding in self.flags)

    def apply_to(self, obj, field_names: Mapping[str, str]) -> None:
        """Write this verdict onto obj under the caller's own field names (parts it does not keep,
        such as the midpoint, are left out). A new verdict has no reviewer yet."""
        values = {
            "annual_usd_min": self.annual_usd_min,
            "annual_usd_max": self.annual_usd_max,
            "annual_usd": self.annual_usd,
            "review_state": self.review_state,
            "review_reasons": self.reason_codes,
            "review_note": self.review_note,
            "reviewed_by": None,
            "reviewed_at": None,
        }
        for part, value in values.items():
            if part in field_names:
                setattr(obj, field_names[part], value)

    def raise_for_errors(self, field_names: Mapping[str, str]) -> None:
        """Raise the refusals as a ValidationError keyed by the caller's own field names."""
        if not self.errors:
            return
        by_field = defaultdict(list)
        for finding in self.errors:
            by_field[field_names[finding.part]].append(
                ValidationError(finding.message, code=finding.code)
            )
        raise ValidationError(dict(by_field))


# "120000", "120,000", "120000.50", "120K" or "120k" (a K multiplies by a thousand).
AMOUNT = re.compile(r"^\s*(\d[\d,]*(?:\.\d+)?)\s*([kK])?\s*$")
# What the amount columns hold: 14 digits, 2 of them decimals.
MAX_AMOUNT = Decimal("999999999999.99")


def parse_amount(text: str | None) -> Decimal | None:
    """An amount as people write it, wherever it is typed (a survey file, the admin's salary
    fields); None for other text, or for more than the amount columns hold."""
    match = AMOUNT.match(text or "")
    if not match:
        return None
    try:
        value = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    value = value * 1000 if match.group(2) else value
    return value if value <= MAX_AMOUNT else None


def normalise_currency(code: str) -> str:
    """ " usd" is USD: what a person types, as the rules and the exchange-rate table write it."""
    return code.strip().upper()


def midpoint(low: int, high: int) -> int:
    """The one point a salary range adds to statistics."""
    return round((low + high) / 2)


def amount_text(amount: Decimal | float) -> str:
    """125 -> "125", 120000 -> "120,000", 45.5 -> "45.50": how the amount was typed, readable."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


def times_text(ratio: float) -> str:
    return f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.1f}"


def assess(
    salary: SalaryRange,
    *,
    units_per_usd: Decimal | None,
    spread: RoleSpread | None = None,
    rules: Rules | None = None,
) -> Assessment:
    """Judge one salary range. units_per_usd is None when the currency has no exchange rate."""
    rules = rules or Rules.from_settings()
    errors = _input_errors(salary, units_per_usd)
    if errors:
        return Assessment(errors=errors)
    period = PayPeriod(salary.period)
    usd_min = salary.minimum / units_per_usd
    usd_max = salary.maximum / units_per_usd
    annual_min = usd_min * period.per_year
    annual_max = usd_max * period.per_year
    errors = _bound_errors(salary, period, usd_min, usd_max, annual_min, annual_max, rules)
    if errors:
        return Assessment(errors=errors)
    assessment = Assessment(annual_usd_min=round(annual_min), annual_usd_max=round(annual_max))
    assessment.flags = _review_flags(
        salary, period, usd_min, usd_max, annual_min, annual_max, rules
    )
    outlier = outlier_finding(assessment.annual_usd, spread, rules)
    if outlier:
        assessment.flags.append(outlier)
    return assessment


def outlier_finding(annual_usd: int, spread: RoleSpread | None, rules: Rules) -> Finding | None:
    if spread is None or spread.points < rules.outlier_min_points or spread.mad_log == 0:
        return None
    z = spread.z_score(annual_usd)
    if abs(z) <= rules.outlier_z:
        return None
    return Finding(
        FlagCode.OUTLIER,
        f"{annual_usd:,} USD a year is far from this role's other salaries in the same country "
        "and employment type "
        f"(median {math.exp(spread.median_log):,.0f} USD from {spread.points:,} data points; "
        f"robust z-score {z:+.1f}, flagged beyond ±{rules.outlier_z}).",
        "maximum" if z > 0 else "minimum",
    )


def _input_errors(salary: SalaryRange, units_per_usd: Decimal | None) -> list[Finding]:
    errors = []
    for part, amount in (("minimum", salary.minimum), ("maximum", salary.maximum)):
        if amount is None:
            errors.append(Finding("missing_amount", f"Enter the {part} salary.", part))
        elif amount <= 0:
            errors.append(
                Finding("not_positive", f"The {part} salary must be more than zero.", part)
            )
    if not errors and salary.minimum > salary.maximum:
        errors.append(
            Finding(
                "min_above_max",
                f"The minimum ({amount_text(salary.minimum)}) is above the maximum "
                f"({amount_text(salary.maximum)}).",
                "minimum",
            )
        )
    if not salary.currency:
        errors.append(Finding("missing_currency", "Choose the salary's currency.", "currency"))
    elif units_per_usd is None:
        errors.append(
            Finding(
                "unknown_currency",
                f"We have no exchange rate for “{salary.currency}”. Use a three-letter ISO code "
                "such as USD, EUR or GBP; moderators can add rates in the admin.",
                "currency",
            )
        )
    if not salary.period:
        errors.append(Finding("missing_period", "Choose the pay period.", "period"))
    elif salary.period not in PERIODS:
        errors.append(
            Finding(
                "unknown_period",
                f"“{salary.period}” is not a pay period; use hour, day, week, month or year.",
                "period",
            )
        )
    return errors


def _bound_errors(salary, period, usd_min, usd_max, annual_min, annual_max, rules) -> list[Finding]:
    if annual_max > rules.hard_max_usd:
        stated_max = f"{amount_text(salary.maximum)} {salary.currency} {period.phrase}"
        if period != PayPeriod.YEAR and rules.is_possible(usd_max):
            message = (
                f"{stated_max}: did you mean a yearly salary? As {period.adjective} pay it comes "
                f"to {annual_max:,.0f} USD a year."
            )
        else:
            message = (
                f"{_in_usd_a_year(stated_max, salary, period, annual_max)} is "
                f"{times_text(float(annual_max / rules.hard_max_usd))} times the most we accept "
                f"({rules.hard_max_usd:,} USD a year)."
            )
        return [Finding("above_maximum", message, "maximum")]
    if annual_min < rules.hard_min_usd:
        stated_min = f"{amount_text(salary.minimum)} {salary.currency} {period.phrase}"
        if period == PayPeriod.YEAR and rules.is_possible(annual_min * 1000):
            message = f"{stated_min}: did you mean {amount_text(salary.minimum * 1000)}?"
        else:
            message = (
                f"{_in_usd_a_year(stated_min, salary, period, annual_min)} is below the least "
                f"we accept ({rules.hard_min_usd:,} USD a year)."
            )
        return [Finding("below_minimum", message, "minimum")]
    return []


def _in_usd_a_year(stated: str, salary: SalaryRange, period: PayPeriod, annual) -> str:
    """ "1,250 JPY a year (11 USD a year)"; just the stated figure when it is already USD a year."""
    if salary.currency == "USD" and period == PayPeriod.YEAR:
        return stated
    return f"{stated} ({annual:,.0f} USD a year)"


def _review_flags(salary, period, usd_min, usd_max, annual_min, annual_max, rules) -> list[Finding]:
    flags = []
    if annual_min < rules.review_min_usd:
        flags.append(
            Finding(
                FlagCode.LOW_PAY,
                f"{annual_min:,.0f} USD a year is below {rules.review_min_usd:,} USD, "
                "a US full-time year at the federal minimum wage.",
                "minimum",
            )
        )
    if annual_max > rules.review_max_usd:
        flags.append(
            Finding(
                FlagCode.HIGH_PAY,
                f"{annual_max:,.0f} USD a year is above {rules.review_max_usd:,} USD, "
                "which very few salaries reach.",
                "maximum",
            )
        )
    ratio = salary.maximum / salary.minimum
    if ratio > rules.max_range_ratio:
        flags.append(
            Finding(
                FlagCode.WIDE_RANGE,
                f"The maximum is {ratio:.1f} times the minimum; posted ranges rarely pass "
                f"{rules.max_range_ratio} times (the median range is 1.5 times).",
                "maximum",
            )
        )
    slip = _period_slip(salary, period, usd_min, usd_max, rules)
    if slip:
        flags.append(slip)
    return flags


def _period_slip(salary, period, usd_min, usd_max, rules) -> Finding | None:
    """A figure that fits another pay period far better than the one stated."""
    if period == PayPeriod.HOUR and usd_max > rules.hourly_slip_usd:
        amount, limit, word = salary.maximum, f"{rules.hourly_slip_usd:,} USD an hour", "high"
        candidates = LONGER_PERIODS
    elif period == PayPeriod.MONTH and usd_max > rules.monthly_slip_usd:
        amount, limit, word = salary.maximum, f"{rules.monthly_slip_usd:,} USD a month", "high"
        candidates = [PayPeriod.YEAR]
    elif period == PayPeriod.YEAR and usd_min < rules.yearly_slip_usd:
        amount, limit, word = salary.minimum, f"{rules.yearly_slip_usd:,} USD a year", "low"
        candidates = [PayPeriod.MONTH]
    else:
        return None
    usd_per_unit = usd_max / salary.maximum
    meant = next(
        (p for p in candidates if rules.is_ordinary(amount * usd_per_unit * p.per_year)),
        None,
    )
    stated = f"{amount_text(amount)} {salary.currency} {period.phrase}"
    question = (
        f"did you mean {amount_text(amount)} {salary.currency} {meant.phrase}?"
        if meant
        else "is the pay period right?"
    )
    return Finding(
        FlagCode.PERIOD_SLIP,
        f"{stated} is unusually {word} (beyond {limit}): {question}",
        "period",
    )
