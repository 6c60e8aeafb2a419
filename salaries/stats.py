"""Salary statistics over accepted records: percentiles of yearly USD by linear interpolation.

Percentiles follow the definition PostgreSQL's percentile_cont and numpy's default use (the value at
rank p x (n - 1), interpolated between neighbours), computed here in Python from one query, so that
SQLite and PostgreSQL give the same figures to the dollar.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django_countries import countries

from salaries.choices import EmploymentType, ExperienceLevel

PERCENTILES = {"p10": 10, "p25": 25, "median": 50, "p75": 75, "p90": 90}


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
    return figures


@dataclass(frozen=True)
class Summary:
    """Percentiles of one group; every figure is None below the minimum number of points."""

    n: int
    p10: int | None = None
    p25: int | None = None
    median: int | None = None
    p75: int | None = None
    p90: int | None = None

    @classmethod
    def of(cls, values: Sequence[int]) -> "Summary":
        return cls.shown(len(values), percentiles(values))

    @classmethod
    def shown(cls, n: int, figures: dict[str, int] | None) -> "Summary":
        """What may be shown of n points and their percentiles: nothing but n below the minimum
        (SALARY_MIN_POINTS is applied here, at reading, so changing it needs no recomputation)."""
        if figures is None or n < settings.SALARY_MIN_POINTS:
            return cls(n=n)
        return cls(n, **figures)

    @property
    def enough(self) -> bool:
        return self.median is not None

    def as_dict(self) -> dict:
        return {"n": self.n, **{key: getattr(self, key) for key in PERCENTILES}}


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

    def as_dict(self) -> dict:
        data = self.overall.as_dict()
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
        Group(code, countries.name(code) if code else "Not stated", summary)
        for code, summary in summaries.items()
    ]
    return sorted(groups, key=lambda group: (-group.summary.n, group.label))
