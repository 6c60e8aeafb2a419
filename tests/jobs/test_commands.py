import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from jobs.models import Company, CompanyMembership
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def create_employer(*args):
    call_command("create_employer", *args)


def test_create_employer_onboards_a_new_company(capsys):
    create_employer("--username", "ada", "--email", "ada@example.com", "--company", "Allora Labs")
    out = capsys.readouterr().out
    user = get_user_model().objects.get(username="ada")
    assert user.is_staff and user.email == "ada@example.com"
    assert user.has_perm("jobs.add_job") and not user.has_perm("jobs.moderate_job")
    assert CompanyMembership.objects.get(user=user).company.name == "Allora Labs"
    assert "Created user ada (ada@example.com)" in out
    assert "Created company Allora Labs." in out
    assert "python manage.py changepassword ada" in out


def test_create_employer_joins_an_existing_company_and_runs_again_safely(capsys):
    allora = CompanyFactory(name="Allora Labs")
    args = ("--username", "ada", "--email", "ada@example.com", "--company", "allora labs")
    create_employer(*args)
    create_employer(*args)
    out = capsys.readouterr().out
    assert Company.objects.get() == allora
    assert CompanyMembership.objects.get().company == allora
    assert "Found company Allora Labs." in out
    assert "ada already managed Allora Labs's jobs." in out


def test_an_existing_user_with_a_password_gets_no_password_advice(capsys):
    UserFactory(username="grace", email="grace@example.com")
    create_employer("--username", "grace", "--email", "grace@example.com", "--company", "Occam AI")
    out = capsys.readouterr().out
    assert "Found user grace" in out and "changepassword" not in out
    assert get_user_model().objects.get(username="grace").is_staff


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--username", "ada", "--email", "not-an-email", "--company", "X"), "valid email"),
        (("--username", " ", "--email", "a@example.com", "--company", "X"), "non-empty"),
        (("--username", "a b!", "--email", "a@example.com", "--company", "X"), "valid username"),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        create_employer(*args)
    assert not get_user_model().objects.exists()
    assert not Company.objects.exists()


def test_the_options_are_required():
    with pytest.raises(CommandError, match="--company"):
        create_employer("--username", "ada", "--email", "ada@example.com")
