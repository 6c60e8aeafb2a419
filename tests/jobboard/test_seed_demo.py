import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from alerts.models import Alert, AlertStatus
from articles.models import Article
from jobs.filters import JobFilter
from jobs.models import Company, Job, RemotePolicy
from salaries.choices import EmploymentType, ExperienceLevel, ReviewState
from salaries.models import Role, SalaryRecord, SalarySource

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (
            Role,
            SalarySource,
            SalaryRecord,
            Company,
            Job,
            Article,
            get_user_model(),
            Alert,
        )
    }


def test_seed_demo_loads_everything_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first_out = capsys.readouterr().out
    before = snapshot()
    call_command("seed_demo")
    assert snapshot() == before  # idempotent: the second run changes nothing

    assert "Refused by the salary rules, not loaded: Artificial Intelligence" in first_out
    assert "222 times the most we accept" in first_out
    assert not Job.objects.filter(title__startswith="Artificial Intelligence").exists()

    visible = Job.objects.visible()
    assert visible.featured().count() == 10
    assert {j.employment_type for j in visible} == set(EmploymentType.values)
    assert {j.experience_level for j in visible} == {"", *ExperienceLevel.values}
    assert {j.remote_policy for j in visible} == set(RemotePolicy.values)
    assert {j.salary_period for j in visible} >= {"hour", "day", "month", "year"}
    assert visible.filter(salary_review=ReviewState.NEEDS_REVIEW).exists()
    lead = visible.get(title="Lead Developer (AI)")
    assert (lead.company.name, lead.salary_annual_usd_min, lead.salary_annual_usd_max) == (
        "Cere Network",
        120_000,
        160_000,
    )

    assert SalaryRecord.objects.filter(source__name="ai-jobs.net 2023-05-14").count() == 4_506
    assert Role.objects.get(name="Machine Learning Engineer").alias_list() == [
        "ML Engineer",
        "AI Engineer",
    ]
    assert Article.objects.published().count() == 8

    users = {user.username: user for user in get_user_model().objects.all()}
    assert set(users) == {"admin", "moderator", "allora", "occam"}
    assert users["admin"].is_superuser
    assert users["moderator"].has_perm("jobs.moderate_job")
    assert users["allora"].company_memberships.get().company.name == "Allora Labs"
    assert users["occam"].company_memberships.get().company.name == "Occam AI"
    assert users["allora"].check_password("jobboard-allora")
    assert "allora     jobboard-allora      employer at Allora Labs" in first_out

    alert = Alert.objects.get()
    assert (alert.subscriber.email, alert.query, alert.status) == (
        "seeker@example.com",
        "remote=remote",
        AlertStatus.ACTIVE,
    )
    assert "Demo job alert: seeker@example.com, daily, “Workplace: Remote”" in first_out
    assert "/alerts/manage/" in first_out


def test_no_demo_accounts_without_debug(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")
    assert not get_user_model().objects.exists()
    assert "Debug is off: no demo accounts created, and no demo job alert." in (
        capsys.readouterr().out
    )
    assert not Alert.objects.exists()


def test_each_demo_job_has_its_own_description_so_search_tells_them_apart():
    call_command("seed_demo")
    descriptions = list(Job.objects.values_list("description", flat=True))
    assert len(set(descriptions)) == len(descriptions)

    visible = Job.objects.visible()
    found = {
        word: set(JobFilter({"q": word}, queryset=visible).qs.values_list("pk", flat=True))
        for word in ("python", "sql")
    }
    assert 0 < len(found["python"]) < visible.count()
    assert 0 < len(found["sql"]) < visible.count()
    assert found["python"] != found["sql"]


def test_a_demo_database_from_before_the_figures_table_gets_its_figures(settings, capsys):
    """A demo database made before salaries/figures.py existed has records and no figures: the
    next `make run` (seed_demo) computes them once, so its salary pages are not empty."""
    from salaries.figures import role_summaries
    from salaries.models import SalaryFigures

    settings.DEBUG = True
    call_command("seed_demo")
    expected = role_summaries()
    SalaryFigures.objects.all().delete()
    capsys.readouterr()
    call_command("seed_demo")
    assert "Salary figures:" in capsys.readouterr().out
    assert role_summaries() == expected
    call_command("seed_demo")
    assert "Salary figures:" not in capsys.readouterr().out  # once only
