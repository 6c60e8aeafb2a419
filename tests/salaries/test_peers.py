from decimal import Decimal

import pytest

from salaries.choices import ReviewState
from salaries.models import SalaryRecord
from salaries.peers import peer_key, peer_spread, peers, points_by_peers
from tests.factories import RoleFactory, SalaryRecordFactory

pytestmark = pytest.mark.django_db


def test_peers_are_the_role_in_the_stated_country_and_employment_type():
    role = RoleFactory()
    us = SalaryRecordFactory(role=role, country="US")
    br = SalaryRecordFactory(role=role, country="BR")
    intern = SalaryRecordFactory(role=role, country="US", employment_type="IN")
    SalaryRecordFactory(country="US")  # another role
    SalaryRecordFactory(role=role, country="US", review_state=ReviewState.NEEDS_REVIEW)
    records = SalaryRecord.objects
    assert set(peers(records, role=role.pk, country="US", employment_type="FT")) == {us}
    assert set(peers(records, role=role.pk, country="", employment_type="FT")) == {us, br}
    assert set(peers(records, role=role.pk, country="US", employment_type="")) == {us, intern}


def test_a_salary_without_a_role_has_no_peers_to_be_an_outlier_among():
    SalaryRecordFactory.create_batch(3)
    records = SalaryRecord.objects
    assert peer_spread(records, role=None, country="US", employment_type="FT") is None
    role = SalaryRecord.objects.first().role
    assert peer_spread(records, role=role.pk, country="US", employment_type="FT").points == 1


def test_points_are_grouped_by_peer_key():
    role = RoleFactory()
    SalaryRecordFactory(role=role, amount_min=Decimal(100_000))
    SalaryRecordFactory(role=role, amount_min=Decimal(120_000))
    SalaryRecordFactory(role=role, amount_min=Decimal(50_000), country="BR")
    SalaryRecordFactory(role=role, review_state=ReviewState.REJECTED)
    points = points_by_peers(SalaryRecord.objects)
    us_points = points[peer_key(role=role.pk, country="US", employment_type="FT")]
    assert sorted(us_points) == [100_000, 120_000]
    assert points[peer_key(role=role.pk, country="BR", employment_type="FT")] == [50_000]
