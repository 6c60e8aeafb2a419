"""Where a salary stands among its role's accepted salaries: "pays more than 62% of Data Engineer
salaries in the United States, senior level".

The figure is the share of the peer set's points strictly below the amount, in whole percent,
rounded down. The peer set is the role narrowed by country and experience level while the narrowed
set still holds SALARY_MIN_POINTS points, widened otherwise: the level is dropped first, then the
country.

A lookup, not a scan: each set's size is its row in the salary figures (salaries/figures.py, kept
by the writes), and the share below is a binary search in the 100 percent steps that row keeps
(salaries/points.py), run by the database; all of one answer (or of a whole page of job cards)
comes in one query, whatever the sizes of the sets.

A page of job cards asks with a statement compiled once per database and prepared once per
connection (web/statements.py): building and compiling that query through the ORM cost several
times what the database spends running it, and planning it more than running it.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db import router
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from salaries.choices import ExperienceLevel, PayPeriod
from salaries.figures import refresh_due
from salaries.models import EVERY, EVERY_YEAR, ExchangeRate, Role, SalaryFigures, SalaryRecord
from salaries.points import PointsBelow
from salaries.validation import SalaryRange, amount_text, assess, normalise_currency
from web.countries import country_names
from web.statements import IDS, NOW, OneOf, Statement
from web.widgets import QuickSelect

# The experience levels as the sentence says them: "senior level", not "Senior-level / Expert".
LEVEL_WORDS = {
    ExperienceLevel.ENTRY: "entry level",
    ExperienceLevel.MID: "mid level",
    ExperienceLevel.SENIOR: "senior level",
    ExperienceLevel.EXECUTIVE: "executive level",
}


def in_country(code: str) -> str:
    """ "in Germany", "in the United States of America", "in the Netherlands"."""
    name = country_names().get(code, "")
    ends = ("Republic", "Kingdom", "Emirates", "Netherlands", "Philippines", "Islands")
    the = "the " if name.endswith(ends) or " of " in name else ""
    return f"in {the}{name}"


@dataclass(frozen=True)
class Scope:
    """A peer set within a role: "" means not narrowed by that dimension."""

    country: str = ""
    experience_level: str = ""

    def describe(self) -> str:
        """ "in the United States, senior level", "worldwide, entry level", "worldwide"."""
        place = in_country(self.country) if self.country else "worldwide"
        if self.experience_level:
            return f"{place}, {LEVEL_WORDS[self.experience_level]}"
        return place

    def filters(self) -> dict:
        """The role page's filters that show this set's figures."""
        chosen = {"country": self.country, "experience_level": self.experience_level}
        return {name: value for name, value in chosen.items() if value}

    def as_dict(self) -> dict:
        return {"country": self.country or None, "experience_level": self.experience_level or None}


def candidate_scopes(country: str, experience_level: str) -> list[Scope]:
    """The sets to try, narrowest first: the level is dropped before the country."""
    return list(dict.fromkeys(_steps(country, experience_level)))


def _steps(country: str, experience_level: str) -> list[Scope]:
    """candidate_scopes, always three (repeated where a value is not given): the query asks for
    each step's set whatever the values are."""
    return [Scope(country, experience_level), Scope(country, ""), Scope()]


@dataclass(frozen=True)
class Position:
    role: Role
    amount_usd_year: int
    percentile: int | None
    n: int
    scope: Scope
    reason: str = ""
    # The first moment after the answer that a point counted in its role's figures lapses (a
    # job's salary at its end): a page that shows the position changes then (place_records).
    changes_at: datetime | None = None

    @property
    def known(self) -> bool:
        return self.percentile is not None

    def sentence(self) -> str:
        if not self.known:
            return self.reason
        return (
            f"Pays more than {self.percentile}% of {self.role.name} salaries "
            f"{self.scope.describe()} ({self.n:,} salaries)."
        )

    def badge(self) -> str:
        """A card's short form: "Pays more than 62% (US, senior)"."""
        return f"Pays more than {self.percentile}% of {self.role.name} salaries"

    def role_url(self) -> str:
        """The role's page narrowed to the set this position was measured in."""
        query = urlencode(self.scope.filters())
        return self.role.get_absolute_url() + (f"?{query}" if query else "")

    def as_dict(self) -> dict:
        data = {
            "role": self.role.name,
            "amount_usd_year": self.amount_usd_year,
            "percentile": self.percentile,
            "n": self.n,
            "scope": self.scope.as_dict(),
        }
        if not self.known:
            data["reason"] = self.reason
        return data


def _or_every(value) -> Coalesce:
    """A value of a dimension as the figures' cells hold it: not given ("") is EVERY."""
    return Coalesce(NullIf(value, Value("")), Value(EVERY))


def _lookups(*, role, country, experience_level, amount, own: int, now: datetime) -> dict:
    """For each of the three steps (_steps), the set's size `n<step>`, and `percent`, the whole
    percent of the first set that holds enough that lies below amount: lookups in the figures'
    rows of the peer sets and one binary search in the chosen set's percent steps (PointsBelow),
    never a count of records.
    The arguments are expressions (Values, or OuterRefs to a salary record); `own`: 1 when the
    amount is a point of the sets itself, which never counts against itself (it is in every set
    its record counts in, never below itself: only n changes). `due`: whether any of the role's
    figures count a point that has lapsed by now."""
    level, country = _or_every(experience_level), _or_every(country)
    cells = [(level, country), (Value(EVERY), country), (Value(EVERY), Value(EVERY))]
    # An amount that is a point of the set is a share of the others (salaries.points).
    steps = "member_steps" if own else "steps"
    peer_sets = SalaryFigures.objects.filter(role=role, year=EVERY_YEAR, employment_type=EVERY)
    lookups, below = {}, []
    for step, (level_value, country_value) in enumerate(cells):
        cell = peer_sets.filter(experience_level=level_value, country=country_value)
        lookups[f"n{step}"] = Subquery(cell.values("n"))
        below.append(Subquery(cell.values(below=PointsBelow(steps, amount))))
    # CASE reads only the chosen set's steps (PostgreSQL runs a subquery in a branch it reaches).
    enough = settings.SALARY_MIN_POINTS + own
    lookups["percent"] = Case(
        When(n0__gte=enough, then=below[0]),
        When(n1__gte=enough, then=below[1]),
        default=below[2],
        output_field=IntegerField(),
    )
    lookups["due"] = Exists(SalaryFigures.objects.filter(role=role, changes_at__lte=now))
    return lookups


def _position(
    role, amount: int, country: str, experience_level: str, found: dict, own: int = 0
) -> Position:
    minimum = settings.SALARY_MIN_POINTS
    for step, scope in enumerate(_steps(country, experience_level)):
        n = (found[f"n{step}"] or 0) - own
        if n >= minimum:
            return Position(role, amount, found["percent"] or 0, n, scope)
    n = max((found["n2"] or 0) - own, 0)
    return Position(
        role,
        amount,
        None,
        n,
        Scope(),
        reason=(
            f"Too few {role.name} salaries to place this one: {n:,}, and we give a figure only "
            f"from {minimum} up."
        ),
    )


def place(
    role: Role, amount_usd_year: int, *, country: str = "", experience_level: str = ""
) -> Position:
    """Where a yearly USD amount stands among the role's accepted salaries: one query."""
    lookups = _lookups(
        role=role.pk,
        country=Value(country),
        experience_level=Value(experience_level),
        amount=Value(amount_usd_year),
        own=0,
        now=timezone.now(),
    )
    found = Role.objects.filter(pk=role.pk).annotate(**lookups).values(*lookups).get()
    if found["due"]:
        refresh_due([role.pk])
        found = Role.objects.filter(pk=role.pk).annotate(**lookups).values(*lookups).get()
    return _position(role, amount_usd_year, country, experience_level, found)


def place_records(record_ids: Iterable[int]) -> dict[int, Position]:
    """Where each of these records' points stands among its role's other accepted points, by
    record id: one query for any number (a page of job cards). Records not accepted now are left
    out: a salary held for review is placed nowhere."""
    ids = [pk for pk in record_ids if pk is not None]
    if not ids:
        return {}
    values = {"ids": ids, "now": timezone.now()}
    alias = router.db_for_read(SalaryRecord)
    found = _records_statement(alias, settings.SALARY_MIN_POINTS).rows(**values)
    due = {row["role__id"] for row in found if row["due"]}
    if due:
        refresh_due(due)
        # Asked again: having written, the request reads from the primary (jobboard/db_router.py).
        alias = router.db_for_read(SalaryRecord)
        found = _records_statement(alias, settings.SALARY_MIN_POINTS).rows(**values)
    return {row["id"]: _record_position(row, alias) for row in found}


def _record_position(row: dict, alias: str) -> Position:
    role = Role.from_db(alias, ROLE_FIELDS, [row[f"role__{name}"] for name in ROLE_FIELDS])
    position = _position(
        role, row["annual_usd"], row["country"] or "", row["experience_level"], row, own=1
    )
    return replace(position, changes_at=row["figures_change"])


# The role's columns the records' query reads, in the model's order (Role.from_db).
ROLE_FIELDS = [field.attname for field in Role._meta.concrete_fields]


@functools.cache
def _records_statement(alias: str, min_points: int) -> Statement:
    """Compiled once per database (and minimum, which the SQL holds): settings that change it
    change the key."""
    lapses = SalaryFigures.objects.filter(role=OuterRef("role_id"), changes_at__gt=NOW)
    lookups = _lookups(
        role=OuterRef("role_id"),
        country=OuterRef("country"),
        experience_level=OuterRef("experience_level"),
        amount=OuterRef("annual_usd"),
        own=1,
        now=NOW,
    )
    records = (
        SalaryRecord.objects.accepted(now=NOW)
        .filter(OneOf("id", IDS))
        .annotate(
            **lookups,
            figures_change=Subquery(lapses.order_by("changes_at").values("changes_at")[:1]),
        )
        .order_by()
        .values_list(
            "id",
            "annual_usd",
            "country",
            "experience_level",
            *(f"role__{name}" for name in ROLE_FIELDS),
            *lookups,
            "figures_change",
        )
    )
    return Statement.compile(records, alias=alias, stand_ins={"ids": IDS, "now": NOW})


# The input names the rules' findings land on: an amount, not a range.
RULE_FIELDS = {"minimum": "amount", "maximum": "amount", "currency": "currency", "period": "period"}


MAX_AMOUNT = Decimal(10**12)


class PositionForm(forms.Form):
    """ "Is this offer fair?": an amount as the offer states it, and whom to compare it with."""

    # Any number of decimals: the rules, not the field, decide what an amount may be.
    amount = forms.DecimalField(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, label="Amount")
    # Left out, an offer is in US dollars a year.
    currency = forms.CharField(
        max_length=3,
        required=False,
        initial="USD",
        label="Currency",
        help_text="A three-letter code: USD, EUR…",
    )
    period = forms.ChoiceField(
        choices=PayPeriod.choices,
        required=False,
        initial=PayPeriod.YEAR,
        label="Pay period",
        widget=QuickSelect,
    )
    country = forms.ChoiceField(required=False, label="Country", widget=QuickSelect)
    experience_level = forms.ChoiceField(
        choices=[("", "Any level"), *ExperienceLevel.choices],
        required=False,
        label="Experience level",
        widget=QuickSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "Anywhere"), *country_names().items()]
        if self.is_bound:
            # An offer without a currency or period is placed as USD a year (clean_*): the form
            # shows it so, where the select showed its first choice ("per hour") and sent that
            # back with the next change.
            data = self.data.copy()
            for name in ("currency", "period"):
                if not data.get(name):
                    data[name] = self.fields[name].initial
            self.data = data

    def clean_currency(self) -> str:
        return normalise_currency(self.cleaned_data["currency"]) or "USD"

    def clean_period(self) -> str:
        return self.cleaned_data["period"] or PayPeriod.YEAR

    def clean(self):
        """The salary rules judge the amount as they judge any salary: a refusal names the slip."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        amount, currency = cleaned["amount"], cleaned["currency"]
        assessment = assess(
            SalaryRange(amount, amount, currency, cleaned["period"]),
            units_per_usd=ExchangeRate.objects.units_per_usd(currency),
        )
        assessment.raise_for_errors(RULE_FIELDS)
        cleaned["amount_usd_year"] = assessment.annual_usd
        period = PayPeriod(cleaned["period"])
        cleaned["stated"] = f"{amount_text(amount)} {currency} {period.phrase}"
        return cleaned

    def position(self, role: Role) -> Position:
        data = self.cleaned_data
        return place(
            role,
            data["amount_usd_year"],
            country=data["country"],
            experience_level=data["experience_level"],
        )
