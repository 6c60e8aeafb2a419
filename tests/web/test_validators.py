"""web/validators.py: control characters refused on input."""

import pytest
from django.core.exceptions import ValidationError

from web.validators import no_control_characters, no_control_characters_but_line_breaks


@pytest.mark.parametrize(
    "text", ["Allora\x0bLabs", "nul\x00", "bell\x07", "del\x7f", "c1\x85", "a\tb"]
)
def test_one_line_text_refuses_control_characters(text):
    with pytest.raises(ValidationError) as refused:
        no_control_characters(text)
    assert refused.value.code == "control_character"


def test_the_message_names_the_character_and_where_it_is():
    with pytest.raises(ValidationError) as refused:
        no_control_characters("Allora\x0bLabs")
    assert refused.value.messages == [
        "Remove the invisible control character U+000B at position 7; it was probably pasted "
        "along with the text."
    ]


@pytest.mark.parametrize("text", ["", "Allora Labs", "Über uns — naïve café", "数据工程师 🚀"])
def test_ordinary_text_passes(text):
    no_control_characters(text)
    no_control_characters_but_line_breaks(text)


def test_text_areas_keep_tabs_and_line_breaks_only():
    no_control_characters_but_line_breaks("one\ttwo\r\nthree\n")
    for character in "\x00\x08\x0b\x0c\x1b\x7f\x9f":
        with pytest.raises(ValidationError):
            no_control_characters_but_line_breaks(f"a{character}b")
