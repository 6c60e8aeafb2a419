import pytest
from django.urls import reverse

from jobs.models import Job, JobStatus
from jobs.services import job_publish
from salaries.choices import ReviewState
from salaries.models import SalaryRecord
from tests.factories import (
    CompanyFactory,
    EmployerFactory,
    JobFactory,
    ModeratorFactory,
    RoleFactory,
    SubmittedJobFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def allora():
    return CompanyFactory(name="Allora Labs")


@pytest.fixture
def occam():
    return CompanyFactory(name="Occam AI")


@pytest.fixture
def employer_client(client, allora):
    client.force_login(EmployerFactory(company=allora))
    return client


def job_form(company, **overrides):
    data = {
        "title": "Research Engineer",
        "company": company.pk,
        "role": "",
        "tags": "research, ml",
        "location": "",
        "country": "",
        "remote_policy": "remote",
        "employment_type": "FT",
        "experience_level": "SE",
        "salary_min": "160000",
        "salary_max": "180000",
        "salary_currency": "USD",
        "salary_period": "year",
        "description": "## About\n\nResearch.",
        "apply_url": "https://example.com/apply",
        "apply_email": "",
        "expires_at_0": "",
        "expires_at_1": "",
    }
    return {**data, **overrides}


def test_employers_see_only_their_companys_jobs(employer_client, allora, occam):
    mine = JobFactory(company=allora, title="Ecosystem Manager")
    JobFactory(company=occam, title="Founding AI Engineer")
    response = employer_client.get(reverse("admin:jobs_job_changelist"))
    assert list(response.context["cl"].queryset) == [mine]
    assert "Founding AI Engineer" not in response.content.decode()


def test_employers_cannot_open_another_companys_job(employer_client, occam):
    theirs = JobFactory(company=occam)
    response = employer_client.get(reverse("admin:jobs_job_change", args=[theirs.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "doesn’t exist" in response.content.decode()
    response = employer_client.post(
        reverse("admin:jobs_job_change", args=[theirs.pk]), job_form(occam, title="Hijacked")
    )
    assert Job.objects.get(pk=theirs.pk).title != "Hijacked"


def test_employers_cannot_post_for_another_company(employer_client, occam):
    response = employer_client.post(reverse("admin:jobs_job_add"), job_form(occam))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Job.objects.exists()


def test_an_employer_posts_a_job_as_a_draft(employer_client, allora):
    response = employer_client.post(reverse("admin:jobs_job_add"), job_form(allora))
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.company, job.status, job.salary_review) == (
        allora,
        JobStatus.DRAFT,
        ReviewState.ACCEPTED,
    )
    assert job.created_by.username.startswith("user")
    assert sorted(job.tags.names()) == ["ml", "research"]


def test_the_billion_dollar_salary_is_refused_in_the_admin(employer_client, allora):
    response = employer_client.post(
        reverse("admin:jobs_job_add"),
        job_form(allora, salary_min="1111111000", salary_max="1111111000"),
    )
    assert response.status_code == 200
    assert "222 times the most we accept" in response.content.decode()
    assert not Job.objects.exists()


def test_an_hourly_typo_is_refused_with_a_suggestion(employer_client, allora):
    response = employer_client.post(
        reverse("admin:jobs_job_add"),
        job_form(allora, salary_min="120000", salary_max="120000", salary_period="hour"),
    )
    assert "120,000 USD an hour: did you mean a yearly salary?" in response.content.decode()
    assert not Job.objects.exists()


def test_a_flagged_salary_is_saved_with_a_warning(employer_client, allora):
    response = employer_client.post(
        reverse("admin:jobs_job_add"),
        job_form(allora, salary_min="15", salary_max="70", salary_period="hour"),
        follow=True,
    )
    assert "waits for a moderator" in response.content.decode()
    assert Job.objects.get().salary_review == ReviewState.NEEDS_REVIEW


def test_employers_submit_but_cannot_publish(employer_client, allora):
    job = JobFactory(company=allora)
    url = reverse("admin:jobs_job_changelist")
    actions = dict(employer_client.get(url).context["action_form"].fields["action"].choices)
    assert "submit" in actions and "publish" not in actions and "confirm_salary" not in actions
    employer_client.post(url, {"action": "submit", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING
    employer_client.post(url, {"action": "publish", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING


def test_moderators_publish_and_confirm_salaries(client, allora):
    client.force_login(ModeratorFactory())
    job = JobFactory(company=allora, status=JobStatus.PENDING)
    url = reverse("admin:jobs_job_changelist")
    response = client.post(url, {"action": "publish", "_selected_action": [job.pk]}, follow=True)
    assert "1 job(s) published." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED
    assert SalaryRecord.objects.count() == 1
    response = client.post(url, {"action": "publish", "_selected_action": [job.pk]}, follow=True)
    assert "already published" in response.content.decode()


def test_moderators_see_every_company(client, allora, occam):
    client.force_login(ModeratorFactory())
    JobFactory(company=allora)
    JobFactory(company=occam)
    response = client.get(reverse("admin:jobs_job_changelist"))
    assert response.context["cl"].result_count == 2


def test_employers_see_only_their_company(employer_client, allora, occam):
    response = employer_client.get(reverse("admin:jobs_company_changelist"))
    assert list(response.context["cl"].queryset) == [allora]


def test_employers_open_their_own_company(employer_client, allora):
    response = employer_client.get(reverse("admin:jobs_company_change", args=[allora.pk]))
    assert response.status_code == 200
    response = employer_client.post(
        reverse("admin:jobs_company_change", args=[allora.pk]),
        {"name": "Allora Labs", "website": "allora.network", "description": "AI network."},
    )
    assert response.status_code == 302
    allora.refresh_from_db()
    assert allora.website == "https://allora.network"


def test_employers_pick_a_role_from_the_autocomplete(employer_client):
    RoleFactory(name="Data Engineer")
    response = employer_client.get(
        "/admin/autocomplete/",
        {"app_label": "jobs", "model_name": "job", "field_name": "role", "term": "data"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Data Engineer"]


def test_an_employers_edit_to_a_published_job_waits_for_a_moderator(employer_client, allora):
    job = job_publish(job=SubmittedJobFactory(company=allora))
    response = employer_client.post(
        reverse("admin:jobs_job_change", args=[job.pk]),
        job_form(allora, title="Research Engineer II"),
        follow=True,
    )
    assert "off the board until a moderator approves" in response.content.decode()
    job.refresh_from_db()
    assert (job.title, job.status) == ("Research Engineer II", JobStatus.PENDING)


def test_deleting_a_job_in_the_admin_removes_its_salary_point(employer_client, allora):
    job = job_publish(job=SubmittedJobFactory(company=allora))
    employer_client.post(reverse("admin:jobs_job_delete", args=[job.pk]), {"post": "yes"})
    assert not Job.objects.exists()
    assert not SalaryRecord.objects.exists()
    job = job_publish(job=SubmittedJobFactory(company=allora))
    employer_client.post(
        reverse("admin:jobs_job_changelist"),
        {"action": "delete_selected", "_selected_action": [job.pk], "post": "yes"},
    )
    assert not SalaryRecord.objects.exists()


def test_a_published_job_cannot_lose_its_end_date(client, allora):
    client.force_login(ModeratorFactory())
    job = job_publish(job=SubmittedJobFactory(company=allora))
    response = client.post(reverse("admin:jobs_job_change", args=[job.pk]), job_form(allora))
    assert response.status_code == 200
    assert "A published job needs an end date." in response.content.decode()
    job.refresh_from_db()
    assert job.expires_at is not None


def test_employers_end_their_own_job_early(employer_client, allora):
    job = job_publish(job=SubmittedJobFactory(company=allora))
    employer_client.post(
        reverse("admin:jobs_job_changelist"), {"action": "expire", "_selected_action": [job.pk]}
    )
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED
    assert not SalaryRecord.objects.exists()


def test_an_amount_too_long_gets_one_clear_error(employer_client, allora):
    response = employer_client.post(
        reverse("admin:jobs_job_add"),
        job_form(allora, salary_min="123456789012345", salary_max="200000"),
    )
    errors = response.context["adminform"].form.errors
    assert errors["salary_min"] == ["Ensure that there are no more than 14 digits in total."]
    assert not Job.objects.exists()
