from datetime import timedelta
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from jobs.staff import managed_by
from salaries.choices import EmploymentType, ExperienceLevel, ReviewState
from salaries.fields import SalaryFields
from salaries.models import JudgesSalary, Role, SalaryRecord
from salaries.validation import SalaryRange
from web.constraints import one_of
from web.fields import user_stamp
from web.markdown import render_markdown
from web.slugs import fill_slug

# PostgreSQL full-text search over a job's title and description: migration 0004 adds the column
# jobs_job.search_document, a to_tsvector in this configuration that the database keeps up to date.
SEARCH_CONFIG = "english"


class RemotePolicy(models.TextChoices):
    ON_SITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class JobStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired"


def is_web_address(url: str) -> bool:
    return bool(url) and urlsplit(url).scheme.lower() in ("http", "https")


class CompanyQuerySet(models.QuerySet):
    def manageable_by(self, user):
        return self.filter(managed_by(user))

    def hiring(self):
        """Companies with jobs on the board now, each with how many (`open_jobs`)."""
        on_board = (
            Job.objects.visible()
            .filter(company=OuterRef("pk"))
            .order_by()
            .values("company")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(open_jobs=Subquery(on_board)).filter(open_jobs__gt=0)

    def ever_listed(self):
        """Companies the public has seen: with a job that was once published. Any other company
        is answered like one that does not exist (its name and description were never public)."""
        return self.filter(
            Exists(Job.objects.filter(company=OuterRef("pk"), published_at__isnull=False))
        )


class Company(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @property
    def website_href(self) -> str:
        """The website as a link only when it is a web address, whatever reached the database."""
        return self.website if is_web_address(self.website) else ""


class CompanyMembership(models.Model):
    """An employer's account belongs to a company and manages that company's jobs only."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"],
                name="jobs_membership_unique",
                violation_error_message="This user is already a member of this company.",
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.company}"


class EmployerEmailSettings(models.Model):
    """Which emails about their company's jobs an employer gets; both on until switched off on
    their account page. Kept here with the memberships and the jobs the emails are about."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_email_settings"
    )
    job_reviews = models.BooleanField("a moderator approved or rejected a job", default=True)
    job_ending = models.BooleanField(
        "a job ends in a few days, with a link to renew it", default=True
    )

    class Meta:
        verbose_name = verbose_name_plural = "employer email settings"

    def __str__(self):
        return f"Email settings of {self.user}"


def on_board_q() -> Q:
    """Started and not yet past its end: judged at each query, so the page never lags behind
    the expiry job. Of a job, `visible_q` adds that it is published; a Listing is one."""
    now = timezone.now()
    return Q(published_at__lte=now, expires_at__gt=now)


def visible_q() -> Q:
    """Published and not yet past its end: the page never lags behind the expiry job."""
    return Q(status=JobStatus.PUBLISHED) & on_board_q()


def public_salary_q() -> Q:
    """A salary a job seeker may see: a moderator has not held it back (see Job.public_salary)."""
    return Q(salary_review=ReviewState.ACCEPTED, salary_annual_usd_max__isnull=False)


def ended_q() -> Q:
    """Was on the board and has ended: its page answers 410 Gone rather than 404."""
    now = timezone.now()
    return Q(status=JobStatus.EXPIRED, published_at__isnull=False) | Q(
        status=JobStatus.PUBLISHED, expires_at__lte=now
    )


class JobQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(visible_q())

    def with_visibility(self):
        return self.annotate(
            is_visible=ExpressionWrapper(visible_q(), output_field=models.BooleanField()),
            has_ended=ExpressionWrapper(ended_q(), output_field=models.BooleanField()),
        )

    def featured(self):
        return self.filter(featured_until__gt=timezone.now())

    def featured_ending_within(self, days: int):
        """On the board, with a featured spot that lapses within `days` days."""
        now = timezone.now()
        return self.visible().filter(
            featured_until__gt=now, featured_until__lte=now + timedelta(days=days)
        )

    def with_public_salary(self):
        return self.filter(public_salary_q())

    def manageable_by(self, user):
        return self.filter(managed_by(user, company="company__"))

    def for_cards(self):
        return self.select_related("company", "role")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


JOB_SALARY = SalaryFields(
    optional=True,
    midpoint=False,
    table="jobs_job",
    prefix="salary_",
    renamed={
        "amount_min": "salary_min",
        "amount_max": "salary_max",
        "review_state": "salary_review",
    },
    constraint_names={
        "complete_or_empty": "jobs_job_salary_complete_or_empty",
        "positive": "jobs_job_salary_positive",
        "min_lte_max": "jobs_job_salary_min_lte_max",
    },
)


class Job(JudgesSalary, models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="jobs")
    role = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="The salary role this job counts towards, e.g. Data Engineer.",
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="City, region or area, e.g. “Galveston, TX”."
    )
    country = CountryField(blank=True, help_text="Leave empty for remote jobs open anywhere.")
    remote_policy = models.CharField(
        "remote", max_length=6, choices=RemotePolicy.choices, default=RemotePolicy.ON_SITE
    )
    employment_type = models.CharField(
        max_length=2, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    experience_level = models.CharField(max_length=2, choices=ExperienceLevel.choices, blank=True)
    # salary_min, salary_max, salary_currency, salary_period and the rules' verdict on them:
    # salary_annual_usd_min and _max, salary_review, salary_review_reasons, salary_review_note...
    salary = JOB_SALARY
    salary_employer_confirmed = models.BooleanField(
        "employer confirms the salary",
        default=False,
        editable=False,
        help_text="The employer ticked “this salary is correct” for a salary the rules flagged.",
    )
    # The statistics' copy of this job's salary, while the job is published.
    salary_record = models.OneToOneField(
        SalaryRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    description = models.TextField(help_text="Markdown.")
    description_html = models.TextField(editable=False)
    apply_url = models.URLField("application link", blank=True)
    apply_email = models.EmailField("application email", blank=True)
    tags = TaggableManager(blank=True)
    status = models.CharField(
        max_length=9, choices=JobStatus.choices, default=JobStatus.DRAFT, editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    featured_until = models.DateTimeField(null=True, blank=True)
    created_by = user_stamp()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Review bookkeeping: who decided and when, and the reason its employer reads.
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = user_stamp()
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_reason = models.TextField(
        "moderator's reason",
        blank=True,
        editable=False,
        help_text="Why a moderator rejected the job; its employer sees it.",
    )
    # The end date its employer was last reminded of (a renewal's new end gets its own reminder).
    end_reminder_for = models.DateTimeField(null=True, blank=True, editable=False)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [("moderate_job", "Can publish, reject and feature any company's jobs")]
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            # The board's own order, over published jobs only: deep pages walk this index.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="jobs_job_board_order",
            ),
            # Featured jobs beside articles and pinned on the list: a few among many.
            models.Index(
                fields=["featured_until"],
                condition=Q(status="published"),
                name="jobs_job_featured",
            ),
        ]
        constraints = [
            *JOB_SALARY.constraints(),
            models.CheckConstraint(
                condition=~Q(apply_url="") | ~Q(apply_email=""),
                name="jobs_job_has_apply_route",
                violation_error_message="Give an application link or an application email.",
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.PUBLISHED)
                | Q(published_at__isnull=False, expires_at__isnull=False),
                name="jobs_job_published_has_dates",
                violation_error_message="A published job needs a publication and an end date.",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(expires_at__isnull=True)
                | Q(expires_at__gt=F("published_at")),
                name="jobs_job_expires_after_published",
                violation_error_message="A job must end after it is published.",
            ),
            one_of("jobs_job", "status", JobStatus, "Unknown job status."),
            one_of("jobs_job", "remote_policy", RemotePolicy, "Unknown remote policy."),
            one_of("jobs_job", "employment_type", EmploymentType, "Unknown employment type."),
            one_of(
                "jobs_job",
                "experience_level",
                ExperienceLevel,
                "Unknown experience level.",
                blank=True,
            ),
        ]

    def __str__(self):
        return f"{self.title} @ {self.company}" if self.company_id else self.title

    def save(self, *args, **kwargs):
        fill_slug(self, f"{self.title} {self.company.name}" if self.company_id else self.title)
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("jobs:detail", kwargs={"slug": self.slug})

    @property
    def public_salary(self) -> SalaryRange | None:
        """The salary a job seeker may see: none while a moderator has yet to confirm it."""
        return self.salary if self.salary_review == ReviewState.ACCEPTED else None

    @property
    def apply_href(self) -> str:
        """Where "Apply" goes: a web address or an email only, never javascript: or ftp:."""
        if is_web_address(self.apply_url):
            return self.apply_url
        if self.apply_email:
            return f"mailto:{self.apply_email}?subject={quote(self.title)}"
        return ""

    @property
    def is_featured(self) -> bool:
        return self.featured_until is not None and self.featured_until > timezone.now()

    def clean(self):
        errors = {}
        if not self.apply_url and not self.apply_email:
            errors["apply_url"] = ValidationError(
                "Give an application link or an application email.", code="no_apply_route"
            )
        if self.status == JobStatus.PUBLISHED and self.expires_at is None:
            errors["expires_at"] = ValidationError(
                "A published job needs an end date.", code="no_expires_at"
            )
        elif self.published_at and self.expires_at and self.expires_at <= self.published_at:
            errors["expires_at"] = ValidationError(
                "The end date must come after the publication date.", code="expires_too_early"
            )
        if errors:
            raise ValidationError(errors)


class ListingQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(on_board_q())

    def featured(self):
        return self.filter(featured_until__gt=timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-job_id")


class Listing(models.Model):
    """A published job as the search reads it: only what filters, counts, facets and orderings
    need, in a row a fraction of the job's width, so those read a narrow table and its indexes.

    One row per published job, written by jobs/listings.py whenever a job, its company or its
    tags change; whether it is on the board now is still judged at query time (`visible()`).
    """

    job = models.OneToOneField(
        Job, on_delete=models.CASCADE, primary_key=True, related_name="listing"
    )
    published_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    featured_until = models.DateTimeField(null=True, blank=True)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.SET_NULL, null=True, related_name="+")
    employment_type = models.CharField(max_length=2, choices=EmploymentType.choices)
    experience_level = models.CharField(max_length=2, choices=ExperienceLevel.choices, blank=True)
    remote_policy = models.CharField(max_length=6, choices=RemotePolicy.choices)
    country = CountryField(blank=True)
    # The job's public salary in yearly USD (Job.public_salary): NULL while a moderator holds it.
    salary_min_usd = models.PositiveIntegerField(null=True)
    salary_max_usd = models.PositiveIntegerField(null=True)
    # PostgreSQL only: title, company name, tags and description as one compact tsvector, so a
    # text search is one GIN index condition (its index is in migration 0008). NULL on SQLite.
    document = SearchVectorField(null=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        indexes = [
            # The board's order (newest or oldest first): a page walks it and stops.
            models.Index(fields=["-published_at", "-job"], name="jobs_listing_board_order"),
            models.Index(fields=["role", "-published_at"], name="jobs_listing_role"),
            models.Index(fields=["country", "-published_at"], name="jobs_listing_country"),
            models.Index(fields=["company", "-published_at"], name="jobs_listing_company"),
            # Migration 0008 adds, on PostgreSQL, the text search's GIN index and the two salary
            # orderings' (NULLS LAST, which SQLite's indexes cannot say).
            models.Index(
                fields=["featured_until"],
                condition=Q(featured_until__isnull=False),
                name="jobs_listing_featured",
            ),
        ]

    def __str__(self):
        return f"Listing of job {self.job_id}"
