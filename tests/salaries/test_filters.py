import pytest

from salaries.filters import RoleFilter, SalaryRecordFilter
from salaries.models import Role, SalaryRecord
from salaries.stats import Summary
from tests.factories import RoleFactory, SalaryRecordFactory

pytestmark = pytest.mark.django_db


def test_role_search_reads_names_and_aliases():
    engineer = RoleFactory(name="Data Engineer")
    ml = RoleFactory(name="Machine Learning Engineer", aliases="ML Engineer")
    RoleFactory(name="Data Analyst")
    assert set(RoleFilter({"q": "engineer"}, queryset=Role.objects.all()).qs) == {engineer, ml}
    assert list(RoleFilter({"q": "ml eng"}, queryset=Role.objects.all()).qs) == [ml]


def test_a_sort_is_validated_and_applied_by_its_key():
    big = (RoleFactory.build(name="b"), Summary(n=10, median=50_000))
    rich = (RoleFactory.build(name="a"), Summary(n=5, median=90_000))
    ranked = RoleFilter({"sort": "highest"}, queryset=Role.objects.all())
    assert ranked.is_valid()
    assert sorted([big, rich], key=lambda pair: ranked.sort_key()(*pair)) == [rich, big]
    default = RoleFilter({}, queryset=Role.objects.all())
    assert default.is_valid()  # as the view's page does before it sorts
    assert sorted([rich, big], key=lambda pair: default.sort_key()(*pair)) == [big, rich]
    assert not RoleFilter({"sort": "random"}, queryset=Role.objects.all()).is_valid()


def test_record_filters_offer_only_the_countries_and_years_the_records_have():
    role = RoleFactory()
    SalaryRecordFactory(role=role, country="DE", year=2022)
    SalaryRecordFactory(role=role, country="US", year=2023)
    SalaryRecordFactory(country="BR", year=2021)  # another role's
    records = SalaryRecord.objects.for_role(role)
    filterset = SalaryRecordFilter({"country": "DE"}, queryset=records)
    assert filterset.filters["country"].extra["choices"] == [
        ("DE", "Germany"),
        ("US", "United States of America"),
    ]
    assert filterset.filters["year"].extra["choices"] == [("2023", "2023"), ("2022", "2022")]
    assert [str(record.country) for record in filterset.qs] == ["DE"]


def test_record_filters_take_the_cells_a_cache_already_knows():
    filterset = SalaryRecordFilter(
        {"year": "2020"}, queryset=SalaryRecord.objects.none(), cells={("FR", 2020), ("", 2019)}
    )
    assert filterset.filters["country"].extra["choices"] == [("FR", "France")]
    assert filterset.is_valid()
    refused = SalaryRecordFilter(
        {"year": "2018"}, queryset=SalaryRecord.objects.none(), cells={("FR", 2020)}
    )
    assert "year" in refused.errors
