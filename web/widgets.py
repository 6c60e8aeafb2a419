"""Selects whose options are joined in Python rather than drawn by Django's widget templates,
which include a template per option and per attribute (README, Performance: the 250 countries).
The search's facets (jobs/views.py) and the salary, comparison, offer and article forms' selects
(QuickSelect) use the same join, from names escaped once per process.
"""

from functools import lru_cache

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe


@lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    """A value or label escaped once per process: the same role and country names come back on
    every page."""
    return escape(text)


def _text(text) -> str:
    """As the template engine prints a value: markup already safe as it is, the rest escaped."""
    return str(text) if hasattr(text, "__html__") else _escaped(str(text))


def options_html(options) -> str:
    """<option>s from (value, text, count or None, chosen): "Germany (12)" with a count."""
    return mark_safe(
        "".join(
            f'<option value="{_text(value)}"{" selected" if on else ""}>'
            f"{_text(text)}{f' ({n:d})' if n is not None else ''}</option>"
            for value, text, n, on in options
        )
    )


def attributes_html(attrs: dict) -> str:
    """As Django's django/forms/widgets/attrs.html: in their order, True as a bare name, False
    left out."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def flat_options(choices, chosen) -> list[tuple]:
    """(value, label, None, on) for options_html from a select's ungrouped choices and its chosen
    values as text: a value as text (None as ""), and, as ChoiceWidget.optgroups, only the first
    option that matches a chosen value on."""
    options, found = [], False
    for value, label in choices:
        value = "" if value is None else str(value)
        on = not found and value in chosen
        found = found or on
        options.append((value, label, None, on))
    return options


class QuickSelect(forms.Select):
    """forms.Select, the same markup but for whitespace, joined in Python. Grouped choices
    (never used by these forms) go through Django's templates."""

    def render(self, name, value, attrs=None, renderer=None):
        # Not list(): it asks a model field's choices for their length, a COUNT query.
        choices = [choice for choice in self.choices]
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        options = flat_options(choices, self.format_value(value))
        attrs = attributes_html(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{_text(name)}"{attrs}>{options_html(options)}</select>')
