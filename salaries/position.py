"""Where a salary stands among its role's accepted salaries: "pays more than 62% of Data Engineer
salaries in the United States, senior level".

The figure is the share of the peer set's points strictly below the amount, in whole percent,
rounded down. The peer set is the role narrowed by country and experience level while the narrowed
set still holds SALARY_MIN_POINTS points, widened otherwise: the level is dropped first, then the
country.

A rank, not a scan: every number here is a COUNT over a range of the partial indexes on accepted
records, (role, country, experience_level, annual_usd) and (role, annual_usd), never a read of the
points themselves; all the counts of one answer (or of a whole page of job cards) come in one query.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django_countries import countries

from salaries.choices import ExperienceLevel, PayPeriod
from salaries.models import ExchangeRate, Role, SalaryRecord
from salaries.validation import SalaryRange, amount_text, assess, normalise_currency

# The experience levels as the sentence says them: "senior level", not "Senior-level / Expert".
LEVEL_WORDS = {
    ExperienceLevel.ENTRY: "entry level",
    ExperienceLevel.MID: "mid level",
    ExperienceLevel.SENIOR: "senior level",
    ExperienceLevel.EXECUTIVE: "executive level",
}


def in_country(code: str) -> str:
    """ "in Germany", "in the United States of America", "in the Netherlands"."""
    name = countries.name(code)
    ends = ("Republic", "Kingdom", "Emirates", "Netherlands", "Philippines", "Islands")
    the = "the " if name.endswith(ends) or " of " in name else ""
    return f"in {the}{name}"


@dataclass(frozen=True)
class Scope:
    """A peer set within a role: "" means not narrowed by that dimension."""

    country: str = ""
    experience_level: str = ""

    @property
    def key(self) -> str:
        return ("c" if self.country else "") + ("l" if self.experience_level else "") or "all"

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


ALL_SCOPES = [Scope("X", "X"), Scope("X", ""), Scope("", "X"), Scope()]
# The counts one position is chosen from: each shape's set size and how many lie below.
COUNT_NAMES = [f"{shape.key}_{part}" for shape in ALL_SCOPES for part in ("n", "lower")]


def candidate_scopes(country: str, experience_level: str) -> list[Scope]:
    """The sets to try, narrowest first: the level is dropped before the country."""
    scopes = [Scope(country, experience_level)]
    if country and experience_level:
        scopes.append(Scope(country, ""))
    if country or experience_level:
        scopes.append(Scope())
    return scopes


@dataclass(frozen=True)
class Position:
    role: Role
    amount_usd_year: int
    percentile: int | None
    n: int
    scope: Scope
    reason: str = ""

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


def _count(records) -> Subquery:
    """SELECT COUNT(annual_usd) of records: an aggregate with no GROUP BY, as a scalar subquery."""
    counted = records.order_by().annotate(
        counted=Func(F("annual_usd"), function="COUNT", output_field=IntegerField())
    )
    return Subquery(counted.values("counted"), output_field=IntegerField())


def _count_annotations(*, role, country, experience_level, amount, own=None) -> dict:
    """For each scope shape, the set's size (`<key>_n`) and how many are below amount
    (`<key>_lower`); the arguments are values or OuterRefs. `own`: a record left out of every set
    (a job's own point never counts against itself)."""
    annotations = {}
    for shape in ALL_SCOPES:
        records = SalaryRecord.objects.accepted().filter(role=role)
        if shape.country:
            records = records.filter(country=country)
        if shape.experience_level:
            records = records.filter(experience_level=experience_level)
        if own is not None:
            records = records.exclude(pk=own)
        annotations[f"{shape.key}_n"] = _count(records)
        annotations[f"{shape.key}_lower"] = _count(records.filter(annual_usd__lt=amount))
    return annotations


def _position(role, amount: int, country: str, experience_level: str, counts: dict) -> Position:
    minimum = settings.SALARY_MIN_POINTS
    for scope in candidate_scopes(country, experience_level):
        n = counts[f"{scope.key}_n"] or 0
        if n >= minimum:
            lower = counts[f"{scope.key}_lower"] or 0
            return Position(role, amount, 100 * lower // n, n, scope)
    n = counts["all_n"] or 0
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
    counts = (
        Role.objects.filter(pk=role.pk)
        .annotate(
            **_count_annotations(
                role=role.pk,
                country=country,
                experience_level=experience_level,
                amount=amount_usd_year,
            )
        )
        .values(*COUNT_NAMES)
        .get()
    )
    return _position(role, amount_usd_year, country, experience_level, counts)


def place_records(record_ids: Iterable[int]) -> dict[int, Position]:
    """Where each of these records' points stands among its role's other accepted points, by
    record id: one query for any number (a page of job cards). Records not accepted now are left
    out: a salary held for review is placed nowhere."""
    ids = [pk for pk in record_ids if pk is not None]
    if not ids:
        return {}
    rows = (
        SalaryRecord.objects.accepted()
        .filter(pk__in=ids)
        .select_related("role")
        .annotate(
            **_count_annotations(
                role=OuterRef("role_id"),
                country=OuterRef("country"),
                experience_level=OuterRef("experience_level"),
                amount=OuterRef("annual_usd"),
                own=OuterRef("pk"),
            )
        )
    )
    return {
        row.pk: _position(
            row.role,
            row.annual_usd,
            row.country.code or "",
            row.experience_level,
            {name: getattr(row, name) for name in COUNT_NAMES},
        )
        for row in rows
    }


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
        choices=PayPeriod.choices, required=False, initial=PayPeriod.YEAR, label="Pay period"
    )
    country = forms.ChoiceField(required=False, label="Country")
    experience_level = forms.ChoiceField(
        choices=[("", "Any level"), *ExperienceLevel.choices],
        required=False,
        label="Experience level",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "Anywhere"), *countries]

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
