"""What every text a person or an import types must be free of, whichever way it arrives: the
admin, a service, the importer (all call full_clean, which runs a model field's validators)."""

import re

from django.core.exceptions import ValidationError

# C0 and C1 control characters and DEL: invisible, and XML 1.0 (every feed) cannot hold most of
# them, so one "Allora\x0bLabs" broke every feed listing its jobs.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Text areas keep their tabs and line breaks.
CONTROL_CHARACTERS_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _refuse(pattern: re.Pattern, value) -> None:
    found = pattern.search(value) if isinstance(value, str) else None
    if found:
        raise ValidationError(
            "Remove the invisible control character U+%(code)04X at position %(position)d; "
            "it was probably pasted along with the text.",
            code="control_character",
            params={"code": ord(found.group()), "position": found.start() + 1},
        )


def no_control_characters(value) -> None:
    """For one-line text: names, titles, places, addresses."""
    _refuse(CONTROL_CHARACTERS, value)


def no_control_characters_but_line_breaks(value) -> None:
    """For text areas: tabs and line breaks stay, every other control character is refused."""
    _refuse(CONTROL_CHARACTERS_BUT_LINE_BREAKS, value)
