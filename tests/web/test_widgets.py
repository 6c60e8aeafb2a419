import re

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from salaries.models import Role
from tests.factories import RoleFactory
from web.widgets import QuickSelect, attributes_html, options_html


def squeezed(html: str) -> str:
    """Markup without the whitespace Django's widget templates put between tags."""
    return re.sub(r">\s+<", "><", str(html)).strip()


def both(field_kwargs: dict, data: dict | None, name: str = "pick") -> tuple[str, str]:
    """The field drawn by Django's Select and by QuickSelect, in a form bound to data."""

    def drawn(widget):
        field_class = field_kwargs.pop("field_class", forms.ChoiceField)
        form_class = type("F", (forms.Form,), {name: field_class(widget=widget, **field_kwargs)})
        field_kwargs["field_class"] = field_class
        form = form_class(data)
        if data is not None:
            form.is_valid()
        return squeezed(form[name])

    return drawn(forms.Select), drawn(QuickSelect)


CHOICES = [("", "Any"), ("DE", "Germany"), ("FR", "France & <Outre-mer>"), ('x"y', "Quote")]


@pytest.mark.parametrize(
    "data",
    [
        None,  # unbound
        {},  # bound, nothing chosen
        {"pick": "DE"},
        {"pick": 'x"y'},
        {"pick": "nowhere"},  # refused: aria-invalid, described by its error
    ],
)
@pytest.mark.parametrize("required", [True, False])
def test_quick_select_draws_what_django_draws(data, required):
    django_markup, quick = both(
        {"choices": CHOICES, "required": required, "help_text": "Where"}, data
    )
    assert quick == django_markup
    assert "&lt;Outre-mer&gt;" in quick and 'value="x&quot;y"' in quick


def test_one_option_is_chosen_even_when_two_values_read_alike():
    choices = [(1, "one"), ("1", "one again"), (2, "two")]
    django_markup, quick = both({"choices": choices, "required": False}, {"pick": "1"})
    assert quick == django_markup
    assert quick.count(" selected") == 1


def test_typed_values_lazy_labels_and_no_value_draw_alike():
    choices = [(None, gettext_lazy("Any year")), (2024, "2024"), (2023, gettext_lazy("2023"))]
    django_markup, quick = both(
        {"choices": choices, "required": False, "field_class": forms.TypedChoiceField},
        {"pick": "2024"},
    )
    assert quick == django_markup
    assert '<option value="">Any year</option>' in quick


def test_safe_labels_print_as_they_are_like_djangos():
    choices = [("a", mark_safe("<b>bold</b>")), ("b", "<b>escaped</b>")]
    django_markup, quick = both({"choices": choices, "required": False}, {"pick": "a"})
    assert quick == django_markup
    assert "<b>bold</b>" in quick and "&lt;b&gt;escaped&lt;/b&gt;" in quick


def test_extra_attributes_are_escaped_like_djangos():
    attrs = {'data-x"y': "1", "title": 'say "hi" & <go>'}
    field = forms.ChoiceField(choices=CHOICES, required=False)
    drawn = [
        squeezed(widget(attrs=attrs, choices=field.choices).render("pick", "DE"))
        for widget in (forms.Select, QuickSelect)
    ]
    assert drawn[0] == drawn[1]
    assert (
        'data-x&quot;y="1"' in drawn[1]
        and 'title="say &quot;hi&quot; &amp; &lt;go&gt;"' in drawn[1]
    )


def test_grouped_choices_go_through_djangos_templates():
    groups = [("", "Any"), ("Europe", [("DE", "Germany"), ("FR", "France")])]
    django_markup, quick = both({"choices": groups, "required": False}, {"pick": "FR"})
    assert quick == django_markup
    assert "<optgroup" in quick


@pytest.mark.django_db
def test_model_choices_draw_alike():
    RoleFactory(name="Data Engineer")
    RoleFactory(name="Analyst & Co")
    django_markup, quick = both(
        {
            "queryset": Role.objects.order_by("name"),
            "to_field_name": "slug",
            "required": False,
            "field_class": forms.ModelChoiceField,
        },
        {"pick": "data-engineer"},
    )
    assert quick == django_markup
    assert '<option value="data-engineer" selected>Data Engineer</option>' in quick


def test_a_selects_options_are_escaped_marked_and_counted():
    html = options_html(
        [("r-and-d", "R&D <Lead>", 3, True), ('x"y', "Plain", None, False), ("z", "Zero", 0, False)]
    )
    assert html == (
        '<option value="r-and-d" selected>R&amp;D &lt;Lead&gt; (3)</option>'
        '<option value="x&quot;y">Plain</option>'
        '<option value="z">Zero (0)</option>'
    )


def test_attributes_as_django_writes_them():
    attrs = {"id": "id_x", "required": True, "disabled": False, "aria-describedby": 'a"b'}
    assert attributes_html(attrs) == ' id="id_x" required aria-describedby="a&quot;b"'
