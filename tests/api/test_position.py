"""/api/v1/roles/<slug>/position/: the answer of /salaries/<slug>/position.json."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OFFER = {"amount": "9000", "currency": "USD", "period": "month", "country": "US"}


def test_the_api_gives_the_pages_answer(client, board):
    url = reverse("api:role_position", args=["data-engineer"])
    response = client.get(url, OFFER)
    assert response.status_code == 200
    page = client.get(reverse("salaries:position_json", args=["data-engineer"]), OFFER).json()
    assert response.json() == {**page, "reason": None}
    assert page["amount_usd_year"] == 108_000
    assert isinstance(page["percentile"], int)


def test_no_figure_says_why(client, board):
    data = client.get(reverse("api:role_position", args=["prompt-whisperer"]), OFFER).json()
    assert data["percentile"] is None
    assert data["reason"].startswith("Too few Prompt Whisperer salaries")


def test_the_rules_refusal_is_a_400_naming_the_parameter(client, board):
    url = reverse("api:role_position", args=["data-engineer"])
    response = client.get(url, {**OFFER, "amount": "113", "period": "year"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "amount": [
                {"message": "113 USD a year: did you mean 113,000?", "code": "below_minimum"}
            ]
        }
    }
    assert client.get(reverse("api:role_position", args=["nope"]), OFFER).status_code == 404


def test_the_schema_documents_it(client):
    schema = client.get("/api/schema/").json()
    operation = schema["paths"]["/api/v1/roles/{slug}/position/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"amount", "currency", "period", "country", "experience_level"} <= names
    assert set(operation["responses"]) >= {"200", "400", "404"}
