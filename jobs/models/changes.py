"""Employers' edits of what is already public, waiting for a moderator's review."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from jobs.models.company import Company
from jobs.models.job import Job
from salaries.validation import amount_text
from web.fields import user_stamp


@dataclass(frozen=True)
class Difference:
    """One field of a change waiting for review: as it is on the board, and as proposed."""

    name: str
    label: str
    before: str
    after: str


class ProposedChange(models.Model):
    """An employer's edit of something already public (a job on the board, a company), kept here
    until a moderator approves it: the public object stays as it was meanwhile. `values` holds the
    edited fields only, as text (value_to_string), and names no field that would stay the same."""

    values = models.JSONField(default=dict, editable=False)
    submitted_by = user_stamp()
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return f"Change to {self.target} waiting for review"

    @property
    def target(self):
        raise NotImplementedError

    @staticmethod
    def as_text(obj, name: str):
        field = obj._meta.get_field(name)
        return None if field.value_from_object(obj) is None else field.value_to_string(obj)

    def propose(self, obj, names, *, tags: list[str] | None = None) -> None:
        """Add obj's values of `names` (and `tags`, when given) to the change, then drop those the
        live object has already."""
        values = {**self.values, **{name: self.as_text(obj, name) for name in names}}
        if tags is not None:
            values["tags"] = sorted(tags)
        live = self.target
        order = [field.name for field in live._meta.get_fields()]  # the form's order
        self.values = {
            name: values[name]
            for name in sorted(values, key=order.index)
            if values[name] != (self.live_tags() if name == "tags" else self.as_text(live, name))
        }

    def apply_to(self, obj):
        """Put the proposed values on obj (a copy of the live object, or the live one when the
        change is approved); tags, a relation, are the caller's to set (proposed_tags)."""
        for name, value in self.values.items():
            if name == "tags":
                continue
            field = obj._meta.get_field(name)
            setattr(obj, field.attname, None if value is None else field.to_python(value))
        return obj

    def live_tags(self) -> list[str]:
        return []

    def differences(self) -> list[Difference]:
        """What the moderator compares: each changed field, live and proposed, as text."""
        live = self.target
        proposed = self.apply_to(type(live).objects.get(pk=live.pk))
        rows = []
        for name in self.values:
            if name == "tags":
                before, after = ", ".join(self.live_tags()), ", ".join(self.values["tags"])
                rows.append(Difference(name, "Tags", before or "-", after or "-"))
                continue
            field = live._meta.get_field(name)
            label = capfirst(field.verbose_name)
            rows.append(Difference(name, label, shown(live, field), shown(proposed, field)))
        return rows


def shown(obj, field) -> str:
    """A field's value as a person reads it: a choice's label, a related object's name."""
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")() or "-"
    value = getattr(obj, field.name)
    if isinstance(value, Decimal):
        return amount_text(value)
    return "-" if value in (None, "") else str(value)


class JobChange(ProposedChange):
    """An employer's edit of a job on the board, waiting for a moderator (services.job_edit)."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="waiting_change")
    # The employer's tick for a proposed salary the rules flagged.
    salary_confirmed = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = "job change waiting for review"

    @property
    def target(self):
        return self.job

    def live_tags(self) -> list[str]:
        return sorted(self.job.tags.names())

    def proposed_tags(self) -> list[str] | None:
        return self.values.get("tags")


class CompanyChange(ProposedChange):
    """An employer's edit of their company, waiting for a moderator (services.company_edit)."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="waiting_change")

    class Meta:
        verbose_name = "company change waiting for review"

    @property
    def target(self):
        return self.company
