from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from alerts.models import Alert, AlertStatus, Frequency, Subscriber
from articles.models import Article, ArticleStatus
from jobs.models import Company, CompanyMembership, Job, JobStatus
from jobs.staff import EMPLOYERS_GROUP, MODERATORS_GROUP
from salaries import figures
from salaries.choices import EmploymentType, ExperienceLevel, PayPeriod, ReviewState
from salaries.models import ExchangeRate, Role, SalaryRecord, SalarySource
from salaries.validation import midpoint


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class ModeratorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=MODERATORS_GROUP))


class EmployerFactory(UserFactory):
    """A staff user in the Employers group; pass company=... to make them its member."""

    is_staff = True

    @factory.post_generation
    def company(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=EMPLOYERS_GROUP))
            if extracted:
                CompanyMembership.objects.create(user=user, company=extracted)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    name = factory.Sequence(lambda n: f"Role {n}")


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = "EUR"
    units_per_usd = Decimal("0.9")
    date = factory.LazyFunction(lambda: timezone.now().date())


class SalarySourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalarySource
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"source-{n}")


class SalaryRecordFactory(factory.django.DjangoModelFactory):
    """A yearly USD salary; the derived yearly figures follow the amounts."""

    class Meta:
        model = SalaryRecord

    role = factory.SubFactory(RoleFactory)
    source = factory.SubFactory(SalarySourceFactory, name="test-source")
    experience_level = ExperienceLevel.SENIOR
    employment_type = EmploymentType.FULL_TIME
    country = "US"
    year = 2023
    currency = "USD"
    amount_min = Decimal(100_000)
    amount_max = factory.LazyAttribute(lambda record: record.amount_min)
    period = PayPeriod.YEAR
    annual_usd_min = factory.LazyAttribute(lambda record: int(record.amount_min))
    annual_usd_max = factory.LazyAttribute(lambda record: int(record.amount_max))
    annual_usd = factory.LazyAttribute(
        lambda record: midpoint(record.annual_usd_min, record.annual_usd_max)
    )
    review_state = ReviewState.ACCEPTED

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # As every write of a record in the app does (salaries/figures.py).
        if create:
            figures.records_changed(figures.cells_of(instance))


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")


class JobFactory(factory.django.DjangoModelFactory):
    """A draft with a yearly USD salary range; derived figures consistent with it."""

    class Meta:
        model = Job
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Data Engineer {n}")
    company = factory.SubFactory(CompanyFactory)
    role = factory.SubFactory(RoleFactory)
    location = "Berlin"
    country = "DE"
    employment_type = EmploymentType.FULL_TIME
    experience_level = ExperienceLevel.MID
    salary_min = Decimal(100_000)
    salary_max = factory.LazyAttribute(lambda job: job.salary_min * Decimal("1.3"))
    salary_currency = "USD"
    salary_period = PayPeriod.YEAR
    salary_annual_usd_min = factory.LazyAttribute(
        lambda job: None if job.salary_min is None else int(job.salary_min)
    )
    salary_annual_usd_max = factory.LazyAttribute(
        lambda job: None if job.salary_max is None else int(job.salary_max)
    )
    description = "## About\n\nBuild pipelines."
    apply_url = "https://example.com/apply"


class SubmittedJobFactory(JobFactory):
    status = JobStatus.PENDING


class PublishedJobFactory(JobFactory):
    status = JobStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    expires_at = factory.LazyAttribute(lambda job: job.published_at + timedelta(days=30))


class FeaturedJobFactory(PublishedJobFactory):
    featured_until = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "What it is about."
    body = "## First part\n\nText.\n\n## Second part\n\nMore text."
    author_name = "Ada Writer"


class PublishedArticleFactory(ArticleFactory):
    status = ArticleStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"seeker{n}@example.com")


class AlertFactory(factory.django.DjangoModelFactory):
    """An alert waiting for its confirmation."""

    class Meta:
        model = Alert

    subscriber = factory.SubFactory(SubscriberFactory)
    query = ""
    frequency = Frequency.DAILY


class ConfirmedAlertFactory(AlertFactory):
    """Confirmed two days ago; it has looked at the jobs published until then."""

    status = AlertStatus.ACTIVE
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    seen_until = factory.LazyAttribute(lambda alert: alert.confirmed_at)
