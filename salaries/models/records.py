"""Salary records and their sources: the points every statistic is made of."""

import functools

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, router
from django.db.models import Q
from django.utils import timezone
from django_countries.fields import CountryField

from salaries.choices import EmploymentType, ExperienceLevel, ReviewState
from salaries.fields import SalaryFields
from salaries.models.rates import ExchangeRate
from salaries.models.roles import Role
from salaries.peers import peer_spread
from salaries.validation import Assessment, assess, normalise_currency
from web.constraints import one_of
from web.statements import Statement
from web.validators import no_control_characters


class SalarySourceQuerySet(models.QuerySet):
    def with_accepted_records(self):
        """File sources with at least one accepted record, for "How we compute this"."""
        accepted = SalaryRecord.objects.filter(
            source=models.OuterRef("pk"), review_state=ReviewState.ACCEPTED
        )
        return self.filter(models.Exists(accepted), from_file=True)


class SalarySource(models.Model):
    """Where salary records come from: an imported survey file, or Jobboard's own job postings."""

    name = models.CharField(max_length=100, unique=True, validators=[no_control_characters])
    description = models.CharField(max_length=300, blank=True, validators=[no_control_characters])
    from_file = models.BooleanField(
        default=True, help_text="Imported from a file; false for sources the board keeps itself."
    )
    checksum = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the file last imported."
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_flagged = models.PositiveIntegerField(default=0)
    rows_refused = models.PositiveIntegerField(default=0)

    objects = SalarySourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def sources_with_accepted_records() -> list[SalarySource]:
    """SalarySource.objects.with_accepted_records(), as every salary page names them under "How
    we compute this"."""
    alias = router.db_for_read(SalarySource)
    statement = _sources_statement(alias)
    return [SalarySource.from_db(alias, statement.columns, row) for row in statement.tuples()]


@functools.cache
def _sources_statement(alias: str) -> Statement:
    """Compiled once and prepared (web/statements.py): planning its EXISTS took PostgreSQL 0.6 ms
    of the 1.0 ms each salary page spent on the list, for 0.1 ms of running it."""
    fields = [field.attname for field in SalarySource._meta.concrete_fields]
    rows = SalarySource.objects.with_accepted_records().values_list(*fields)
    return Statement.compile(rows, alias=alias, stand_ins={})


class SalaryRecordQuerySet(models.QuerySet):
    def accepted(self, now=None):
        """Accepted, and still current: a job's point lapses with the job, cron or not. `now`: the
        moment to judge at, when the caller's query must read the same clock throughout."""
        return self.filter(review_state=ReviewState.ACCEPTED).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=now or timezone.now())
        )

    def needs_review(self):
        return self.filter(review_state=ReviewState.NEEDS_REVIEW)

    def for_role(self, role):
        return self.filter(role=role)

    def annual_figures(self) -> list[int]:
        return list(self.values_list("annual_usd", flat=True))


class JudgesSalary:
    """For a model that holds a salary as `salary = SalaryFields(...)`."""

    def judge_salary(self) -> None:
        """Judge the salary as it stands, with today's exchange rate and its peers' accepted
        salaries: a refusal raises, keyed by this model's fields; otherwise the rules' verdict
        replaces the one kept (a moderator's too). The caller decides when: a new salary, or one
        whose figures or peers changed."""
        fields = type(self).salary
        currency = fields.names["currency"]
        setattr(self, currency, normalise_currency(getattr(self, currency)))
        salary = self.salary
        if salary is None:  # left out, which only an optional salary may be: whole or not at all
            if fields.value(self, "currency") or fields.value(self, "period"):
                raise ValidationError(
                    {
                        fields.names["amount_min"]: ValidationError(
                            "Enter the salary amounts.", code="missing_amount"
                        )
                    }
                )
            Assessment().apply_to(self, fields.names)
            return
        assessment = assess(
            salary,
            units_per_usd=ExchangeRate.objects.units_per_usd(salary.currency),
            spread=peer_spread(SalaryRecord.objects, **fields.peers_of(self)),
        )
        assessment.raise_for_errors(fields.rule_fields)
        assessment.apply_to(self, fields.names)


RECORD_SALARY = SalaryFields(
    optional=False,
    midpoint=True,
    table="salaries_record",
    constraint_names={
        "positive": "salaries_record_amount_positive",
        "min_lte_max": "salaries_record_min_lte_max",
        "midpoint_in_range": "salaries_record_midpoint_in_range",
    },
)


class SalaryRecord(JudgesSalary, models.Model):
    """One reported salary: a survey answer or a published job's range."""

    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="salary_records")
    source = models.ForeignKey(SalarySource, on_delete=models.CASCADE, related_name="records")
    line = models.PositiveIntegerField(
        null=True, blank=True, help_text="Line in the source file, for tracing a figure back."
    )
    experience_level = models.CharField(max_length=2, choices=ExperienceLevel.choices, blank=True)
    employment_type = models.CharField(max_length=2, choices=EmploymentType.choices)
    country = CountryField(blank=True)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    # amount_min, amount_max, currency, period and the verdict: annual_usd_min, annual_usd_max,
    # annual_usd (the point statistics count), review_state, review_reasons, review_note...
    salary = RECORD_SALARY
    valid_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the point stops counting (a job's end); empty: never.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SalaryRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "role__name", "pk"]
        permissions = [("review_salaryrecord", "Can confirm or reject flagged salaries")]
        indexes = [
            models.Index(fields=["role", "review_state"]),
            # A role's accepted points with every column salaries/figures.py reads, grouped as it
            # groups them: recomputing a role's figures reads this index alone (PostgreSQL's
            # index-only scan, no sort), never the wide rows.
            models.Index(
                fields=[
                    "role",
                    "experience_level",
                    "country",
                    "year",
                    "employment_type",
                    "annual_usd",
                    "valid_until",
                ],
                condition=Q(review_state=ReviewState.ACCEPTED),
                name="salaries_record_figures",
            ),
        ]
        constraints = [
            *RECORD_SALARY.constraints(),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="salaries_record_year_range",
                violation_error_message="The year must be between 1990 and 2100.",
            ),
            one_of(
                "salaries_record",
                "experience_level",
                ExperienceLevel,
                "Unknown experience level.",
                blank=True,
            ),
            one_of(
                "salaries_record", "employment_type", EmploymentType, "Unknown employment type."
            ),
        ]

    def __str__(self):
        return f"{self.role} · {self.annual_usd:,} USD/year ({self.year})"


class SalaryReviewItem(SalaryRecord):
    """The moderators' queue in the admin: records the rules flagged."""

    class Meta:
        proxy = True
        verbose_name = "flagged salary"
        verbose_name_plural = "salary review queue"


# The value of a SalaryFigures dimension that is not narrowed: every level, country, year or type.
