from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from jobs.markdown import render_markdown
from salaries.choices import EmploymentType, ExperienceLevel, PayPeriod, ReviewState
from salaries.models import RemembersStoredSalary, Role, SalaryRecord, unique_slug
from salaries.validation import SalaryRange, assess_salary

SALARY_FIELDS = ("salary_min", "salary_max", "salary_currency", "salary_period")

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
    def by(self, user):
        """The companies a staff user may manage: all for moderators, their own for employers."""
        if user.has_perm("jobs.moderate_job"):
            return self
        return self.filter(memberships__user=user)

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
        if not self.slug:
            self.slug = unique_slug(Company, self.name, max_length=200, exclude_pk=self.pk)
        super().save(*args, **kwargs)

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


def visible_q() -> Q:
    """Published and not yet past its end: the page never lags behind the expiry job."""
    now = timezone.now()
    return Q(status=JobStatus.PUBLISHED, published_at__lte=now, expires_at__gt=now)


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

    def by(self, user):
        """The jobs a staff user may manage: all for moderators, their companies' for employers."""
        if user.has_perm("jobs.moderate_job"):
            return self
        return self.filter(company__memberships__user=user)

    def for_cards(self):
        return self.select_related("company", "role")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class Job(RemembersStoredSalary, models.Model):
    # The figures, and who the figures are compared with (the outlier rule's peers).
    salary_fields = SALARY_FIELDS + ("role_id", "country", "employment_type")

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
    salary_min = models.DecimalField(
        "minimum salary", max_digits=14, decimal_places=2, null=True, blank=True
    )
    salary_max = models.DecimalField(
        "maximum salary", max_digits=14, decimal_places=2, null=True, blank=True
    )
    salary_currency = models.CharField(
        "currency", max_length=3, blank=True, help_text="Three letters, e.g. USD, EUR, GBP."
    )
    salary_period = models.CharField(
        "pay period", max_length=5, choices=PayPeriod.choices, blank=True
    )
    # Derived by the plausibility rules when the salary changes.
    salary_annual_usd_min = models.PositiveIntegerField(null=True, blank=True, editable=False)
    salary_annual_usd_max = models.PositiveIntegerField(null=True, blank=True, editable=False)
    salary_review = models.CharField(
        max_length=12, choices=ReviewState.choices, default=ReviewState.ACCEPTED, editable=False
    )
    salary_review_reasons = models.CharField(max_length=200, blank=True, editable=False)
    salary_review_note = models.TextField(blank=True, editable=False)
    salary_employer_confirmed = models.BooleanField(
        "employer confirms the salary",
        default=False,
        editable=False,
        help_text="The employer ticked “this salary is correct” for a salary the rules flagged.",
    )
    salary_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    salary_reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Review bookkeeping: who decided and when, and the reason its employer reads.
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_reason = models.TextField(
        "moderator's reason",
        blank=True,
        editable=False,
        help_text="Why a moderator rejected the job; its employer sees it.",
    )

    objects = JobQuerySet.as_manager()
    _fields_left_out: set[str] = set()

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
            models.CheckConstraint(
                condition=Q(
                    salary_min__isnull=True,
                    salary_max__isnull=True,
                    salary_currency="",
                    salary_period="",
                )
                | (
                    Q(salary_min__isnull=False, salary_max__isnull=False)
                    & ~Q(salary_currency="")
                    & ~Q(salary_period="")
                ),
                name="jobs_job_salary_complete_or_empty",
                violation_error_message="Give the whole salary (minimum, maximum, currency and "
                "period) or none of it.",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_min__gt=0),
                name="jobs_job_salary_positive",
                violation_error_message="Salary amounts must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_min__lte=F("salary_max")),
                name="jobs_job_salary_min_lte_max",
                violation_error_message="The minimum salary is above the maximum.",
            ),
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
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values),
                name="jobs_job_status_valid",
                violation_error_message="Unknown job status.",
            ),
            models.CheckConstraint(
                condition=Q(remote_policy__in=RemotePolicy.values),
                name="jobs_job_remote_policy_valid",
                violation_error_message="Unknown remote policy.",
            ),
            models.CheckConstraint(
                condition=Q(employment_type__in=EmploymentType.values),
                name="jobs_job_employment_type_valid",
                violation_error_message="Unknown employment type.",
            ),
            models.CheckConstraint(
                condition=Q(experience_level__in=["", *ExperienceLevel.values]),
                name="jobs_job_experience_level_valid",
                violation_error_message="Unknown experience level.",
            ),
            models.CheckConstraint(
                condition=Q(salary_period__in=["", *PayPeriod.values]),
                name="jobs_job_salary_period_valid",
                violation_error_message="Unknown pay period.",
            ),
            models.CheckConstraint(
                condition=Q(salary_review__in=ReviewState.values),
                name="jobs_job_salary_review_valid",
                violation_error_message="Unknown salary review state.",
            ),
        ]

    def __str__(self):
        return f"{self.title} @ {self.company}" if self.company_id else self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            text = f"{self.title} {self.company.name}" if self.company_id else self.title
            self.slug = unique_slug(Job, text, max_length=220, exclude_pk=self.pk)
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("jobs:detail", kwargs={"slug": self.slug})

    @property
    def salary(self) -> SalaryRange | None:
        if self.salary_min is None and self.salary_max is None:
            return None
        return SalaryRange(
            self.salary_min, self.salary_max, self.salary_currency, self.salary_period
        )

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

    def clean_fields(self, exclude=None):
        # A form leaves out the fields it refused itself; their salary is not judged on top.
        self._fields_left_out = set(exclude or ())
        super().clean_fields(exclude=exclude)

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
        self.assess_salary()

    def assess_salary(self) -> None:
        """Run the plausibility rules on a new or changed salary; refusals raise."""
        if self._fields_left_out & set(SALARY_FIELDS):
            return
        self.salary_currency = self.salary_currency.strip().upper()
        if self.salary is None:
            if self.salary_currency or self.salary_period:
                raise ValidationError(
                    {
                        "salary_min": ValidationError(
                            "Enter the salary amounts.", code="missing_amount"
                        )
                    }
                )
            self.salary_annual_usd_min = self.salary_annual_usd_max = None
            self.salary_review, self.salary_review_reasons, self.salary_review_note = (
                ReviewState.ACCEPTED,
                "",
                "",
            )
            return
        if not self.salary_changed() and self.salary_annual_usd_min is not None:
            return
        assessment = assess_salary(
            self.salary,
            role=self.role if self.role_id else None,
            country=self.country.code or "",
            employment_type=self.employment_type,
        )
        assessment.raise_for_errors(
            {
                "minimum": "salary_min",
                "maximum": "salary_max",
                "currency": "salary_currency",
                "period": "salary_period",
            }
        )
        self.salary_annual_usd_min = assessment.annual_usd_min
        self.salary_annual_usd_max = assessment.annual_usd_max
        self.salary_review = assessment.review_state
        self.salary_review_reasons = assessment.reason_codes
        self.salary_review_note = assessment.review_note
        self.remember_salary()
