"""How the tests read one field of a form drawn by templates/includes/_filter_form.html."""

import re


def field_markup(html: str, name: str) -> str:
    """The markup of the field `name`: its label, widget, help and errors."""
    found = re.search(rf'<div class="field[^"]*">\s*<label for="id_{name}">.*?</div>', html, re.S)
    assert found, f"no field {name}"
    return found.group(0)


def assert_error_under_field(html: str, name: str, message: str) -> None:
    """The message sits under its own field, which is marked invalid and names it for readers."""
    field = field_markup(html, name)
    assert f'<p class="field-error" id="id_{name}_error">{message}' in field
    assert 'aria-invalid="true"' in field
    assert re.search(rf'aria-describedby="[^"]*id_{name}_error"', field)
