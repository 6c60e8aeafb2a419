import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Length, Lower, Upper
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_countries.fields import CountryField

from salaries.choices import EmploymentType, ExperienceLevel, ReviewState
from salaries.fields import SalaryFields
from salaries.peers import peer_spread
from salaries.points import SortedPointsField
from salaries.validation import Assessment, assess, normalise_currency
from web.constraints import one_of
from web.slugs import fill_slug
from web.subqueries import count_of
from web.validators import no_control_characters, no_control_characters_but_line_breaks

currency_code = RegexValidator(
    r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code in capitals, such as USD.", "currency_code"
)


# /salaries/compare/ and /salaries/compare.json are pages of their own (salaries/urls.py): a role
# with one of these slugs could never be reached.
RESERVED_SLUGS = ("compare",)


def role_slug_text(name: str) -> str:
    """What a role's slug is made from: its name, or "<name> role" where the name's slug would be
    a reserved word ("Compare": compare-role)."""
    return f"{name} role" if slugify(name) in RESERVED_SLUGS else name


def normalise_title(title: str) -> str:
    """ "  data  ENGINEER " and "Data Engineer" are the same job title."""
    return re.sub(r"\s+", " ", title).strip().casefold()


class RoleQuerySet(models.QuerySet):
    def with_salary_count(self):
        """Each role with `salary_count`, its accepted salaries: what its figures rest on."""
        accepted = count_of(SalaryRecord.objects.accepted(), per="role")
        return self.annotate(salary_count=Coalesce(accepted, 0))

    def best_first(self, term: str):
        """For someone typing a role's name: a name or alias that is `term` first, then those that
        start with it, then the rest; within each, roles with salary figures before roles without
        (a job linked to a role with no figures links to an empty page), then by name."""
        term = term.strip()
        whole = rf"(^|\n){re.escape(term)}\r?(\n|$)"
        start = rf"(^|\n){re.escape(term)}"
        rank = (
            Case(
                When(Q(name__iexact=term) | Q(aliases__iregex=whole), then=Value(0)),
                When(Q(name__istartswith=term) | Q(aliases__iregex=start), then=Value(1)),
                default=Value(2),
            )
            if term
            else Value(0)
        )
        no_data = Case(When(salary_count__gt=0, then=Value(0)), default=Value(1))
        return (
            self.with_salary_count()
            .annotate(match_rank=rank, no_data=no_data)
            .order_by("match_rank", "no_data", "name")
        )

    def title_index(self) -> dict[str, "Role"]:
        """Every name and alias, normalised, mapped to its role: how job titles find roles."""
        index = {}
        for role in self:
            for title in role.titles():
                index.setdefault(normalise_title(title), role)
        return index


class Role(models.Model):
    name = models.CharField(max_length=120, validators=[no_control_characters])
    slug = models.SlugField(max_length=140, unique=True, blank=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other job titles that mean this role, one per line (e.g. “ML Engineer”).",
        validators=[no_control_characters_but_line_breaks],
    )

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="salaries_role_name_unique_ci",
                violation_error_message="A role with this name already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="salaries_role_slug_not_reserved",
                violation_error_message="This slug is the address of another page.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_slug(self, role_slug_text(self.name))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("salaries:role", kwargs={"slug": self.slug})

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def titles(self) -> list[str]:
        return [self.name, *self.alias_list()]

    def clean(self):
        """A title must lead to one role: no alias may be another role's name or alias."""
        others = list(Role.objects.exclude(pk=self.pk))
        other_titles = {normalise_title(title) for role in others for title in role.titles()}
        other_aliases = {normalise_title(alias) for role in others for alias in role.alias_list()}
        errors = {}
        if normalise_title(self.name) in other_aliases:
            errors["name"] = ValidationError("Already an alias of another role.", code="name_taken")
        clashes = [title for title in self.alias_list() if normalise_title(title) in other_titles]
        if clashes:
            errors["aliases"] = ValidationError(
                "Already the name or an alias of another role: %(titles)s.",
                code="alias_taken",
                params={"titles": ", ".join(clashes)},
            )
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = ValidationError(
                "“%(slug)s” is the address of another page; pick another slug.",
                code="reserved_slug",
                params={"slug": self.slug},
            )
        if errors:
            raise ValidationError(errors)


class ExchangeRateQuerySet(models.QuerySet):
    def latest_rates(self) -> dict[str, Decimal]:
        """Each currency's most recent rate, as units of that currency per US dollar."""
        rates = {}
        for currency, units in self.order_by("currency", "-date").values_list(
            "currency", "units_per_usd"
        ):
            rates.setdefault(currency, units)
        rates.setdefault("USD", Decimal(1))
        return rates

    def units_per_usd(self, currency: str) -> Decimal | None:
        if currency == "USD":
            return Decimal(1)
        rate = self.filter(currency=currency).order_by("-date").first()
        return rate.units_per_usd if rate else None


class ExchangeRate(models.Model):
    currency = models.CharField(max_length=3, validators=[currency_code])
    units_per_usd = models.DecimalField(
        "units per US dollar",
        max_digits=18,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text="How many units of this currency one US dollar buys (EUR: about 0.92).",
    )
    date = models.DateField(help_text="The day this rate was taken.")

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"],
                name="salaries_exchangerate_one_per_day",
                violation_error_message="This currency already has a rate for that date.",
            ),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0),
                name="salaries_exchangerate_positive",
                violation_error_message="An exchange rate must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Exact(Length("currency"), 3) & Exact(Upper("currency"), F("currency")),
                name="salaries_exchangerate_currency_code",
                violation_error_message="Use a three-letter currency code in capitals.",
            ),
        ]

    def __str__(self):
        return f"1 USD = {self.units_per_usd.normalize():f} {self.currency} ({self.date})"


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


class SalaryRecordQuerySet(models.QuerySet):
    def accepted(self):
        """Accepted, and still current: a job's point lapses with the job, cron or not."""
        return self.filter(review_state=ReviewState.ACCEPTED).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=timezone.now())
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
EVERY = "*"
EVERY_YEAR = 0


class SalaryFiguresManager(models.Manager):
    def get_queryset(self):
        # The points are searched in SQL (salaries.points.PointsBelow), never read into Python:
        # a row read for its percentiles leaves them behind.
        return super().get_queryset().defer("points")


class SalaryFigures(models.Model):
    """The percentiles of a role's accepted records, narrowed by some, none or all of the
    dimensions (EVERY: not narrowed): one row per combination that has records.

    Derived data, kept by salaries/figures.py in the transaction of every write that changes it,
    so that no page reads the records themselves; `manage.py rebuild_salary_figures` recomputes it.
    Percentiles are stored for any n; SALARY_MIN_POINTS applies when they are read.
    """

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="figures")
    experience_level = models.CharField(max_length=2)
    country = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    employment_type = models.CharField(max_length=2)
    n = models.PositiveIntegerField()
    p10 = models.PositiveIntegerField()
    p25 = models.PositiveIntegerField()
    median = models.PositiveIntegerField()
    p75 = models.PositiveIntegerField()
    p90 = models.PositiveIntegerField()
    # The median's 95% confidence interval (salaries.stats.median_ci_ranks); null when n is too
    # small for one.
    median_ci_low = models.PositiveIntegerField(null=True)
    median_ci_high = models.PositiveIntegerField(null=True)
    # The first moment a point counted here lapses (a job's end): the figures are due then.
    changes_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The points themselves, ascending, in the cells a position is measured in (not narrowed by
    # year or type: salaries.position); null in the others.
    points = SortedPointsField(null=True)

    objects = SalaryFiguresManager()

    class Meta:
        verbose_name_plural = "salary figures"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "experience_level", "country", "year", "employment_type"],
                name="salaries_figures_one_per_cell",
            ),
            models.CheckConstraint(condition=Q(n__gt=0), name="salaries_figures_not_empty"),
        ]
        indexes = [
            # "Are any of this role's figures due?", asked with every position (a search page's
            # badges ask it per card): one index probe, not a walk over the role's thousands of
            # rows.
            models.Index(fields=["role", "changes_at"], name="salaries_figures_due"),
            # Each role's whole-role row (every role's median on the salary list, "compare
            # with...", the job pages): read without walking the hundreds of thousands of cells.
            models.Index(
                fields=["role"],
                condition=Q(
                    experience_level=EVERY, country=EVERY, year=EVERY_YEAR, employment_type=EVERY
                ),
                name="salaries_figures_whole_role",
            ),
        ]

    def __str__(self):
        return f"{self.role_id} {self.experience_level}/{self.country}/{self.year}: n={self.n}"
