"""Roles side by side: 2 to 4 roles' figures under the same filters, and how their medians differ.

The figures are each role's SalaryInsight, from the same cache as its own page.
"""

import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db import router
from django.db.models import Count
from django.urls import reverse

from salaries.choices import ExperienceLevel
from salaries.formatting import format_usd
from salaries.models import Role
from salaries.position import ROLE_FIELDS
from salaries.stats import Group, SalaryInsight, enough_points
from web.countries import country_names
from web.statements import IDS, OneOf, Statement
from web.widgets import QuickSelect

MIN_ROLES, MAX_ROLES = 2, 4


class RoleSlugsField(forms.ModelMultipleChoiceField):
    """Roles by slug, in the order given (the first is the one the others are measured against)."""

    def clean(self, value):
        roles = super().clean(value)
        by_slug = {role.slug: role for role in roles}
        ordered = list(dict.fromkeys(value or []))  # a role named twice counts once
        return [by_slug[slug] for slug in ordered]


class CompareForm(forms.Form):
    roles = RoleSlugsField(
        queryset=Role.objects.all(),
        to_field_name="slug",
        label="Roles",
        help_text=f"Pick {MIN_ROLES} to {MAX_ROLES} (Ctrl or ⌘ for several).",
        error_messages={
            "invalid_choice": "No role has the slug “%(value)s”.",
            "required": f"Choose {MIN_ROLES} to {MAX_ROLES} roles.",
        },
    )
    experience_level = forms.ChoiceField(
        choices=[("", "All levels"), *ExperienceLevel.choices],
        required=False,
        label="Experience level",
        widget=QuickSelect,
    )
    country = forms.ChoiceField(required=False, label="Country", widget=QuickSelect)
    year = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Year", choices=[], widget=QuickSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "All countries"), *country_names().items()]
        self.fields["year"].choices = [("", "All years")] + [
            (str(year), str(year)) for year in range(2100, 1989, -1)
        ]

    def clean_roles(self) -> list[Role]:
        roles = self.cleaned_data["roles"]
        if not MIN_ROLES <= len(roles) <= MAX_ROLES:
            raise forms.ValidationError(
                "Choose %(least)s to %(most)s different roles; these are %(n)s.",
                code="role_count",
                params={"least": MIN_ROLES, "most": MAX_ROLES, "n": len(roles)},
            )
        return roles

    def filters(self) -> dict:
        """The role pages' filters in use, as SalaryRecordFilter.chosen() gives them."""
        chosen = {name: self.cleaned_data.get(name) for name in ("experience_level", "country")}
        if self.cleaned_data.get("year"):
            chosen["year"] = str(self.cleaned_data["year"])
        return {name: value for name, value in chosen.items() if value}


@dataclass(frozen=True)
class Column:
    role: Role
    insight: SalaryInsight

    @property
    def overall(self):
        return self.insight.overall


@dataclass(frozen=True)
class Comparison:
    columns: list[Column]
    filters: dict

    def differences(self) -> list[str]:
        """Each role's median against the first one's, in words."""
        first = self.columns[0]
        return [
            median_difference(first.role, first.overall, other.role, other.overall)
            for other in self.columns[1:]
        ]

    def by_experience_level(self) -> list[tuple[str, list[Group]]]:
        """For each level, one group per role: the chart's rows."""
        rows = []
        for code, label in ExperienceLevel.choices:
            groups = []
            for column in self.columns:
                level = column.insight.breakdown("experience_level")
                summary = next(g.summary for g in level.groups if g.code == code)
                groups.append(Group(column.role.slug, column.role.name, summary))
            rows.append((label, groups))
        return rows

    def as_dict(self) -> dict:
        return {
            "currency": "USD",
            "period": "year",
            "filters": self.filters,
            "roles": [
                {
                    "role": column.role.name,
                    "slug": column.role.slug,
                    **column.overall.as_dict(),
                    "by_experience_level": {
                        group.code: group.summary.as_dict()
                        for group in column.insight.breakdown("experience_level").groups
                    },
                }
                for column in self.columns
            ],
            "differences": self.differences(),
        }


def median_difference(base: Role, base_summary, other: Role, other_summary) -> str:
    """ "Machine Learning Engineer: a median USD 47K more than Data Engineer"."""
    if not (base_summary.enough and other_summary.enough):
        thin = other if not other_summary.enough else base
        return f"{other.name} and {base.name}: too few {thin.name} salaries to compare medians."
    gap = other_summary.median - base_summary.median
    if gap == 0:
        return f"{other.name} and {base.name} earn the same median ({format_usd(gap)})."
    word = "more" if gap > 0 else "less"
    return f"{other.name} earns a median {format_usd(abs(gap))} {word} than {base.name}."


def compare_url(roles, filters: dict | None = None) -> str:
    query = [("roles", role.slug) for role in roles[:MAX_ROLES]]
    query += sorted((filters or {}).items())
    return f"{reverse('salaries:compare')}?{urlencode(query)}"


def roles_to_compare(role: Role, points: dict[int, int], *, limit: int = 5) -> list[Role]:
    """Other roles with figures to set beside this one: those most often named in the same
    articles first, then those with the most data, then by name. points: role id -> number of
    accepted points (salaries.figures.role_points)."""
    alias = router.db_for_read(Role)
    together = dict(_together_statement(alias).tuples(role=role.pk))
    eligible = {pk: n for pk, n in points.items() if pk != role.pk and enough_points(n)}

    def rank(pk):
        return (-together.get(pk, 0), -eligible[pk])

    ordered = sorted(eligible, key=rank)
    if limit <= 0 or not ordered:
        return []
    # Names only settle ties: the roles read are those up to the last one tied with the
    # limit-th, not every role with figures (140 of them cost 1 ms a salary page).
    last = rank(ordered[min(limit, len(ordered)) - 1])
    ids = [pk for pk in ordered if rank(pk) <= last]
    contenders = [
        Role.from_db(alias, ROLE_FIELDS, row) for row in _roles_statement(alias).tuples(ids=ids)
    ]
    return sorted(contenders, key=lambda other: (*rank(other.pk), other.name))[:limit]


# Stand-in for the role in the statement of roles named with it (web/statements.py): no role
# has this id.
_ROLE = -2_718_283


@functools.cache
def _together_statement(alias: str) -> Statement:
    """How many articles name each other role with the role asked for: counted on the articles'
    links to roles alone, each (article, role) once (a role named in most articles made the join
    through the articles and its DISTINCT count 1.2-1.5 ms, this 0.6-1.0 ms). Compiled once and
    prepared, as the roles read beside it: every salary page asks both (2.1 -> 0.8 ms)."""
    links = Role.articles.through.objects
    rows = (
        links.filter(article_id__in=links.filter(role_id=_ROLE).values("article_id"))
        .exclude(role_id=_ROLE)
        .values("role_id")
        .annotate(n=Count("*"))
        .values_list("role_id", "n")
    )
    return Statement.compile(rows, alias=alias, stand_ins={"role": _ROLE})


@functools.cache
def _roles_statement(alias: str) -> Statement:
    roles = Role.objects.filter(OneOf("pk", IDS)).order_by().values_list(*ROLE_FIELDS)
    return Statement.compile(roles, alias=alias, stand_ins={"ids": IDS})
