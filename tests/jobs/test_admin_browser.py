"""The admin in a real browser: an employer posts a job, a moderator approves it, it goes live."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from jobs.models import Job, JobStatus
from jobs.review import job_publish
from tests.factories import CompanyFactory, EmployerFactory, SubmittedJobFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # the factories' password


def log_in(page, live_server, username, next_path):
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_employer_corrects_a_billion_dollar_salary_and_a_moderator_approves(live_server, page):
    EmployerFactory(username="ada", company=CompanyFactory(name="Allora Labs"))
    moderator = UserFactory(username="mo", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))

    log_in(page, live_server, "ada", "/admin/jobs/job/add/")
    expect(page.get_by_role("heading", name="Add job")).to_be_visible()
    page.get_by_label("Title").fill("Bioinformatics Expert")
    page.get_by_role("textbox", name="Description").fill("## About\n\nGenomes at scale.")
    page.get_by_label("Application link").fill("https://example.com/apply")
    # "USD 1111111K - 1111111K": 1,111,111,000 US dollars a year, read as such (not 1111111).
    page.get_by_label("Minimum salary").fill("1111111K")
    page.get_by_label("Maximum salary").fill("1111111K")
    page.get_by_label("Currency").fill("USD")
    page.get_by_label("Pay period").select_option("year")
    page.get_by_role("button", name="Save", exact=True).click()

    error = page.locator(".field-salary_max .errorlist")
    expect(error).to_contain_text("1,111,111,000 USD a year is 222 times the most we accept")
    assert not Job.objects.exists()

    page.get_by_label("Minimum salary").fill("111000")
    page.get_by_label("Maximum salary").fill("150000")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("waits for a moderator's review")
    row = page.get_by_role("row").filter(has_text="Bioinformatics Expert")
    expect(row).to_contain_text("Pending review")
    assert Job.objects.get().status == JobStatus.PENDING

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "mo", "/admin/")
    page.get_by_role("link", name="Jobs pending review").click()
    row = page.get_by_role("row").filter(has_text="Bioinformatics Expert")
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(
        label="Approve: publish, or apply the change waiting"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 job approved.")

    page.goto(f"{live_server.url}/jobs/")
    expect(page.get_by_role("link", name="Bioinformatics Expert")).to_be_visible()
    expect(page.get_by_text("USD 111K - 150K").first).to_be_visible()


def test_an_employers_typo_fix_waits_while_the_live_job_stays_on_the_board(live_server, page):
    """Issue 12, 2.2: the live version stays (200, same date, same place) until approved."""
    allora = CompanyFactory(name="Allora Labs")
    EmployerFactory(username="ada", company=allora)
    moderator = UserFactory(username="mo", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    now = timezone.now()
    job = job_publish(
        job=SubmittedJobFactory(company=allora, title="Data Enginer", role=None),
        now=now - timedelta(days=5),
    )
    newer = job_publish(
        job=SubmittedJobFactory(title="Analytics Engineer", role=None),
        now=now - timedelta(days=1),
    )

    def board_titles():
        page.goto(f"{live_server.url}/jobs/?ordering=newest")
        return page.locator(".job-card h3").all_inner_texts()

    log_in(page, live_server, "ada", f"/admin/jobs/job/{job.pk}/change/")
    expect(page.locator("#edits-are-reviewed")).to_contain_text(
        "A change you save waits for a moderator's review"
    )
    page.get_by_label("Title").fill("Data Engineer")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Your change is saved and waits")

    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Enginer")
    expect(page.get_by_text("5 days ago")).to_be_visible()
    order = board_titles()
    assert order.index(newer.title) < order.index("Data Enginer")

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "mo", "/admin/")
    page.get_by_role("link", name="Changes of jobs on the board").click()
    page.get_by_role("link", name="Data Enginer").click()
    change = page.locator("#waiting-change")
    expect(change.locator("tr", has_text="Title")).to_contain_text("Data Enginer")
    expect(change.locator("tr", has_text="Title")).to_contain_text("Data Engineer")
    change.get_by_role("button", name="Approve change").click()
    expect(page.locator(".messagelist")).to_contain_text("is approved")

    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Engineer")
    expect(page.get_by_text("5 days ago")).to_be_visible()  # not "just now"
    order = board_titles()
    assert order.index(newer.title) < order.index("Data Engineer")  # not bumped to the top
