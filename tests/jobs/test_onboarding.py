import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from jobs.models import Company, CompanyMembership
from jobs.onboarding import employer_onboard
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_onboarding_an_employer_creates_what_is_missing():
    done = employer_onboard(username="ada", email="ada@example.com", company_name="Allora Labs")
    assert (done.user_created, done.company_created, done.membership_created) == (
        True,
        True,
        True,
    )
    user = done.user
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["Employers"]
    assert user.has_perm("jobs.add_job") and not user.has_perm("jobs.moderate_job")
    again = employer_onboard(username="ada", email="ADA@example.com", company_name="allora labs")
    assert (again.user_created, again.company_created, again.membership_created) == (
        False,
        False,
        False,
    )
    assert Company.objects.count() == 1 and CompanyMembership.objects.count() == 1


def test_onboarding_refuses_a_clash_and_changes_nothing():
    UserFactory(username="ada", email="someone@example.com")
    with pytest.raises(ValidationError, match="exists with another email"):
        employer_onboard(username="ada", email="ada@example.com", company_name="New Co")
    assert not Company.objects.exists()
    CompanyFactory(name="Twin")
    CompanyFactory(name="twin")
    with pytest.raises(ValidationError, match="More than one company"):
        employer_onboard(username="bob", email="bob@example.com", company_name="Twin")
    assert not CompanyMembership.objects.exists()


def test_onboarding_refuses_an_invalid_username():
    with pytest.raises(ValidationError) as caught:
        employer_onboard(username="no spaces!", email="x@example.com", company_name="New Co")
    assert [error.code for error in caught.value.error_dict["username"]] == ["invalid"]
    assert not Company.objects.exists()
    assert not Group.objects.get(name="Employers").user_set.exists()
