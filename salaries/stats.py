"""Salary statistics over accepted records: percentiles of yearly USD by linear interpolation.

Percentiles follow the definition PostgreSQL's percentile_cont and numpy's default use (the value at
rank p x (n - 1), interpolated between neighbours), computed here in Python from one query, so that
SQLite and PostgreSQL give the same figures to the dollar.
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from salaries.choices import EmploymentType, ExperienceLevel
from web.countries import country_names

PERCENTILES = {"p10": 10, "p25": 25, "median": 50, "p75": 75, "p90": 90}
# Every figure of a group that percentiles() gives and a Summary holds (also the columns of the
# stored figures, salaries.models.SalaryFigures).
FIGURES = (*PERCENTILES, "median_ci_low", "median_ci_high")
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


def percentiles(values: Sequence[int]) -> dict[str, int] | None:
    """PERCENTILES of the values, each rounded to the dollar; none for no values."""
    if not values:
        return None
    data = sorted(values)  # linear for data in a few sorted runs, as salaries/figures.py has it
    # statistics.quantiles(data, n=100, method="inclusive") for the five cuts only, in the same
    # exact arithmetic: the value at rank pct x (n - 1) / 100, interpolated.
    last = len(data) - 1
    figures = {}
    for key, pct in PERCENTILES.items():
        rank, delta = divmod(pct * last, 100)
        upper = data[min(rank + 1, last)]
        figures[key] = round((data[rank] * (100 - delta) + upper * delta) / 100)
    # The median's interval: the values at two ranks of the same sorted data (None when n is too
    # small for one), kept beside the percentiles wherever they are.
    ranks = median_ci_ranks(len(data))
    figures["median_ci_low"] = data[ranks[0] - 1] if ranks else None
    figures["median_ci_high"] = data[ranks[1] - 1] if ranks else None
    return figures


def enough_points(n: int) -> bool:
    """Whether n points are enough to publish a figure (SALARY_MIN_POINTS)."""
    return n >= settings.SALARY_MIN_POINTS


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
        return cls.shown(len(values), percentiles(values))

    @classmethod
    def shown(cls, n: int, figures: dict[str, int] | None) -> "Summary":
        """What may be shown of n points and their percentiles: nothing but n below the minimum
        (SALARY_MIN_POINTS is applied here, at reading, so changing it needs no recomputation)."""
        if figures is None or not enough_points(n):
            return cls(n=n)
        return cls(n, **figures)

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
        """From the records themselves (salaries/figures.py gives the same from its table)."""
        rows = list(records.order_by().values_list(*COLUMNS))
        by_dimension = {name: defaultdict(list) for name in COLUMNS[1:]}
        for value, *codes in rows:
            for name, code in zip(COLUMNS[1:], codes, strict=True):
                by_dimension[name][code].append(value)
        return cls.from_summaries(
            Summary.of([row[0] for row in rows]),
            {
                name: {code: Summary.of(values) for code, values in groups.items()}
                for name, groups in by_dimension.items()
            },
        )

    @classmethod
    def from_summaries(cls, overall: Summary, by_dimension: dict[str, dict]) -> "SalaryInsight":
        """overall, and by_dimension: for each of COLUMNS[1:], the Summary of each code present."""
        years = by_dimension["year"]
        return cls(
            overall=overall,
            breakdowns=[
                Breakdown(
                    "experience_level",
                    "By experience level",
                    _fixed_groups(ExperienceLevel.choices, by_dimension["experience_level"]),
                ),
                Breakdown("country", "By country", _country_groups(by_dimension["country"])),
                Breakdown(
                    "year",
                    "By year",
                    [
                        Group(str(year), str(year), years[year])
                        for year in sorted(years, reverse=True)
                    ],
                ),
                Breakdown(
                    "employment_type",
                    "By employment type",
                    _fixed_groups(EmploymentType.choices, by_dimension["employment_type"]),
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


def _fixed_groups(choices, summaries: dict) -> list[Group]:
    """Every code of a fixed set, in its natural order, plus "not stated" when some lack one."""
    groups = [Group(code, label, summaries.get(code, Summary(n=0))) for code, label in choices]
    if "" in summaries and summaries[""].n:
        groups.append(Group("", "Not stated", summaries[""]))
    return groups


def _country_groups(summaries: dict) -> list[Group]:
    """Countries with the most data first, so the figures that exist come before the gaps."""
    groups = [
        Group(code, country_names().get(code, "") if code else "Not stated", summary)
        for code, summary in summaries.items()
    ]
    return sorted(groups, key=lambda group: (-group.summary.n, group.label))
