"""Job: its statuses, when it is on the board (JobQuerySet), its salary and its constraints."""

import functools
from datetime import timedelta
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils import timezone
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from jobs.models.company import Company, is_web_address
from jobs.staff import managed_by
from salaries.choices import EmploymentType, ExperienceLevel, ReviewState
from salaries.fields import FIGURES, SalaryFields
from salaries.models import JudgesSalary, Role, SalaryRecord
from salaries.validation import SalaryRange
from web.constraints import one_of
from web.countries import country_names
from web.fields import MarkdownField, user_stamp
from web.markdown import render_markdown
from web.slugs import fill_slug, slug_url
from web.statements import IDS, NOW, OneOf, Statement
from web.validators import no_control_characters, no_control_characters_but_line_breaks


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


def on_board_q(now=None) -> Q:
    """Started and not yet past its end: judged at each query, so the page never lags behind
    the expiry job. Of a job, `visible_q` adds that it is published; a Listing is one. `now`: a
    moment other than the present (a compiled statement's stand-in for it)."""
    now = now or timezone.now()
    return Q(published_at__lte=now, expires_at__gt=now)


def visible_q(now=None) -> Q:
    """Published and not yet past its end: the page never lags behind the expiry job."""
    return Q(status=JobStatus.PUBLISHED) & on_board_q(now)


def public_salary_q() -> Q:
    """A salary a job seeker may see: a moderator has not held it back (see Job.public_salary)."""
    return Q(salary_review=ReviewState.ACCEPTED, salary_annual_usd_max__isnull=False)


def ended_q(now=None) -> Q:
    """Was on the board and has ended: its page answers 410 Gone rather than 404."""
    now = now or timezone.now()
    return Q(status=JobStatus.EXPIRED, published_at__isnull=False) | Q(
        status=JobStatus.PUBLISHED, expires_at__lte=now
    )


class JobQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(visible_q())

    def with_visibility(self, now=None):
        now = now or timezone.now()
        return self.annotate(
            is_visible=ExpressionWrapper(visible_q(now), output_field=models.BooleanField()),
            has_ended=ExpressionWrapper(ended_q(now), output_field=models.BooleanField()),
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

    def previewable_by(self, user):
        """Jobs not on the board yet (drafts, waiting or rejected) that `user` may see as the
        public will: their own companies' (moderators: all). Nobody else's, never anonymous."""
        if not user.is_authenticated:
            return self.none()
        not_yet = [JobStatus.DRAFT, JobStatus.PENDING, JobStatus.REJECTED]
        return self.manageable_by(user).filter(status__in=not_yet)

    def for_cards(self):
        """Jobs as cards show them, with their company and role. Pages that pick their jobs by
        id read fewer columns (cards_in_order): a field the card starts to show goes into
        CARD_FIELDS."""
        return self.select_related("company", "role")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def next_change(self):
        """The next moment one of these jobs starts, ends or stops being featured: when pages
        that show them change by the clock alone. None: no such moment."""
        now = timezone.now()
        published = self.filter(status=JobStatus.PUBLISHED)
        fields = ("published_at", "expires_at", "featured_until")
        # One query of three index lookups (each column is indexed), rather than an aggregate
        # over every row; it rides on any one row of the table (none: no job, nothing changes).
        firsts = {
            f"next_{field}": Subquery(
                published.filter(**{f"{field}__gt": now}).order_by(field).values(field)[:1]
            )
            for field in fields
        }
        row = Job.objects.order_by().annotate(**firsts).values_list(*firsts)[:1]
        moments = [moment for moment in (row[0] if row else ()) if moment is not None]
        return min(moments, default=None)

    def with_waiting_change(self):
        """Each job with `has_waiting_change`: an edit of it waits for a moderator (JobChange)."""
        # JobChange, reached through its relation: jobs/models/changes.py imports this module.
        changes = self.model._meta.get_field("waiting_change").related_model
        waiting = changes.objects.filter(job=OuterRef("pk"))
        return self.annotate(has_waiting_change=Exists(waiting))

    def waiting_for_review(self):
        """What moderators have to decide: submitted jobs, and changes of jobs on the board."""
        return self.filter(Q(status=JobStatus.PENDING) | self.change_waiting_q())

    def with_change_waiting(self):
        """Jobs on the board with an employer's change beside them (one beside a job that has
        left the board since goes into the job when it comes back: review.job_edit)."""
        return self.filter(self.change_waiting_q())

    @staticmethod
    def change_waiting_q() -> Q:
        return Q(status=JobStatus.PUBLISHED, waiting_change__isnull=False)


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


# A job card's own columns (cards_in_order): what it shows, the ids its page asks of it, and its
# salary as Job.public_salary reads it (the figures, the yearly USD range, the verdict).
CARD_FIELDS = (
    "title",
    "slug",
    "company",
    "role",
    "location",
    "country",
    "remote_policy",
    "employment_type",
    "experience_level",
    "published_at",
    "featured_until",
    "salary_record",
    *(
        JOB_SALARY.names[part]
        for part in (*FIGURES, "annual_usd_min", "annual_usd_max", "review_state")
    ),
)


class Job(JudgesSalary, models.Model):
    title = models.CharField(max_length=200, validators=[no_control_characters])
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
        max_length=200,
        blank=True,
        help_text="City, region or area, e.g. “Galveston, TX”.",
        validators=[no_control_characters],
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
    description = MarkdownField(
        help_text="Markdown.", max_length_setting="JOB_DESCRIPTION_MAX_LENGTH"
    )
    description_html = models.TextField(editable=False)
    apply_url = models.URLField("application link", blank=True, validators=[no_control_characters])
    apply_email = models.EmailField(
        "application email", blank=True, validators=[no_control_characters]
    )
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
        validators=[no_control_characters_but_line_breaks],
    )
    # The end date its employer was last reminded of (a renewal's new end gets its own reminder).
    end_reminder_for = models.DateTimeField(null=True, blank=True, editable=False)
    # One more with every saved edit, waiting or applied: a moderator's decision names the
    # version they saw, and is refused when the job has changed since (review.check_version).
    version = models.PositiveIntegerField(default=1, editable=False)

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
        return slug_url("jobs:detail", self.slug)

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
    def place(self) -> str:
        """Where the job is, as cards, feeds and emails say it: "Remote (Berlin)", "Remote
        (Germany)", "Berlin · Hybrid", "Germany". A property rather than a template include:
        a page of cards says it twenty times (0.8 ms of the template engine a page)."""
        where = self.location or country_names().get(self.country.code, "")
        if self.remote_policy == RemotePolicy.REMOTE:
            return f"Remote ({where})" if where else "Remote"
        return f"{where} · Hybrid" if self.remote_policy == RemotePolicy.HYBRID else where

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


# The company's columns a card shows, beside its job's.
CARD_COMPANY_FIELDS = ("id", "name", "slug")


@functools.cache
def _cards_statement(alias: str) -> tuple[Statement, list[str]]:
    """The cards' statement for one database, and the job's columns it reads, in the model's
    order (as Model.from_db takes them), its company's after them."""
    wanted = {"id", *(Job._meta.get_field(name).attname for name in CARD_FIELDS)}
    columns = [field.attname for field in Job._meta.concrete_fields if field.attname in wanted]
    cards = (
        Job.objects.filter(OneOf("id", IDS))
        .order_by()
        .values_list(*columns, *(f"company__{name}" for name in CARD_COMPANY_FIELDS[1:]))
    )
    return Statement.compile(cards, alias=alias, stand_ins={"ids": IDS}), columns


def cards_in_order(ids) -> list[Job]:
    """The jobs of these ids, in the ids' order, with their cards' columns and their companies'
    (any other column is read when asked, as with `only()`): for pages that pick their jobs from
    the listings' indexes. One statement compiled once and prepared (web/statements.py): the
    ORM's in_bulk of a search page's 23 cards cost 2 ms of CPU, twice the statement's time."""
    ids = list(ids)
    if not ids:
        return []
    alias = router.db_for_read(Job)
    statement, columns = _cards_statement(alias)
    found = {}
    for row in statement.tuples(ids=ids):
        job = Job.from_db(alias, columns, row[: len(columns)])
        company = Company.from_db(
            alias, CARD_COMPANY_FIELDS, [job.company_id, *row[len(columns) :]]
        )
        Job.company.field.set_cached_value(job, company)
        found[job.pk] = job
    return [found[pk] for pk in ids if pk in found]


# Stand-in compiled into the job page's statement where each call's slug goes
# (web/statements.py): a slug no job has.
_SLUG = "-stand-in-for-a-job-slug-"


@functools.cache
def _page_statement(alias: str) -> tuple[Statement, list[str], list[str], list[str]]:
    """The job page's statement for one database, and the job's, its company's and its role's
    columns, in each model's order (as Model.from_db takes them)."""
    columns = [field.attname for field in Job._meta.concrete_fields]
    company = [field.attname for field in Company._meta.concrete_fields]
    role = [field.attname for field in Role._meta.concrete_fields]
    page = (
        Job.objects.with_visibility(now=NOW)
        .filter(slug=_SLUG)
        .order_by()
        .values_list(
            *columns,
            *(f"company__{name}" for name in company),
            *(f"role__{name}" for name in role),
            "is_visible",
            "has_ended",
        )
    )
    statement = Statement.compile(page, alias=alias, stand_ins={"slug": _SLUG, "now": NOW})
    return statement, columns, company, role


def job_for_page(slug: str) -> Job | None:
    """The job of this slug with its company and role and whether it is on the board now
    (`is_visible`) or has ended (`has_ended`), as `Job.objects.with_visibility()
    .for_cards()` gives it; None for none. One statement compiled once and prepared
    (web/statements.py): the ORM built and compiled that query in 1.6 ms of every job page."""
    alias = router.db_for_read(Job)
    statement, columns, company, role = _page_statement(alias)
    found = statement.tuples(slug=slug, now=timezone.now())
    if not found:
        return None
    row = list(found[0])
    sizes = (len(columns), len(company), len(role))
    job = Job.from_db(alias, columns, row[: sizes[0]])
    Job.company.field.set_cached_value(
        job, Company.from_db(alias, company, row[sizes[0] : sizes[0] + sizes[1]])
    )
    role_row = row[sizes[0] + sizes[1] : sum(sizes)]
    Job.role.field.set_cached_value(
        job, Role.from_db(alias, role, role_row) if role_row[0] is not None else None
    )
    job.is_visible, job.has_ended = row[sum(sizes) :]
    return job
