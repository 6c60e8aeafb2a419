"""jobs/admin/company.py: companies and their members, each employer its own."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from jobs.models import CompanyMembership
from tests.factories import (
    JobFactory,
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
        ("occam", 404, 404, ""),  # another company's: not even said to exist
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
    assert (company.name, company.website) == (name, website)


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
