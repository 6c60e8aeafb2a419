import pytest
from django.contrib.auth.models import Group

from jobboard.permissions import ensure_groups
from jobs.staff import is_moderator
from tests.factories import EmployerFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

# The README's account of who may do what, spelt out here rather than read back from
# jobboard/permissions.py: a change to either side must be made on purpose on both.
EXPECTED = {
    "Moderators": {
        "jobs": "view_company add_company change_company view_companymembership "
        "add_companymembership change_companymembership delete_companymembership view_job "
        "change_job moderate_job",
        "salaries": "view_role add_role change_role view_exchangerate add_exchangerate "
        "change_exchangerate delete_exchangerate view_salarysource view_salaryrecord "
        "view_salaryreviewitem review_salaryrecord",
        "articles": "view_article add_article change_article delete_article",
    },
    "Employers": {
        "jobs": "view_company change_company view_job add_job change_job delete_job",
        "salaries": "view_role",
    },
}


def permission_names(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def expected(name):
    return {
        f"{app}.{codename}" for app, codes in EXPECTED[name].items() for codename in codes.split()
    }


def test_migrate_creates_the_staff_groups_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) == set(EXPECTED)
    for name in EXPECTED:
        assert permission_names(Group.objects.get(name=name)) == expected(name)


def test_a_moderator_is_whoever_may_moderate_jobs():
    assert is_moderator(ModeratorFactory())
    assert is_moderator(UserFactory(is_superuser=True))
    assert not is_moderator(EmployerFactory())
    assert not is_moderator(UserFactory(is_staff=True))
    assert not is_moderator(None)


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
    group = Group.objects.get(name="Moderators")
    group.permissions.clear()
    ensure_groups()
    ensure_groups()
    assert permission_names(group) == expected("Moderators")
    assert Group.objects.filter(name="Moderators").count() == 1
