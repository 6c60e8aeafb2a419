"""jobs/admin/company.py: companies and their members, each employer its own."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from jobs.models import Company, CompanyChange, CompanyMembership
from jobs.review import job_publish
from tests.factories import (
    JobFactory,
    SubmittedJobFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_employers_see_only_their_company(employer_client, allora, occam):
    response = employer_client.get(reverse("admin:jobs_company_changelist"))
    assert list(response.context["cl"].queryset) == [allora]


@pytest.mark.parametrize(
    ("company", "opens", "saves", "website"),
    [
        ("allora", 200, 302, "https://allora.network"),  # a link without its scheme: https
        ("occam", 404, 404, None),  # another company's: not even said to exist
    ],
)
def test_employers_open_and_change_their_own_company_only(
    employer_client, request, company, opens, saves, website
):
    company = request.getfixturevalue(company)
    name = company.name
    for view in ("change", "history"):
        url = reverse(f"admin:jobs_company_{view}", args=[company.pk])
        assert employer_client.get(url).status_code == opens
    data = {"name": name, "website": "allora.network", "description": "AI network."}
    url = reverse("admin:jobs_company_change", args=[company.pk])
    assert employer_client.post(url, data).status_code == saves
    company.refresh_from_db()
    assert (company.name, company.website) == (name, "")  # waits for a moderator
    change = CompanyChange.objects.filter(company=company).first()
    assert (change.values["website"] if change else None) == website


def test_an_employers_company_edit_stays_off_its_pages_until_approved(
    employer_client, moderator_client, client, allora
):
    """19.3: a rename, a phishing website and a CV request in the description."""
    job = job_publish(job=SubmittedJobFactory(company=allora))
    url = reverse("admin:jobs_company_change", args=[allora.pk])
    assert "wait for a moderator's review" in employer_client.get(url).content.decode()
    proposed = {
        "name": "Occam AI",
        "website": "https://phish.example",
        "description": "Send your CV to cv@phish.example.",
    }
    response = employer_client.post(url, proposed, follow=True)
    assert "waits for a moderator" in str(list(response.context["messages"])[0])
    allora.refresh_from_db()
    assert (allora.name, allora.website, allora.description) == ("Allora Labs", "", "")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Allora Labs" in page and "Occam AI" not in page and "phish.example" not in page
    # The employer's form shows the change; the moderator sees it beside the live values.
    assert employer_client.get(url).context["adminform"].form.initial["name"] == "Occam AI"
    shown = moderator_client.get(url)
    rows = [(d.label, d.before, d.after) for d in shown.context["differences"]]
    assert rows == [
        ("Name", "Allora Labs", "Occam AI"),
        ("Website", "-", "https://phish.example"),
        ("Description", "-", "Send your CV to cv@phish.example."),
    ]
    listing = moderator_client.get(reverse("admin:jobs_company_changelist"), {"waiting": "yes"})
    assert list(listing.context["cl"].queryset) == [allora]
    live = {
        "name": "Allora Labs",
        "slug": allora.slug,
        "website": "",
        "description": "",
        "seen_version": Company.objects.get(pk=allora.pk).version,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    moderator_client.post(url, {**live, "_reject_change": "1"})
    allora.refresh_from_db()
    assert allora.name == "Allora Labs" and not CompanyChange.objects.exists()
    employer_client.post(url, {**proposed, "name": "Allora Labs Inc."})
    live["seen_version"] = Company.objects.get(pk=allora.pk).version
    moderator_client.post(url, {**live, "_approve_change": "1"})
    allora.refresh_from_db()
    assert allora.name == "Allora Labs Inc." and allora.website == "https://phish.example"


def test_a_company_decision_on_a_form_opened_before_a_new_edit_is_refused(
    employer_client, moderator_client, allora
):
    url = reverse("admin:jobs_company_change", args=[allora.pk])
    employer_client.post(url, {"name": "Allora Labs", "website": "https://allora.ai"})
    live = {
        "name": "Allora Labs",
        "slug": allora.slug,
        "website": "",
        "description": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    seen = Company.objects.get(pk=allora.pk).version
    employer_client.post(url, {"name": "Allora Labs", "website": "https://phish.example"})
    response = moderator_client.post(url, {**live, "seen_version": seen, "_approve_change": "1"})
    assert "saved again by someone else" in response.content.decode()
    allora.refresh_from_db()
    assert allora.website == ""


def test_employers_cannot_delete_a_company(employer_client, allora, occam):
    for company, status in ((allora, 403), (occam, 404)):
        url = reverse("admin:jobs_company_delete", args=[company.pk])
        assert employer_client.get(url).status_code == status


def test_employers_cannot_add_members_to_their_company(employer_client, allora):
    stranger = UserFactory(username="stranger")
    response = employer_client.post(
        reverse("admin:jobs_company_change", args=[allora.pk]),
        {
            "name": "Allora Labs",
            "website": "",
            "description": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": "stranger",
        },
    )
    assert response.status_code == 302
    assert not CompanyMembership.objects.filter(user=stranger).exists()


def test_moderators_add_an_employer_by_username(moderator_client, allora):
    employer = UserFactory(username="grace", is_staff=True)
    employer.groups.add(Group.objects.get(name="Employers"))
    url = reverse("admin:jobs_company_change", args=[allora.pk])
    data = {
        "name": "Allora Labs",
        "slug": allora.slug,
        "website": "",
        "description": "",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": "nobody-here",
    }
    response = moderator_client.post(url, data)
    assert response.status_code == 200
    assert "No active user has this username." in response.content.decode()
    assert not CompanyMembership.objects.exists()
    response = moderator_client.post(url, {**data, "memberships-0-user": "grace"})
    assert response.status_code == 302
    assert CompanyMembership.objects.get().user == employer
    page = moderator_client.get(url).content.decode()
    assert 'value="grace"' in page


def test_the_company_list_counts_jobs_in_one_query(moderator_client, allora, occam):
    JobFactory.create_batch(3, company=allora)
    response = moderator_client.get(reverse("admin:jobs_company_changelist"))
    counts = {company.name: company.job_count for company in response.context["cl"].result_list}
    assert counts == {"Allora Labs": 3, "Occam AI": 0}


def test_a_control_character_in_a_company_name_is_refused(employer_client, allora):
    """Issue 19: "Allora\x0bLabs" was saved, and broke every feed listing its jobs."""
    url = reverse("admin:jobs_company_change", args=[allora.pk])
    response = employer_client.post(
        url, {"name": "Allora\x0bLabs", "website": "", "description": ""}
    )
    assert response.status_code == 200
    assert "invisible control character U+000B" in response.content.decode()
    allora.refresh_from_db()
    assert allora.name == "Allora Labs"
