import pytest
from django.urls import reverse

from salaries.choices import ReviewState
from salaries.models import ExchangeRate, SalaryRecord
from tests.factories import (
    EmployerFactory,
    ExchangeRateFactory,
    ModeratorFactory,
    SalaryRecordFactory,
    SalarySourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    client.force_login(ModeratorFactory())
    return client


def test_review_queue_lists_only_flagged_records(moderator_client):
    flagged = SalaryRecordFactory(
        review_state=ReviewState.NEEDS_REVIEW,
        review_reasons="low_pay",
        review_note="9,000 USD a year is below 15,000 USD",
    )
    SalaryRecordFactory()
    response = moderator_client.get(reverse("admin:salaries_salaryreviewitem_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [flagged]
    assert "9,000 USD a year is below 15,000 USD" in response.content.decode()


def test_moderator_confirms_from_the_queue(moderator_client):
    flagged = SalaryRecordFactory(review_state=ReviewState.NEEDS_REVIEW)
    response = moderator_client.post(
        reverse("admin:salaries_salaryreviewitem_changelist"),
        {"action": "confirm", "_selected_action": [flagged.pk]},
        follow=True,
    )
    assert "1 salary record accepted." in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.review_state == ReviewState.ACCEPTED


def test_moderator_rejects_from_the_record_list(moderator_client):
    flagged = SalaryRecordFactory(review_state=ReviewState.NEEDS_REVIEW)
    moderator_client.post(
        reverse("admin:salaries_salaryrecord_changelist"),
        {"action": "reject", "_selected_action": [flagged.pk]},
    )
    flagged.refresh_from_db()
    assert flagged.review_state == ReviewState.REJECTED


def test_record_list_filters_by_reason_and_state(moderator_client):
    low = SalaryRecordFactory(review_state=ReviewState.NEEDS_REVIEW, review_reasons="low_pay")
    SalaryRecordFactory(review_state=ReviewState.NEEDS_REVIEW, review_reasons="outlier")
    url = reverse("admin:salaries_salaryrecord_changelist")
    response = moderator_client.get(url, {"reason": "low_pay", "review_state": "needs_review"})
    assert list(response.context["cl"].queryset) == [low]


def test_records_are_read_only(moderator_client):
    record = SalaryRecordFactory()
    response = moderator_client.post(
        reverse("admin:salaries_salaryrecord_change", args=[record.pk]), {"annual_usd": 1}
    )
    assert response.status_code == 403
    assert SalaryRecord.objects.get(pk=record.pk).annual_usd == record.annual_usd


def test_employers_cannot_see_salary_records(client):
    client.force_login(EmployerFactory())
    response = client.get(reverse("admin:salaries_salaryrecord_changelist"))
    assert response.status_code == 403


def test_moderators_edit_exchange_rates(moderator_client):
    response = moderator_client.post(
        reverse("admin:salaries_exchangerate_add"),
        {"currency": "ABC", "units_per_usd": "2.5", "date": "2024-01-01"},
    )
    assert response.status_code == 302
    response = moderator_client.post(
        reverse("admin:salaries_exchangerate_add"),
        {"currency": "abc", "units_per_usd": "0", "date": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "three-letter ISO 4217 code" in response.content.decode()


def test_roles_are_not_listed_for_employers_who_only_look_them_up(client):
    client.force_login(EmployerFactory())
    response = client.get(reverse("admin:index"))
    assert "salaries" not in {app["app_label"] for app in response.context["app_list"]}
    response = client.get(reverse("admin:salaries_role_add"))
    assert response.status_code == 403


def test_moderators_find_sources_by_name(moderator_client):
    SalarySourceFactory(name="ai-jobs.net 2023")
    SalarySourceFactory(name="Jobboard job postings")
    url = reverse("admin:salaries_salarysource_changelist")
    response = moderator_client.get(url, {"q": "ai-jobs"})
    assert [source.name for source in response.context["cl"].queryset] == ["ai-jobs.net 2023"]


def test_moderators_delete_a_wrong_exchange_rate(moderator_client):
    rate = ExchangeRateFactory(currency="ABC")
    response = moderator_client.post(
        reverse("admin:salaries_exchangerate_delete", args=[rate.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not ExchangeRate.objects.filter(pk=rate.pk).exists()


def test_a_records_page_shows_its_figures_and_the_verdict_read_only(moderator_client):
    record = SalaryRecordFactory(
        review_state=ReviewState.NEEDS_REVIEW, review_note="Far above its peers."
    )
    response = moderator_client.get(reverse("admin:salaries_salaryrecord_change", args=[record.pk]))
    html = response.content.decode()
    assert "Minimum salary" in html and "Midpoint of the range in yearly USD" in html
    assert "Far above its peers." in html
    assert 'name="review_state"' not in html  # a verdict is given by the actions, never typed
