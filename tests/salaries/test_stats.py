import csv

import numpy
import pytest

from salaries.importer import import_salary_file
from salaries.models import Role, SalaryRecord
from salaries.stats import PERCENTILES, SalaryInsight, Summary, percentiles
from tests.factories import RoleFactory, SalaryRecordFactory

FIGURES = ["p10", "p25", "median", "p75", "p90"]


def independent_accepted(path, title):
    """The accepted yearly USD figures of one job title, by the rules as documented, in numpy.

    Outliers are judged within each peer group: the same country and employment type, when the
    group has at least 30 unflagged points.
    """
    groups = {}
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["job_title"] == title:
                peers = (row["company_location"], row["employment_type"])
                groups.setdefault(peers, []).append(float(row["salary_in_usd"]))
    accepted = []
    for values in groups.values():
        usd = numpy.array(values)
        usd = usd[(usd >= 1_000) & (usd <= 5_000_000)]  # refused
        unflagged = usd[(usd >= 15_000) & (usd <= 1_000_000)]  # low or high pay
        logs = numpy.log(unflagged)
        centre = numpy.median(logs) if len(logs) else 0
        mad = numpy.median(numpy.abs(logs - centre)) if len(logs) else 0
        if len(unflagged) < 30 or mad == 0:
            accepted.extend(unflagged)
            continue
        z = 0.6745 * (logs - centre) / mad
        accepted.extend(unflagged[numpy.abs(z) <= 3.5])
    return numpy.array(accepted)


def assert_same_figures(summary, values):
    expected = numpy.percentile(values, [10, 25, 50, 75, 90])  # linear interpolation
    assert summary.n == len(values)
    for name, value in zip(FIGURES, expected, strict=True):
        # ours is the exact figure rounded to the dollar
        assert abs(getattr(summary, name) - value) <= 0.5, name


def test_summary_matches_numpy_linear_percentiles():
    values = [31_000, 45_500, 52_000, 60_000, 61_000, 75_250, 98_000, 120_000, 400_000]
    assert_same_figures(Summary.of(values), values)


def test_no_figure_from_fewer_than_five_points():
    thin = Summary.of([100_000, 110_000, 120_000, 130_000])
    assert thin.n == 4
    assert not thin.enough
    assert [getattr(thin, name) for name in FIGURES] == [None] * 5
    assert Summary.of([1, 2, 3, 4, 5]).enough
    assert Summary.of([]).n == 0


def test_minimum_points_follows_settings(settings):
    settings.SALARY_MIN_POINTS = 1
    assert Summary.of([42_000]).as_dict() == {
        "n": 1,
        "p10": 42_000,
        "p25": 42_000,
        "median": 42_000,
        "p75": 42_000,
        "p90": 42_000,
        "median_ci": None,
    }


@pytest.mark.django_db
def test_data_engineer_statistics_equal_an_independent_computation(snapshot_2023):
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    role = Role.objects.get(slug="data-engineer")
    insight = SalaryInsight.of(SalaryRecord.objects.accepted().for_role(role))
    values = independent_accepted(snapshot_2023, "Data Engineer")
    assert len(values) > 1000
    assert_same_figures(insight.overall, values)


@pytest.mark.django_db
def test_breakdown_by_experience_level_equals_an_independent_computation(snapshot_2023):
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    role = Role.objects.get(slug="data-engineer")
    insight = SalaryInsight.of(SalaryRecord.objects.accepted().for_role(role))
    by_level = {group.code: group.summary for group in insight.breakdowns[0].groups}
    with open(snapshot_2023, newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["job_title"] == "Data Engineer"]
    accepted = set(independent_accepted(snapshot_2023, "Data Engineer").tolist())
    senior = [
        float(r["salary_in_usd"])
        for r in rows
        if r["experience_level"] == "SE" and float(r["salary_in_usd"]) in accepted
    ]
    assert_same_figures(by_level["SE"], senior)


@pytest.mark.django_db
def test_breakdowns_group_every_dimension_and_keep_thin_groups_empty():
    role = RoleFactory()
    for amount in (100_000, 110_000, 120_000, 130_000, 140_000):
        SalaryRecordFactory(role=role, amount_min=amount, country="US", year=2023)
    SalaryRecordFactory(
        role=role,
        amount_min=90_000,
        country="DE",
        year=2022,
        experience_level="EN",
        employment_type="CT",
    )
    insight = SalaryInsight.of(SalaryRecord.objects.for_role(role))
    data = insight.as_dict()
    assert data["n"] == 6
    assert data["by_country"]["US"]["median"] == 120_000
    assert data["by_country"]["DE"] == {
        "n": 1,
        "p10": None,
        "p25": None,
        "median": None,
        "p75": None,
        "p90": None,
        "median_ci": None,
    }
    assert list(data["by_year"]) == ["2023", "2022"]
    # fixed sets list every code, in their natural order, even without data
    assert list(data["by_experience_level"]) == ["EN", "MI", "SE", "EX"]
    assert data["by_experience_level"]["MI"]["n"] == 0
    assert list(data["by_employment_type"]) == ["FT", "PT", "CT", "FL", "IN"]
    assert data["by_employment_type"]["FT"]["n"] == 5


def binomial_ci_ranks(n):
    """The median's order-statistics interval written out: the largest l with
    P(B <= l - 1) <= 2.5 % for B ~ Binomial(n, 1/2), in exact fractions."""
    from fractions import Fraction
    from math import comb

    rank, cumulative = None, Fraction(0)
    for k in range(n // 2 + 1):
        cumulative += Fraction(comb(n, k), 2**n)
        if cumulative > Fraction(1, 40):
            break
        rank = k + 1
    return None if rank is None else (rank, n + 1 - rank)


@pytest.mark.parametrize("n", [1, 5, 6, 8, 9, 17, 50, 101, 1000, 2345])
def test_median_ci_ranks_equal_the_binomial_formula(n):
    from salaries.stats import median_ci_ranks

    assert median_ci_ranks(n) == binomial_ci_ranks(n)


def test_sizes_too_small_for_an_interval_have_none():
    from salaries.stats import median_ci_ranks

    # 5 values: the widest interval, min to max, still misses the median 2 / 32 = 6.25 % of times
    assert median_ci_ranks(5) is None
    summary = Summary.of([100_000, 110_000, 120_000, 130_000, 140_000])
    assert summary.enough and summary.median_ci is None
    assert summary.as_dict()["median_ci"] is None
    assert Summary.of(list(range(100_000, 106_000, 1_000))).median_ci == (100_000, 105_000)


@pytest.mark.django_db
def test_data_engineer_median_ci_equals_an_independent_computation(snapshot_2023):
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    role = Role.objects.get(slug="data-engineer")
    insight = SalaryInsight.of(SalaryRecord.objects.accepted().for_role(role))
    values = numpy.sort(independent_accepted(snapshot_2023, "Data Engineer"))
    low, high = binomial_ci_ranks(len(values))
    assert insight.overall.median_ci == (values[low - 1], values[high - 1])
    assert insight.overall.median_ci_low <= insight.overall.median <= insight.overall.median_ci_high


@pytest.mark.django_db
def test_the_trend_is_the_years_with_a_figure_oldest_first(snapshot_2023):
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    role = Role.objects.get(slug="data-engineer")
    insight = SalaryInsight.of(SalaryRecord.objects.accepted().for_role(role))
    accepted = set(independent_accepted(snapshot_2023, "Data Engineer").tolist())
    by_year = {}
    with open(snapshot_2023, newline="") as handle:
        for row in csv.DictReader(handle):
            value = float(row["salary_in_usd"])
            if row["job_title"] == "Data Engineer" and value in accepted:
                by_year.setdefault(int(row["work_year"]), []).append(value)
    expected = sorted(year for year, values in by_year.items() if len(values) >= 5)
    trend = insight.trend_as_list()
    assert [point["year"] for point in trend] == expected
    for point in trend:
        values = by_year[point["year"]]
        assert point["n"] == len(values)
        for key, pct in (("p25", 25), ("median", 50), ("p75", 75)):
            assert abs(point[key] - numpy.percentile(values, pct)) <= 0.5, (point["year"], key)


def test_percentiles_exist_for_any_number_of_points_and_the_minimum_applies_when_shown(settings):
    assert percentiles([]) is None
    one = percentiles([42_000])
    assert {key: one[key] for key in PERCENTILES} == dict.fromkeys(PERCENTILES, 42_000)
    assert one["median_ci_low"] is None  # too few points for an interval
    figures = percentiles([100_000, 110_000])
    assert figures["median"] == 105_000
    assert Summary.shown(2, figures) == Summary(n=2)  # below SALARY_MIN_POINTS
    settings.SALARY_MIN_POINTS = 2
    assert Summary.shown(2, figures).median == 105_000
