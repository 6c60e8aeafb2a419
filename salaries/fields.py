"""A salary on a model: its fields, what the database checks of them, and where the verdict goes.

SalaryRecord and Job each hold one as `salary = SalaryFields(...)`, which adds the fields to the
model and reads them back as a SalaryRange (None where an optional salary is left out). The fields
carry SalaryRecord's names; a job's carry the names its columns had before the two shared this.
The rules that judge a salary are in validation.py; models.JudgesSalary runs them on a model.
"""

from collections.abc import Mapping

from django.db import models
from django.db.models import F, Q

from salaries.choices import PayPeriod, ReviewState
from salaries.peers import PEER_FIELDS
from salaries.validation import Assessment, SalaryRange
from web.constraints import one_of
from web.fields import user_stamp

# The salary as typed, then the verdict the rules (and moderators) give it.
FIGURES = ("amount_min", "amount_max", "currency", "period")
VERDICT = (
    "annual_usd_min",
    "annual_usd_max",
    "annual_usd",
    "review_state",
    "review_reasons",
    "review_note",
    "reviewed_by",
    "reviewed_at",
)
# The rules name the figures as SalaryRange does; a refusal lands on the figure's own field.
RULE_PARTS = {
    "minimum": "amount_min",
    "maximum": "amount_max",
    "currency": "currency",
    "period": "period",
}


class SalaryFields:
    """The fields of one model's salary, named `prefix` + the part, or as `renamed` says.

    optional: the salary may be left out whole (a job's), rather than always given (a record's).
    midpoint: the model keeps the midpoint of the yearly USD range, the point statistics count.
    table: names the checks of codes, "<table>_<field>_valid"; constraint_names names the others
    (the database names, which predate this class).
    """

    def __init__(
        self,
        *,
        optional: bool,
        midpoint: bool,
        table: str,
        constraint_names: Mapping[str, str],
        prefix: str = "",
        renamed: Mapping[str, str] | None = None,
    ):
        self.optional = optional
        self.table = table
        parts = [*FIGURES, *(part for part in VERDICT if midpoint or part != "annual_usd")]
        self.names = {part: (renamed or {}).get(part, prefix + part) for part in parts}
        self.constraint_names = dict(constraint_names)

    def contribute_to_class(self, cls, name):
        for part, field in self._fields().items():
            if part in self.names:
                cls.add_to_class(self.names[part], field)
        setattr(cls, name, self)

    def __get__(self, instance, owner=None):
        """On a model instance, the salary as a SalaryRange; on the model, these fields."""
        if instance is None:
            return self
        minimum, maximum, currency, period = (self.value(instance, part) for part in FIGURES)
        if minimum is None and maximum is None:
            return None
        return SalaryRange(
            minimum,
            maximum,
            currency,
            period,
            annual_usd_min=self.value(instance, "annual_usd_min"),
            annual_usd_max=self.value(instance, "annual_usd_max"),
        )

    def value(self, obj, part: str):
        return getattr(obj, self.names[part])

    @property
    def judged_on(self) -> frozenset[str]:
        """The fields whose change calls for a new verdict: the figures and the salary's peers."""
        return frozenset([*(self.names[part] for part in FIGURES), *PEER_FIELDS])

    @property
    def rule_fields(self) -> dict[str, str]:
        """The rules' names of the figures (Finding.part) -> this model's fields."""
        return {rule_part: self.names[part] for rule_part, part in RULE_PARTS.items()}

    def peers_of(self, obj) -> dict:
        """Who obj's salary is compared with: its PEER_FIELDS values, as the database has them."""
        fields = (obj._meta.get_field(name) for name in PEER_FIELDS)
        return {field.name: field.get_prep_value(getattr(obj, field.attname)) for field in fields}

    def _fields(self) -> dict[str, models.Field]:
        optional = {"null": self.optional, "blank": self.optional}
        default_period = {} if self.optional else {"default": PayPeriod.YEAR}
        return {
            "amount_min": models.DecimalField(
                "minimum salary", max_digits=14, decimal_places=2, **optional
            ),
            "amount_max": models.DecimalField(
                "maximum salary", max_digits=14, decimal_places=2, **optional
            ),
            "currency": models.CharField(
                "currency",
                max_length=3,
                blank=self.optional,
                help_text="Three letters, e.g. USD, EUR, GBP.",
            ),
            "period": models.CharField(
                "pay period",
                max_length=5,
                choices=PayPeriod.choices,
                blank=self.optional,
                **default_period,
            ),
            # Derived by the plausibility rules: statistics, filters and sorting read only these.
            "annual_usd_min": models.PositiveIntegerField(editable=False, **optional),
            "annual_usd_max": models.PositiveIntegerField(editable=False, **optional),
            "annual_usd": models.PositiveIntegerField(
                editable=False,
                help_text="Midpoint of the range in yearly USD: the point statistics use.",
            ),
            "review_state": models.CharField(
                max_length=12,
                choices=ReviewState.choices,
                default=ReviewState.ACCEPTED,
                editable=False,
            ),
            "review_reasons": models.CharField(
                max_length=200,
                blank=True,
                editable=False,
                help_text="Codes of the rules that flagged it, space separated.",
            ),
            "review_note": models.TextField(blank=True, editable=False),
            "reviewed_by": user_stamp(),
            "reviewed_at": models.DateTimeField(null=True, blank=True, editable=False),
        }

    def constraints(self) -> list[models.CheckConstraint]:
        """What the database refuses, whoever writes: the same rules as the fields' validation."""
        low, high, currency, period = (self.names[part] for part in FIGURES)
        left_out = Q(**{f"{low}__isnull": True})
        checks = {
            "positive": (Q(**{f"{low}__gt": 0}), "Salary amounts must be more than zero."),
            "min_lte_max": (
                Q(**{f"{low}__lte": F(high)}),
                "The minimum salary is above the maximum.",
            ),
        }
        if self.optional:
            # Null amounts pass a CHECK; these two are about the amounts that are given.
            for kind in ("positive", "min_lte_max"):
                condition, message = checks[kind]
                checks[kind] = (left_out | condition, message)
            nothing = {f"{low}__isnull": True, f"{high}__isnull": True, currency: "", period: ""}
            whole = Q(**{f"{low}__isnull": False, f"{high}__isnull": False})
            checks["complete_or_empty"] = (
                Q(**nothing) | whole & ~Q(**{currency: ""}) & ~Q(**{period: ""}),
                "Give the whole salary (minimum, maximum, currency and period) or none of it.",
            )
        if "annual_usd" in self.names:
            annual_min, annual_max, annual = (
                self.names[part] for part in ("annual_usd_min", "annual_usd_max", "annual_usd")
            )
            checks["midpoint_in_range"] = (
                Q(**{f"{annual_min}__lte": F(annual)}) & Q(**{f"{annual}__lte": F(annual_max)}),
                "The yearly USD midpoint must lie within the range.",
            )
        names = self.constraint_names
        return [
            *(
                models.CheckConstraint(
                    condition=condition, name=names[kind], violation_error_message=message
                )
                for kind, (condition, message) in checks.items()
            ),
            one_of(self.table, period, PayPeriod, "Unknown pay period.", blank=self.optional),
            one_of(
                self.table, self.names["review_state"], ReviewState, "Unknown salary review state."
            ),
        ]


def copy_accepted_salary(source, target) -> None:
    """Write source's salary, its yearly USD figures and its peers onto target as an accepted
    point (both models hold a SalaryFields): the rules judged it on source already."""
    source_fields, target_fields = type(source).salary, type(target).salary
    for part in FIGURES:
        setattr(target, target_fields.names[part], source_fields.value(source, part))
    for name in PEER_FIELDS:
        attname = source._meta.get_field(name).attname
        setattr(target, attname, getattr(source, attname))
    point = Assessment(
        annual_usd_min=source_fields.value(source, "annual_usd_min"),
        annual_usd_max=source_fields.value(source, "annual_usd_max"),
    )
    point.apply_to(target, target_fields.names)
