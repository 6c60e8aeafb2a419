"""jobs/admin/job.py: a job's form and list, scoped to the user's companies."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.services import job_publish, job_reject
from salaries.choices import ReviewState
from salaries.models import SalaryRecord
from tests.factories import (
    FeaturedJobFactory,
    JobFactory,
    ModeratorFactory,
    RoleFactory,
    SalaryRecordFactory,
    SubmittedJobFactory,
)
from tests.jobs.admin.conftest import job_form

pytestmark = pytest.mark.django_db


def test_employers_see_only_their_companys_jobs(employer_client, allora, occam):
    mine = JobFactory(company=allora, title="Ecosystem Manager")
    JobFactory(company=occam, title="Founding AI Engineer")
    response = employer_client.get(reverse("admin:jobs_job_changelist"))
    assert list(response.context["cl"].queryset) == [mine]
    assert "Founding AI Engineer" not in response.content.decode()


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_another_companys_job_is_not_found(employer_client, occam, view):
    theirs = JobFactory(company=occam, title="Founding AI Engineer")
    url = reverse(f"admin:jobs_job_{view}", args=[theirs.pk])
    response = employer_client.get(url)
    assert response.status_code == 404
    assert "Founding AI Engineer" not in response.content.decode()
    response = employer_client.post(url, {**job_form(occam, title="Hijacked"), "post": "yes"})
    assert response.status_code == 404
    assert Job.objects.get(pk=theirs.pk).title == "Founding AI Engineer"


def test_employers_cannot_post_for_another_company(employer_client, occam):
    response = employer_client.post(reverse("admin:jobs_job_add"), job_form(occam))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Job.objects.exists()


def test_an_employers_new_job_waits_for_review(employer_client, allora):
    before = timezone.now()
    response = employer_client.post(reverse("admin:jobs_job_add"), job_form(allora), follow=True)
    assert "waits for a moderator&#x27;s review" in response.content.decode()
    job = Job.objects.get()
    assert (job.company, job.status, job.salary_review) == (
        allora,
        JobStatus.PENDING,
        ReviewState.ACCEPTED,
    )
    assert before <= job.submitted_at <= timezone.now()
    assert job.created_by.username.startswith("user")
    assert sorted(job.tags.names()) == ["ml", "research"]


def test_the_billion_dollar_salary_is_refused_in_the_admin(employer_client, allora):
    response = employer_client.post(
        reverse("admin:jobs_job_add"),
        job_form(allora, salary_min="1111111000", salary_max="1111111000"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["salary_max"]
    assert "222 times the most we accept" in errors["salary_max"][0]
    assert not Job.objects.exists()


def test_an_hourly_typo_is_refused_with_a_suggestion(employer_client, allora):
    response = employer_client.post(
        reverse("admin:jobs_job_add"),
        job_form(allora, salary_min="120000", salary_max="120000", salary_period="hour"),
    )
    assert "120,000 USD an hour: did you mean a yearly salary?" in response.content.decode()
    assert not Job.objects.exists()


FLAGGED = {"salary_min": "15", "salary_max": "70", "salary_period": "hour"}


def test_a_flagged_salary_needs_the_employers_tick(employer_client, allora):
    response = employer_client.post(reverse("admin:jobs_job_add"), job_form(allora, **FLAGGED))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["salary_is_correct"]
    assert "times the minimum" in errors["salary_is_correct"][0]  # the rule that questions it
    assert "tick “This salary is correct”" in errors["salary_is_correct"][0]
    assert not Job.objects.exists()
    response = employer_client.post(
        reverse("admin:jobs_job_add"),
        job_form(allora, salary_is_correct="on", **FLAGGED),
        follow=True,
    )
    assert "waits for a moderator before job seekers see it" in response.content.decode()
    job = Job.objects.get()
    assert (job.salary_review, job.salary_employer_confirmed, job.status) == (
        ReviewState.NEEDS_REVIEW,
        True,
        JobStatus.PENDING,
    )


def test_a_salary_edited_into_a_flagged_one_is_judged_again(employer_client, allora):
    job = job_publish(job=SubmittedJobFactory(company=allora, role=None))
    url = reverse("admin:jobs_job_change", args=[job.pk])
    response = employer_client.post(url, job_form(allora, **FLAGGED))
    assert "salary_is_correct" in response.context["adminform"].form.errors
    assert Job.objects.get(pk=job.pk).status == JobStatus.PUBLISHED  # nothing changed
    employer_client.post(url, job_form(allora, salary_is_correct="on", **FLAGGED))
    job.refresh_from_db()
    assert (job.salary_review, job.salary_employer_confirmed, job.status) == (
        ReviewState.NEEDS_REVIEW,
        True,
        JobStatus.PENDING,
    )
    assert job.salary_record is None and not SalaryRecord.objects.exists()


def test_an_unchanged_flagged_salary_needs_no_new_tick(employer_client, allora):
    employer_client.post(
        reverse("admin:jobs_job_add"), job_form(allora, salary_is_correct="on", **FLAGGED)
    )
    job = Job.objects.get()
    response = employer_client.post(
        reverse("admin:jobs_job_change", args=[job.pk]),
        job_form(allora, title="Research Engineer (ML)", **FLAGGED),
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.title, job.salary_employer_confirmed) == ("Research Engineer (ML)", True)


def test_moderators_have_no_tick_to_give(moderator_client, allora):
    job = SubmittedJobFactory(company=allora, role=None)
    url = reverse("admin:jobs_job_change", args=[job.pk])
    form = moderator_client.get(url).context["adminform"].form
    assert "salary_is_correct" not in form.fields
    response = moderator_client.post(url, job_form(allora, **FLAGGED))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.salary_review, job.salary_employer_confirmed) == (ReviewState.NEEDS_REVIEW, False)


def test_a_plain_save_of_a_rejected_job_sends_it_back_for_review(employer_client, allora):
    job = job_reject(job=SubmittedJobFactory(company=allora, role=None), reason="Check it.")
    job = Job.objects.get(pk=job.pk)
    data = job_form(
        allora,
        title=job.title,
        tags="",
        location=job.location,
        country=job.country,
        remote_policy=job.remote_policy,
        experience_level=job.experience_level,
        salary_min="100000.00",
        salary_max="130000.00",
        description=job.description,
        apply_url=job.apply_url,
    )
    response = employer_client.post(reverse("admin:jobs_job_change", args=[job.pk]), data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING


def test_a_forged_post_cannot_publish_or_feature(employer_client, allora):
    job = SubmittedJobFactory(company=allora, role=None)
    soon = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%d")
    forged = job_form(
        allora,
        title="Edited",
        status="published",
        published_at=soon,
        featured_until_0=soon,
        featured_until_1="12:00:00",
        expires_at_0=soon,
        expires_at_1="12:00:00",
        salary_review="accepted",
        salary_employer_confirmed="on",
        reviewed_by=job.pk,
    )
    response = employer_client.post(reverse("admin:jobs_job_change", args=[job.pk]), forged)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.title == "Edited"
    assert (job.status, job.featured_until, job.expires_at, job.published_at) == (
        JobStatus.PENDING,
        None,
        None,
        None,
    )
    assert job.reviewed_by is None and not job.salary_employer_confirmed


def test_moderators_set_the_end_and_the_featured_spot(moderator_client, allora):
    job = job_publish(job=SubmittedJobFactory(company=allora, role=None))
    end = timezone.now() + timedelta(days=5)
    data = job_form(
        allora,
        expires_at_0=end.strftime("%Y-%m-%d"),
        expires_at_1="12:00:00",
        featured_until_0=end.strftime("%Y-%m-%d"),
        featured_until_1="12:00:00",
    )
    response = moderator_client.post(reverse("admin:jobs_job_change", args=[job.pk]), data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED
    assert job.expires_at.date() == end.date() and job.featured_until.date() == end.date()


def test_the_featured_filter_finds_spots_ending_within_a_week(moderator_client):
    now = timezone.now()
    ending = FeaturedJobFactory(featured_until=now + timedelta(days=6))
    FeaturedJobFactory(featured_until=now + timedelta(days=20))
    FeaturedJobFactory(featured_until=now - timedelta(days=1))
    url = reverse("admin:jobs_job_changelist")
    response = moderator_client.get(url, {"featured": "ending_soon"})
    assert list(response.context["cl"].queryset) == [ending]
    assert moderator_client.get(url, {"featured": "yes"}).context["cl"].result_count == 2
    assert moderator_client.get(url, {"featured": "no"}).context["cl"].result_count == 1


def test_employers_search_and_filter_only_their_own(employer_client, allora, occam):
    JobFactory(company=allora, title="Rust Engineer")
    JobFactory(company=occam, title="Rust Wizard")
    url = reverse("admin:jobs_job_changelist")
    response = employer_client.get(url, {"q": "rust"})
    assert [job.title for job in response.context["cl"].queryset] == ["Rust Engineer"]
    # A lookup through relations they are not offered is refused; another company's id finds none.
    response = employer_client.get(url, {"company__memberships__user__username": "x"})
    assert response.status_code == 400
    response = employer_client.get(url, {"company__id__exact": occam.pk})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_moderators_see_every_company(client, allora, occam):
    client.force_login(ModeratorFactory())
    JobFactory(company=allora)
    JobFactory(company=occam)
    response = client.get(reverse("admin:jobs_job_changelist"))
    assert response.context["cl"].result_count == 2


def test_employers_pick_a_role_from_the_autocomplete(employer_client):
    RoleFactory(name="Data Engineer")
    response = employer_client.get(
        "/admin/autocomplete/",
        {"app_label": "jobs", "model_name": "job", "field_name": "role", "term": "data"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Data Engineer (no salary data yet)"]


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
    assert Job.objects.get(pk=job.pk).expires_at == job.expires_at


def test_an_amount_too_long_gets_one_clear_error(employer_client, allora):
    response = employer_client.post(
        reverse("admin:jobs_job_add"),
        job_form(allora, salary_min="123456789012345", salary_max="200000"),
    )
    errors = response.context["adminform"].form.errors
    assert errors["salary_min"] == ["This amount is too large."]
    assert not Job.objects.exists()


@pytest.mark.parametrize("typed", ["120K", "120k", "120,000", " 120000 "])
def test_salary_amounts_are_read_as_people_write_them(employer_client, allora, typed):
    response = employer_client.post(
        reverse("admin:jobs_job_add"), job_form(allora, salary_min=typed, salary_max="150K")
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.salary_min, job.salary_max) == (120000, 150000)
    # Shown again as typed by people, never "120000.00".
    form = employer_client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert 'value="120,000"' in form and "120000.00" not in form


@pytest.mark.parametrize("typed", ["1111111Q", "120 thousand", "12K5", "1e5"])
def test_other_text_in_a_salary_amount_is_refused_clearly(employer_client, allora, typed):
    response = employer_client.post(
        reverse("admin:jobs_job_add"), job_form(allora, salary_min=typed)
    )
    errors = response.context["adminform"].form.errors
    assert errors["salary_min"] == [
        "Enter an amount such as 120000, 120,000 or 120K (K for thousands)."
    ]
    assert not Job.objects.exists()


def test_a_refused_save_does_not_call_an_unsaved_link_current(employer_client, allora):
    job = SubmittedJobFactory(company=allora, role=None, apply_url="https://allora.example/jobs")
    url = reverse("admin:jobs_job_change", args=[job.pk])
    assert "Currently:" in employer_client.get(url).content.decode()  # the saved link
    typed = job_form(allora, apply_url="https://phish.example/cv", salary_min="abc")
    page = employer_client.post(url, typed).content.decode()
    assert "https://phish.example/cv" in page  # still in the box, to be mended
    assert '<a href="https://phish.example/cv"' not in page
    assert "Currently:" not in page


def test_a_job_without_a_salary_shows_no_salary_verdict(employer_client, allora):
    job = SubmittedJobFactory(
        company=allora,
        role=None,
        salary_min=None,
        salary_max=None,
        salary_currency="",
        salary_period="",
    )
    form = employer_client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "Salary review" not in form
    listing = employer_client.get(reverse("admin:jobs_job_changelist")).content.decode()
    row = listing.split('class="field-salary_verdict"')[1].split("</td>")[0]
    assert "Accepted" not in row


def test_list_and_form_give_dates_in_one_format(employer_client, allora):
    job = job_publish(job=SubmittedJobFactory(company=allora, role=None))
    ends, published = timezone.localtime(job.expires_at), timezone.localtime(job.published_at)
    listing = employer_client.get(reverse("admin:jobs_job_changelist")).content.decode()
    row = listing.split('class="field-ends"')[1].split("</td>")[0]
    assert f"{ends.day} {ends:%b %Y}" in row  # "22 Nov 2026"
    form = employer_client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert f"{published.day} {published:%b %Y}, {published:%H:%M}" in form
    assert f"{published:%b}. {published.day}, {published.year}" not in form  # Django's own


def test_employers_read_a_moderator_in_a_jobs_history(employer_client, allora):
    moderator = ModeratorFactory(username="moderator2")
    job = SubmittedJobFactory(company=allora, role=None)
    moderator_client = Client()
    moderator_client.force_login(moderator)
    moderator_client.post(
        reverse("admin:jobs_job_changelist"),
        {"action": "reject", "_selected_action": [job.pk], "apply": "yes", "reason": "No."},
    )
    history = reverse("admin:jobs_job_history", args=[job.pk])
    page = employer_client.get(history).content.decode()
    assert "Rejected" in page and "a moderator" in page
    assert "moderator2" not in page
    # Moderators see who it was.
    assert "moderator2" in moderator_client.get(history).content.decode()


def test_the_role_typed_comes_first_and_shows_its_data(employer_client):
    applied = RoleFactory(name="Applied Machine Learning Engineer")
    SalaryRecordFactory.create_batch(4, role=applied)
    wanted = RoleFactory(name="Machine Learning Engineer")
    SalaryRecordFactory.create_batch(2, role=wanted)
    RoleFactory(name="Machine Learning Engineer, Trainee")  # a prefix match without data
    RoleFactory(name="MLOps Lead", aliases="Machine Learning Eng")  # an alias typed whole

    def choices(term):
        response = employer_client.get(
            "/admin/autocomplete/",
            {"app_label": "jobs", "model_name": "job", "field_name": "role", "term": term},
        )
        return [result["text"] for result in response.json()["results"]]

    assert choices("Machine Learning Eng") == [
        "MLOps Lead (no salary data yet)",
        "Machine Learning Engineer (2 salaries)",
        "Machine Learning Engineer, Trainee (no salary data yet)",
        "Applied Machine Learning Engineer (4 salaries)",
    ]
    assert choices("machine learning engineer")[0] == "Machine Learning Engineer (2 salaries)"


def test_moderators_approve_from_the_job_page(moderator_client, allora):
    job = SubmittedJobFactory(company=allora, role=None)
    url = reverse("admin:jobs_job_change", args=[job.pk])
    assert 'name="_approve"' in moderator_client.get(url).content.decode()
    response = moderator_client.post(
        url, {**job_form(allora, title="Research Engineer, fixed"), "_approve": "1"}, follow=True
    )
    assert "“Research Engineer, fixed” is approved and on the board." in response.content.decode()
    job.refresh_from_db()
    assert (job.title, job.status) == ("Research Engineer, fixed", JobStatus.PUBLISHED)
    assert job.reviewed_by_id == int(moderator_client.session["_auth_user_id"])
    ends = timezone.localtime(job.expires_at)
    again = job_form(
        allora, expires_at_0=ends.strftime("%Y-%m-%d"), expires_at_1=ends.strftime("%H:%M:%S")
    )
    response = moderator_client.post(url, {**again, "_approve": "1"}, follow=True)
    assert "already published" in response.content.decode()
    assert 'name="_approve"' not in moderator_client.get(url).content.decode()


def test_an_employer_cannot_approve_from_the_job_page(employer_client, allora):
    job = SubmittedJobFactory(company=allora, role=None)
    url = reverse("admin:jobs_job_change", args=[job.pk])
    assert 'name="_approve"' not in employer_client.get(url).content.decode()
    employer_client.post(url, {**job_form(allora), "_approve": "1"})
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING and job.reviewed_by is None


def test_user_names_are_shown_without_links_to_pages_they_cannot_open(employer_client, allora):
    job = job_reject(job=SubmittedJobFactory(company=allora, role=None), reason="No.")
    page = employer_client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "/admin/auth/user/" not in page
