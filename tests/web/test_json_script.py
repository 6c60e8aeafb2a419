import json
from datetime import UTC, datetime
from decimal import Decimal

from web.json_script import json_for_script


def test_nothing_in_the_text_can_end_or_bend_a_script_element():
    text = str(json_for_script({"title": "</script><!-- & -->"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"title": "</script><!-- & -->"}


def test_letters_stay_readable_and_dates_and_decimals_are_encoded():
    data = {"name": "Zürich", "at": datetime(2024, 1, 2, tzinfo=UTC), "pay": Decimal("1.50")}
    text = str(json_for_script(data))
    assert "Zürich" in text
    assert json.loads(text)["at"] == "2024-01-02T00:00:00Z"
    assert json.loads(text)["pay"] == "1.50"
