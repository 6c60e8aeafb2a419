import pytest
from django.contrib.auth.models import Group

from jobboard.permissions import EMPLOYERS, GROUP_PERMISSIONS, MODERATORS, ensure_groups

pytestmark = pytest.mark.django_db


def permission_names(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_creates_the_staff_groups_with_their_permissions():
    for name in (MODERATORS, EMPLOYERS):
        assert permission_names(Group.objects.get(name=name)) == set(GROUP_PERMISSIONS[name])


def test_employers_cannot_moderate_or_touch_salaries():
    employers = permission_names(Group.objects.get(name=EMPLOYERS))
    assert "jobs.moderate_job" not in employers
    assert not any(name.startswith("salaries.") for name in employers)


def test_groups_are_restored_when_edited_by_hand():
    group = Group.objects.get(name=MODERATORS)
    group.permissions.clear()
    ensure_groups()
    ensure_groups()
    assert permission_names(group) == set(GROUP_PERMISSIONS[MODERATORS])
    assert Group.objects.filter(name=MODERATORS).count() == 1
