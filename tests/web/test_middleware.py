"""web/middleware.py: a NUL character anywhere in a request's values is a 400, on every page."""

import pytest

from alerts.models import Alert

pytestmark = pytest.mark.django_db

MESSAGE = b"This request holds a NUL character (%00), which no page of this site accepts."


@pytest.mark.parametrize(
    "url", ["/jobs/?q=%00", "/jobs/?%00=1", "/salaries/?q=a%00b", "/jobs/feed/rss/?location=%00"]
)
def test_a_nul_in_a_query_string_is_a_400_saying_so(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.content == MESSAGE
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_a_nul_in_a_form_is_a_400_and_nothing_is_written(client):
    response = client.post(
        "/alerts/", {"email": "a\x00@example.com", "query": "", "frequency": "daily"}
    )
    assert response.status_code == 400 and response.content == MESSAGE
    assert not Alert.objects.exists()


def test_ordinary_requests_pass(client):
    assert client.get("/jobs/?q=data").status_code == 200
