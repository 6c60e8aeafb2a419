"""Salary statistics over accepted records: percentiles of yearly USD by linear interpolation.

Percentiles follow the definition PostgreSQL's percentile_cont and numpy's default use (the value at
rank p x (n - 1), interpolated between neighbours), computed here in Python from one query, so that
SQLite and PostgreSQL give the same figures to the dollar.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import quantiles

from django.conf import settings
from django_countries import countries

from salaries.choices import EmploymentType, ExperienceLevel

PERCENTILES = {"p10": 10, "p25": 25, "median": 50, "p75": 75, "p90": 90}
CONFIDENCE = 0.95


def median_ci_ranks(n: int, confidence: float = CONFIDENCE) -> tuple[int, int] | None:
    """The ranks (1-based, in ascending order) of the two values that bound a distribution-free
    confidence interval for the median of n values, or None when n is too small for one.

    How many of n values fall below the true median is Binomial(n, 1/2), whatever the
    distribution; [x(l), x(n+1-l)] misses the median only when fewer than l values fall below it
    or fewer than l above it, which has probability 2 P(B <= l - 1). l is the largest rank that
    keeps this at most 1 - confidence.
    """
    tail = (1 - confidence) / 2
    # Below the mean by more than 8 standard deviations the binomial's mass is under 1e-15:
    # summing from there keeps this O(sqrt(n)) at a million points.
    start = max(0, math.floor(n / 2 - 4 * math.sqrt(n)))
    log_total = n * math.log(2)
    cumulative, rank = 0.0, None
    for k in range(start, n // 2 + 1):
        cumulative += math.exp(
            math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) - log_total
        )
        if cumulative > tail:
            break
        rank = k + 1  # P(B <= k) <= tail: x(k + 1) may bound the interval
    if rank is None:
        return None
    return rank, n + 1 - rank


@dataclass(frozen=True)
class Summary:
    """Percentiles of one group; every figure is None below the minimum number of points."""

    n: int
    p10: int | None = None
    p25: int | None = None
    median: int | None = None
    p75: int | None = None
    p90: int | None = None
    # The median's 95% confidence interval (median_ci_ranks); None too when n is too small.
    median_ci_low: int | None = None
    median_ci_high: int | None = None

    @classmethod
    def of(cls, values: Sequence[int]) -> "Summary":
        if not values or len(values) < settings.SALARY_MIN_POINTS:
            return cls(n=len(values))
        if len(values) == 1:
            return cls(1, *(values[0],) * len(PERCENTILES))
        cuts = quantiles(values, n=100, method="inclusive")
        figures = {key: round(cuts[pct - 1]) for key, pct in PERCENTILES.items()}
        ranks = median_ci_ranks(len(values))
        if ranks is not None:
            ordered = sorted(values)
            figures["median_ci_low"] = ordered[ranks[0] - 1]
            figures["median_ci_high"] = ordered[ranks[1] - 1]
        return cls(len(values), **figures)

    @property
    def median_ci(self) -> tuple[int, int] | None:
        if self.median_ci_low is None:
            return None
        return self.median_ci_low, self.median_ci_high

    @property
    def enough(self) -> bool:
        return self.median is not None

    def as_dict(self) -> dict:
        ci = self.median_ci
        return {
            "n": self.n,
            **{key: getattr(self, key) for key in PERCENTILES},
            "median_ci": list(ci) if ci else None,
        }


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    summary: Summary


@dataclass(frozen=True)
class Breakdown:
    key: str  # "experience_level": the JSON key is f"by_{key}"
    title: str
    groups: list[Group]


# One query's columns: the figure, then each dimension a breakdown groups by.
COLUMNS = ("annual_usd", "experience_level", "country", "year", "employment_type")


@dataclass(frozen=True)
class SalaryInsight:
    overall: Summary
    breakdowns: list[Breakdown]

    @classmethod
    def of(cls, records) -> "SalaryInsight":
        rows = list(records.order_by().values_list(*COLUMNS))
        values = [row[0] for row in rows]
        by_dimension = [defaultdict(list) for _ in COLUMNS[1:]]
        for value, *codes in rows:
            for groups, code in zip(by_dimension, codes, strict=True):
                groups[code].append(value)
        levels, places, years, types = by_dimension
        return cls(
            overall=Summary.of(values),
            breakdowns=[
                Breakdown(
                    "experience_level",
                    "By experience level",
                    _fixed_groups(ExperienceLevel.choices, levels),
                ),
                Breakdown("country", "By country", _country_groups(places)),
                Breakdown(
                    "year",
                    "By year",
                    [
                        Group(str(year), str(year), Summary.of(values))
                        for year, values in sorted(years.items(), reverse=True)
                    ],
                ),
                Breakdown(
                    "employment_type",
                    "By employment type",
                    _fixed_groups(EmploymentType.choices, types),
                ),
            ],
        )

    def breakdown(self, key: str) -> Breakdown:
        return next(breakdown for breakdown in self.breakdowns if breakdown.key == key)

    def trend(self) -> list[Group]:
        """The years with a figure, oldest first: p25, median and p75 over time."""
        years = self.breakdown("year").groups
        return sorted((group for group in years if group.summary.enough), key=lambda g: g.code)

    def trend_as_list(self) -> list[dict]:
        return [
            {
                "year": int(group.code),
                "n": group.summary.n,
                "p25": group.summary.p25,
                "median": group.summary.median,
                "p75": group.summary.p75,
            }
            for group in self.trend()
        ]

    def as_dict(self) -> dict:
        data = self.overall.as_dict()
        data["trend"] = self.trend_as_list()
        for breakdown in self.breakdowns:
            data[f"by_{breakdown.key}"] = {
                group.code: group.summary.as_dict() for group in breakdown.groups
            }
        return data


def _fixed_groups(choices, values_by_code) -> list[Group]:
    """Every code of a fixed set, in its natural order, plus "not stated" when some lack one."""
    groups = [
        Group(code, label, Summary.of(values_by_code.get(code, []))) for code, label in choices
    ]
    if values_by_code.get(""):
        groups.append(Group("", "Not stated", Summary.of(values_by_code[""])))
    return groups


def _country_groups(values_by_code) -> list[Group]:
    """Countries with the most data first, so the figures that exist come before the gaps."""
    groups = [
        Group(code, countries.name(code) if code else "Not stated", Summary.of(values))
        for code, values in values_by_code.items()
    ]
    return sorted(groups, key=lambda group: (-group.summary.n, group.label))


def summaries_by_role(records) -> dict[int, Summary]:
    """One Summary per role id, from a single query."""
    values = defaultdict(list)
    for role_id, value in records.order_by().values_list("role_id", "annual_usd"):
        values[role_id].append(value)
    return {role_id: Summary.of(role_values) for role_id, role_values in values.items()}


def common_roles(records, roles: Iterable, *, limit: int) -> list[tuple]:
    """The roles with the most data and enough of it, each with its Summary."""
    summaries = summaries_by_role(records)
    ranked = [(role, summaries[role.pk]) for role in roles if role.pk in summaries]
    ranked = [pair for pair in ranked if pair[1].enough]
    return sorted(ranked, key=lambda pair: (-pair[1].n, pair[0].name))[:limit]
