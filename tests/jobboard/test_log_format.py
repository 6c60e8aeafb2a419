import json
import logging
import sys

from django.test import RequestFactory

from jobboard.log_format import JsonLineFormatter


def record(message, *, exc_info=None, **extra):
    entry = logging.LogRecord("django.request", logging.ERROR, __file__, 1, message, (), exc_info)
    entry.__dict__.update(extra)
    return entry


def test_a_request_error_is_one_json_line_with_status_method_path_and_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    request = RequestFactory().post("/jobs/?q=x")
    line = JsonLineFormatter().format(
        record("Internal Server Error: /jobs/", exc_info=exc_info, status_code=500, request=request)
    )
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["level"] == "ERROR"
    assert fields["logger"] == "django.request"
    assert fields["message"] == "Internal Server Error: /jobs/"
    assert (fields["status"], fields["method"], fields["path"]) == (500, "POST", "/jobs/")
    assert "RuntimeError: boom" in fields["exception"]
    assert fields["time"].endswith("+00:00")


def test_a_plain_record_has_only_the_basic_fields():
    fields = json.loads(JsonLineFormatter().format(record("hello «world»")))
    assert set(fields) == {"time", "level", "logger", "message"}
    assert fields["message"] == "hello «world»"
