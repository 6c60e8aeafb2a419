from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from jobs.services import job_publish
from salaries import cache as stats_cache
from salaries.choices import ReviewState
from salaries.importer import import_salary_file
from salaries.models import Role, SalaryRecord
from salaries.services import records_review
from salaries.stats import SalaryInsight, common_roles, summaries_by_role
from tests.factories import RoleFactory, SalaryRecordFactory, SubmittedJobFactory

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"experience_level": "SE"},
    {"country": "DE"},
    {"year": "2022"},
    {"experience_level": "MI", "country": "DE", "year": "2022"},
    {"experience_level": "EN"},
]


@pytest.fixture
def role():
    """Data Engineer with 20 accepted points over two levels, countries and years."""
    role = RoleFactory(name="Data Engineer")
    for index in range(10):
        SalaryRecordFactory(
            role=role, amount_min=150_000 + index * 7_000, experience_level="SE", country="US"
        )
        SalaryRecordFactory(
            role=role,
            amount_min=60_000 + index * 3_000,
            experience_level="MI",
            country="DE",
            year=2022,
        )
    return role


def json_figures(client, role, query=None):
    response = client.get(reverse("salaries:role_json", args=[role.slug]), query or {})
    assert response.status_code == 200
    data = response.json()
    del data["filters"], data["role"], data["slug"], data["currency"], data["period"]
    return data


def uncached(role, query):
    filters = {key: int(value) if key == "year" else value for key, value in query.items()}
    records = SalaryRecord.objects.accepted().for_role(role).filter(**filters)
    return SalaryInsight.of(records).as_dict()


@pytest.mark.parametrize("query", FILTERS)
def test_cached_figures_equal_the_uncached_computation(client, role, query):
    first = json_figures(client, role, query)  # computed and stored
    second = json_figures(client, role, query)  # from the cache
    assert first == second == uncached(role, query)
    page = client.get(role.get_absolute_url(), query)
    assert page.context["insight"].as_dict() == uncached(role, query)


def test_filters_are_cached_apart(client, role):
    senior = json_figures(client, role, {"experience_level": "SE"})
    mid = json_figures(client, role, {"experience_level": "MI"})
    assert senior["median"] != mid["median"]
    assert senior["n"] == mid["n"] == 10


def test_a_cached_page_asks_the_database_only_for_the_role(
    client, role, django_assert_max_num_queries, django_assert_num_queries
):
    url = role.get_absolute_url()
    with django_assert_max_num_queries(8):
        client.get(url, {"country": "US"})
    with django_assert_num_queries(1):  # the role named in the URL
        client.get(url, {"country": "US"})


def test_a_new_accepted_record_shows_at_once(client, role):
    before = json_figures(client, role)
    SalaryRecordFactory(role=role, amount_min=400_000, country="FR")
    after = json_figures(client, role)
    assert after["n"] == before["n"] + 1
    assert after == uncached(role, {})
    form = client.get(role.get_absolute_url()).context["filter"].form
    assert ("FR", "France (1)") in list(form.fields["country"].choices)  # the choices follow too


def test_the_rendered_pages_change_at_once_too(client, role):
    assert "Based on <strong>20</strong> data points" in client.get(role.get_absolute_url()).text
    assert '<td class="num">20</td>' in client.get(reverse("salaries:role_list")).text
    SalaryRecordFactory(role=role, amount_min=90_000)
    assert "Based on <strong>21</strong> data points" in client.get(role.get_absolute_url()).text
    assert '<td class="num">21</td>' in client.get(reverse("salaries:role_list")).text


def test_a_page_with_bad_filters_caches_nothing_it_shows(client, role):
    bad = client.get(role.get_absolute_url(), {"experience_level": "XX"})
    assert bad.status_code == 400
    assert "Based on <strong>0</strong> data points" in bad.text
    assert "Based on <strong>20</strong> data points" in client.get(role.get_absolute_url()).text


def test_a_deleted_record_leaves_at_once(client, role):
    before = json_figures(client, role)
    SalaryRecord.objects.filter(role=role).first().delete()
    assert json_figures(client, role)["n"] == before["n"] - 1


def test_a_moderators_verdict_shows_at_once(client, role):
    flagged = SalaryRecordFactory(
        role=role, amount_min=12_000, review_state=ReviewState.NEEDS_REVIEW
    )
    before = json_figures(client, role)
    records_review(
        records=SalaryRecord.objects.filter(pk=flagged.pk), state=ReviewState.ACCEPTED, by=None
    )
    after = json_figures(client, role)
    assert after["n"] == before["n"] + 1
    assert after["p10"] < before["p10"]


def test_an_import_shows_at_once(client, role, snapshot_2023):
    before = json_figures(client, role)
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    after = json_figures(client, role)
    assert after["n"] > before["n"] + 1000
    assert after == uncached(role, {})


def test_a_newly_published_job_shows_at_once(client, role):
    before = json_figures(client, role)
    job_publish(job=SubmittedJobFactory(role=role, salary_min=300_000))
    after = json_figures(client, role)
    assert after["n"] == before["n"] + 1
    assert after == uncached(role, {})


def test_a_lapsing_job_point_drops_out_within_the_ttl(client, role):
    now = timezone.now()
    SalaryRecordFactory(role=role, valid_until=now + timedelta(seconds=30))
    assert json_figures(client, role)["n"] == 21
    later = now + timedelta(seconds=stats_cache.STATS_TTL + 1)
    wall_clock = mock.Mock(time=mock.Mock(return_value=later.timestamp()))
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("django.core.cache.backends.locmem.time", wall_clock),
    ):
        assert json_figures(client, role)["n"] == 20
    assert stats_cache.STATS_TTL <= 60


def test_a_write_inside_a_transaction_is_announced_again_at_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        stats_cache.statistics_changed()
        during = cache.get(stats_cache.VERSION_KEY)
    assert during is not None
    assert cache.get(stats_cache.VERSION_KEY) != during


def test_a_lost_version_starts_a_new_one(client, role):
    json_figures(client, role)
    cache.delete(stats_cache.VERSION_KEY)
    SalaryRecord.objects.filter(role=role).update(review_state=ReviewState.REJECTED)  # no signal
    assert json_figures(client, role)["n"] == 0


def test_role_summaries_and_common_roles_equal_the_uncached_ones(role):
    other = RoleFactory(name="Data Analyst")
    for index in range(6):
        SalaryRecordFactory(role=other, amount_min=70_000 + index * 1_000)
    SalaryRecordFactory(role=RoleFactory(name="Thin"))
    assert stats_cache.role_summaries() == summaries_by_role(SalaryRecord.objects.accepted())
    for limit in (1, 2, 5):
        assert stats_cache.common_roles(limit=limit) == common_roles(
            SalaryRecord.objects.accepted(), Role.objects.all(), limit=limit
        )


def test_survey_sources_lists_file_sources_with_accepted_records(role):
    from tests.factories import SalarySourceFactory

    SalarySourceFactory(name="empty survey")
    SalaryRecordFactory(
        role=role,
        source=SalarySourceFactory(name="held survey"),
        review_state=ReviewState.NEEDS_REVIEW,
    )
    assert [source.name for source in stats_cache.survey_sources()] == ["test-source"]
