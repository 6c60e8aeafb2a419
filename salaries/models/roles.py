"""Roles: the job titles salaries and jobs are grouped by, with their aliases and slugs."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils.text import slugify

from web.slugs import fill_slug
from web.subqueries import count_of
from web.validators import no_control_characters, no_control_characters_but_line_breaks

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
        # SalaryRecord through its relation: salaries/models/records.py imports this module.
        records = self.model._meta.get_field("salary_records").related_model
        accepted = count_of(records.objects.accepted(), per="role")
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
