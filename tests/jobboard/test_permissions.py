import pytest
from django.contrib.auth.models import Group

from jobboard.permissions import EMPLOYERS, GROUP_PERMISSIONS, MODERATORS, ensure_groups
from tests.factories import EmployerFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


def permission_names(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_creates_the_staff_groups_with_their_permissions():
    for name in (MODERATORS, EMPLOYERS):
        assert permission_names(Group.objects.get(name=name)) == set(GROUP_PERMISSIONS[name])


def test_what_each_group_can_do():
    employer, moderator = EmployerFactory(), ModeratorFactory()
    assert employer.has_perm("jobs.add_job") and employer.has_perm("jobs.change_job")
    assert employer.has_perm("salaries.view_role")  # to pick a job's role
    assert not employer.has_perm("jobs.moderate_job")
    assert not employer.has_perm("salaries.view_salaryrecord")
    assert not employer.has_perm("salaries.change_exchangerate")
    assert moderator.has_perm("jobs.moderate_job")
    assert moderator.has_perm("salaries.review_salaryrecord")
    assert moderator.has_perm("salaries.change_exchangerate")
    assert not moderator.has_perm("jobs.delete_job")


def test_groups_are_restored_when_edited_by_hand():
    group = Group.objects.get(name=MODERATORS)
    group.permissions.clear()
    ensure_groups()
    ensure_groups()
    assert permission_names(group) == set(GROUP_PERMISSIONS[MODERATORS])
    assert Group.objects.filter(name=MODERATORS).count() == 1
