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
