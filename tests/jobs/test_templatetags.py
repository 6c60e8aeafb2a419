import html as html_lib
import re

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from jobs.templatetags.job_format import full_stop, querystring_without


def test_querystring_without_drops_one_value_and_the_page():
    request = RequestFactory().get("/jobs/?employment_type=FT&employment_type=CT&page=3&q=x")
    result = querystring_without({"request": request}, "employment_type", "FT")
    assert QueryDict(result[1:]) == QueryDict("employment_type=CT&q=x")
    assert querystring_without({"request": RequestFactory().get("/?q=x")}, "q", "x") == "?"


def test_full_stop_ends_a_sentence_once():
    assert full_stop("Data Engineer at Acme: Full Time, Berlin") == (
        "Data Engineer at Acme: Full Time, Berlin."
    )
    assert full_stop("Full Time, Washington, D.C.") == "Full Time, Washington, D.C."
    assert full_stop("Full Time, Remote ") == "Full Time, Remote."
    assert full_stop("") == ""


@pytest.mark.django_db
def test_the_filter_form_keeps_the_search_as_asked(client):
    """{% job_filters %}: the words and place as typed (escaped, cut at the fields' lengths),
    the filters reached from links kept as hidden fields, and "Clear" only when something is
    asked."""
    blank = client.get("/jobs/").content.decode()
    assert 'action="/jobs/"' in blank and ">Clear</a>" not in blank
    html = client.get(
        "/jobs/", {"q": '"><script>' + "x" * 300, "tag": "sql", "location": "Köln"}
    ).content.decode()
    [shown] = re.findall(r'<input type="search" name="q" id="id_q" value="([^"]*)"', html)
    assert shown.startswith("&#34;&gt;&lt;script&gt;") and "<script>" not in html
    assert len(html_lib.unescape(shown)) == 200 and shown.endswith("…")
    assert 'id="id_location" value="Köln"' in html
    assert '<input type="hidden" name="tag" value="sql">' in html
    assert '<a href="/jobs/">Clear</a>' in html
