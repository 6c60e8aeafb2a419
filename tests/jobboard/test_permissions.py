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


def test_moderators_manage_companies_and_their_members_but_not_accounts():
    moderator = ModeratorFactory()
    assert moderator.has_perm("jobs.add_company") and moderator.has_perm("jobs.change_company")
    assert moderator.has_perm("jobs.add_companymembership")
    assert moderator.has_perm("jobs.delete_companymembership")
    assert moderator.has_perm("articles.delete_article")
    assert not moderator.has_perm("jobs.delete_company")  # it would take every job with it
    assert not moderator.has_perm("jobs.add_job")  # jobs come from employers
    for app_label in ("auth", "taggit", "axes"):
        assert not moderator.has_module_perms(app_label)


def test_employers_have_no_say_beyond_their_jobs():
    employer = EmployerFactory()
    assert not employer.has_perm("jobs.add_company")
    assert not employer.has_perm("jobs.add_companymembership")
    for app_label in ("articles", "auth", "taggit", "axes"):
        assert not employer.has_module_perms(app_label)
    assert {p.split(".")[0] for p in employer.get_all_permissions()} == {"jobs", "salaries"}


def test_groups_are_restored_when_edited_by_hand():
    group = Group.objects.get(name=MODERATORS)
    group.permissions.clear()
    ensure_groups()
    ensure_groups()
    assert permission_names(group) == set(GROUP_PERMISSIONS[MODERATORS])
    assert Group.objects.filter(name=MODERATORS).count() == 1
