"""Every API error as {"errors": {name: [{"message": ..., "code": ...}]}}: the shape
/salaries/<role>.json answers a bad filter with (a Django form's errors as JSON), keyed by the
query parameter at fault, or "__all__" when the error is not one parameter's."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This job has ended."
    default_code = "gone"


def _messages(detail) -> list[dict]:
    items = detail if isinstance(detail, list) else [detail]
    return [{"message": str(item), "code": getattr(item, "code", "invalid")} for item in items]


def errors_of(detail) -> dict:
    if isinstance(detail, dict):
        return {name: _messages(value) for name, value in detail.items()}
    return {NON_FIELD_ERRORS: _messages(detail)}


def filter_errors(form_errors) -> exceptions.ValidationError:
    """A FilterSet's errors as the API's 400, each message with the form's own code."""
    return exceptions.ValidationError(
        {
            name: [exceptions.ErrorDetail(error["message"], error["code"]) for error in errors]
            for name, errors in form_errors.get_json_data().items()
        }
    )


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    # DRF sets the status and the headers that go with it (Retry-After, Allow).
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = {"errors": errors_of(exc.detail)}
    return response
