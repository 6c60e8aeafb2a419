import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower, Upper
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField

from salaries.choices import EmploymentType, ExperienceLevel, PayPeriod, ReviewState
from salaries.validation import SalaryRange, assess_salary
from web.slugs import unique_slug

currency_code = RegexValidator(
    r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code in capitals, such as USD.", "currency_code"
)


def normalise_title(title: str) -> str:
    """ "  data  ENGINEER " and "Data Engineer" are the same job title."""
    return re.sub(r"\s+", " ", title).strip().casefold()


class RemembersStoredSalary:
    """Remembers the salary as loaded, so that a moderator's verdict survives edits that leave
    the salary alone, and any new figure (or new peers to compare it with) is judged again."""

    salary_fields: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.remember_salary()
        return instance

    def _salary_values(self) -> tuple:
        return tuple(self.__dict__.get(name) for name in self.salary_fields)

    def remember_salary(self) -> None:
        self._stored_salary = self._salary_values()

    def salary_changed(self) -> bool:
        return getattr(self, "_stored_salary", None) != self._salary_values()


class RoleQuerySet(models.QuerySet):
    def title_index(self) -> dict[str, "Role"]:
        """Every name and alias, normalised, mapped to its role: how job titles find roles."""
        index = {}
        for role in self:
            for title in role.titles():
                index.setdefault(normalise_title(title), role)
        return index


class Role(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True, blank=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other job titles that mean this role, one per line (e.g. “ML Engineer”).",
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
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Role, self.name, max_length=140, exclude_pk=self.pk)
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


class SalarySource(models.Model):
    """Where salary records come from: an imported survey file, or Jobboard's own job postings."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
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


class SalaryRecord(RemembersStoredSalary, models.Model):
    """One reported salary: a survey answer or a published job's range."""

    # The figures, and who the figures are compared with (the outlier rule's peers).
    salary_fields = (
        "amount_min",
        "amount_max",
        "currency",
        "period",
        "role_id",
        "country",
        "employment_type",
    )

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
    currency = models.CharField(max_length=3, validators=[currency_code])
    amount_min = models.DecimalField(max_digits=14, decimal_places=2)
    amount_max = models.DecimalField(max_digits=14, decimal_places=2)
    period = models.CharField(max_length=5, choices=PayPeriod.choices, default=PayPeriod.YEAR)
    # Derived by the plausibility rules; statistics read only these.
    annual_usd_min = models.PositiveIntegerField(editable=False)
    annual_usd_max = models.PositiveIntegerField(editable=False)
    annual_usd = models.PositiveIntegerField(
        editable=False, help_text="Midpoint of the range in yearly USD: the point statistics use."
    )
    review_state = models.CharField(
        max_length=12, choices=ReviewState.choices, default=ReviewState.ACCEPTED
    )
    review_reasons = models.CharField(
        max_length=200, blank=True, help_text="Codes of the rules that flagged it, space separated."
    )
    review_note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
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
        indexes = [models.Index(fields=["role", "review_state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__gt=0),
                name="salaries_record_amount_positive",
                violation_error_message="Salary amounts must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(amount_min__lte=F("amount_max")),
                name="salaries_record_min_lte_max",
                violation_error_message="The minimum salary is above the maximum.",
            ),
            models.CheckConstraint(
                condition=Q(annual_usd_min__lte=F("annual_usd"))
                & Q(annual_usd__lte=F("annual_usd_max")),
                name="salaries_record_midpoint_in_range",
                violation_error_message="The yearly USD midpoint must lie within the range.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="salaries_record_year_range",
                violation_error_message="The year must be between 1990 and 2100.",
            ),
            models.CheckConstraint(
                condition=Q(period__in=PayPeriod.values),
                name="salaries_record_period_valid",
                violation_error_message="Unknown pay period.",
            ),
            models.CheckConstraint(
                condition=Q(review_state__in=ReviewState.values),
                name="salaries_record_review_state_valid",
                violation_error_message="Unknown review state.",
            ),
            models.CheckConstraint(
                condition=Q(experience_level__in=["", *ExperienceLevel.values]),
                name="salaries_record_experience_level_valid",
                violation_error_message="Unknown experience level.",
            ),
            models.CheckConstraint(
                condition=Q(employment_type__in=EmploymentType.values),
                name="salaries_record_employment_type_valid",
                violation_error_message="Unknown employment type.",
            ),
        ]

    def __str__(self):
        return f"{self.role} · {self.annual_usd:,} USD/year ({self.year})"

    @property
    def salary(self) -> SalaryRange:
        return SalaryRange(self.amount_min, self.amount_max, self.currency, self.period)

    def clean(self):
        """Judge a new or changed salary and derive its yearly USD figures; a verdict on an
        unchanged salary stands."""
        if not self.salary_changed() and self.annual_usd is not None:
            return
        assessment = assess_salary(
            self.salary,
            role=self.role if self.role_id else None,
            country=self.country,
            employment_type=self.employment_type,
        )
        assessment.raise_for_errors(
            {
                "minimum": "amount_min",
                "maximum": "amount_max",
                "currency": "currency",
                "period": "period",
            }
        )
        self.annual_usd_min = assessment.annual_usd_min
        self.annual_usd_max = assessment.annual_usd_max
        self.annual_usd = assessment.annual_usd
        self.review_state = assessment.review_state
        self.review_reasons = assessment.reason_codes
        self.review_note = assessment.review_note
        self.reviewed_by = self.reviewed_at = None
        self.remember_salary()


class SalaryReviewItem(SalaryRecord):
    """The moderators' queue in the admin: records the rules flagged."""

    class Meta:
        proxy = True
        verbose_name = "flagged salary"
        verbose_name_plural = "salary review queue"
