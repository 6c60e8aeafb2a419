"""Admin login lockout (django-axes, configured in jobboard/settings.py)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
RIGHT = "correct horse battery"


@pytest.fixture(autouse=True)
def lockout_on(settings):
    # pyproject turns the lockout off for the rest of the suite (Client.login passes no request).
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def staff():
    return UserFactory(username="editor", is_staff=True)


def log_in(client, username, password, ip="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


def fail(client, times, username="editor", ip="203.0.113.7"):
    return [log_in(client, username, "wrong", ip).status_code for _ in range(times)]


def test_four_wrong_passwords_only_show_the_login_error(client, staff):
    assert fail(client, 4) == [200] * 4
    assert log_in(client, "editor", RIGHT).status_code == 302


def test_the_fifth_wrong_password_locks_the_login_even_for_the_right_password(client, staff):
    codes = fail(client, 5)
    assert codes[:4] == [200] * 4
    assert codes[4] == 429
    response = log_in(client, "editor", RIGHT)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Sign-in paused after too many wrong passwords" in html
    assert "There were 5 failed sign-ins for <strong>editor</strong>" in html
    assert "paused for 15 minutes" in html
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_one_username_at_one_address(client, staff):
    UserFactory(username="colleague", is_staff=True)
    fail(client, 5)
    assert log_in(client, "colleague", RIGHT).status_code == 302
    assert log_in(client, "editor", RIGHT, ip="198.51.100.1").status_code == 302


def test_after_the_cool_off_the_right_password_works_again(client, staff):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "editor", RIGHT).status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, staff):
    fail(client, 4)
    assert log_in(client, "editor", RIGHT).status_code == 302
    client.logout()
    assert fail(client, 4) == [200] * 4


def test_a_try_during_the_lockout_starts_the_cool_off_again(client, staff):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    assert log_in(client, "editor", RIGHT).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    # 20 minutes after the fifth failure, but only 10 after the last try.
    assert log_in(client, "editor", RIGHT).status_code == 429


PASSWORD_CHANGE = "/admin/password_change/"


def change_password(client, old, ip="203.0.113.7"):
    new = "a new and long passphrase"
    data = {"old_password": old, "new_password1": new, "new_password2": new}
    return client.post(PASSWORD_CHANGE, data, REMOTE_ADDR=ip)


def test_the_password_change_page_locks_like_the_login(client, staff):
    """Issue 19: a signed-in session could guess the old password on this page without limit."""
    client.force_login(staff)
    codes = [change_password(client, f"guess {n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    response = change_password(client, RIGHT)
    assert response.status_code == 429
    assert "Sign-in paused after too many wrong passwords" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(RIGHT)  # the right password changed nothing while locked
    assert log_in(client, "editor", RIGHT).status_code == 429  # one count with the login's
    assert AccessAttempt.objects.get().failures_since_start == 7  # 5 guesses, 2 tries while paused


def test_wrong_old_passwords_below_the_limit_leave_the_change_possible(client, staff):
    client.force_login(staff)
    response = change_password(client, "guess")
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert change_password(client, RIGHT).status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("a new and long passphrase")


def test_a_form_error_other_than_the_old_password_counts_nothing(client, staff):
    client.force_login(staff)
    for _ in range(6):
        data = {"old_password": RIGHT, "new_password1": "x", "new_password2": "y"}
        assert client.post(PASSWORD_CHANGE, data, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert not AccessAttempt.objects.exists()
