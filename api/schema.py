"""What the OpenAPI schema says beyond what drf-spectacular reads from the views: the error
answers every endpoint may give, the caching headers, and the limits each filter enforces."""

from django_filters import ChoiceFilter, ModelChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from salaries.choices import ExperienceLevel, PayPeriod
from web.countries import country_names


class ErrorMessageSerializer(serializers.Serializer):
    message = serializers.CharField()
    code = serializers.CharField(help_text="Stable, for programs: e.g. invalid_choice, not_found.")


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=ErrorMessageSerializer(many=True),
        help_text="By query parameter, or `__all__` for an error that is not one parameter's.",
    )


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorsSerializer, description=description)


BAD_FILTER = error("A query parameter the API cannot use: each is named with why.")
NOT_FOUND = error("Nothing public has this slug.")
NO_PAGE = error("No page of this list starts at this `cursor`.")
THROTTLED = error(
    "Too many requests from this address: wait the seconds `Retry-After` gives. The rate is in "
    "the API's description."
)
NOT_MODIFIED = OpenApiResponse(
    description="Not modified: `If-None-Match` names the current `ETag`; no body."
)

CACHING_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="The `ETag` of an earlier answer: 304 and no body while it is still current.",
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="Names this body; send it back as `If-None-Match`.",
    ),
    OpenApiParameter(
        "Retry-After",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[429],
        description="Seconds to wait before the next request.",
    ),
]


def documented(
    *, summary: str, description: str, ok, errors: dict[int, OpenApiResponse], parameters=()
):
    """extend_schema for one endpoint: its 200 answer, its own errors, and what every endpoint
    may answer (304 to a current ETag, 429 when throttled)."""
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[*parameters, *CACHING_HEADERS],
        responses={200: ok, 304: NOT_MODIFIED, **errors, 429: THROTTLED},
    )


NO_NULL_CHARACTER = r"^[^\x00]*$"


def _query(name, schema, description, *, required=False) -> OpenApiParameter:
    return OpenApiParameter(
        name, schema, OpenApiParameter.QUERY, required=required, description=description
    )


# salaries.position.PositionForm, parameter by parameter.
POSITION_PARAMETERS = [
    _query(
        "amount",
        {"type": "number", "minimum": 0.01, "maximum": 10**12},
        "The amount as the offer states it, in `currency` per `period`.",
        required=True,
    ),
    _query(
        "currency",
        {"type": "string", "pattern": "^([A-Za-z]{3})?$"},
        "A three-letter ISO 4217 code (USD if left out); one without an exchange rate answers 400.",
    ),
    _query(
        "period",
        {"type": "string", "enum": ["", *(code for code, _label in PayPeriod.choices)]},
        "The pay period the amount is for (year if left out).",
    ),
    _query(
        "country",
        {"type": "string", "enum": ["", *country_names()]},
        "ISO 3166-1 alpha-2: compare within this country while it has enough salaries.",
    ),
    _query(
        "experience_level",
        {"type": "string", "enum": ["", *(code for code, _label in ExperienceLevel.choices)]},
        "Compare within this level while it has enough salaries.",
    ),
]


class FilterSetLimits(DjangoFilterExtension):
    """django-filter's parameters as drf-spectacular describes them, plus the limits the filters
    enforce (lengths, ranges): the schema allows exactly what the FilterSet accepts."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        limits = {
            "max_length": "maxLength",
            "min_value": "minimum",
            "max_value": "maximum",
        }
        choices = filter_field.extra.get("choices")
        for parameter in parameters:
            schema = parameter["schema"]
            target = schema["items"] if schema.get("type") == "array" else schema
            for option, keyword in limits.items():
                if filter_field.extra.get(option) is not None:
                    target[keyword] = filter_field.extra[option]
            if callable(choices) and "enum" not in target:
                # Choices given as a callable (the countries), which drf-spectacular takes for a
                # query: their values are the enum.
                target["enum"] = [value for value, _label in choices()]
            if target.get("type") == "string" and "enum" not in target:
                target["pattern"] = NO_NULL_CHARACTER  # Django's form fields refuse it
            if isinstance(filter_field, ChoiceFilter) and "" not in target.get("enum", [""]):
                target["enum"].append("")  # a single choice left empty filters nothing, as a form
            if isinstance(filter_field, ModelChoiceFilter):
                # A queryset, or a callable (the choices of the request) on the same relation.
                related = getattr(filter_field.extra["queryset"], "model", None) or (
                    filterset_class._meta.model._meta.get_field(
                        filter_field.field_name
                    ).related_model
                )
                key = filter_field.extra.get("to_field_name") or "pk"
                label = filter_field.label or related._meta.verbose_name.capitalize()
                parameter["description"] = f"{label}: a {related._meta.verbose_name}'s {key}."
        return parameters


class FilteredDetailSchema(AutoSchema):
    """One answer whose figures a FilterSet narrows (a role's salaries): drf-spectacular lists a
    view's filters for lists only, by default."""

    def get_filter_backends(self):
        return getattr(self.view, "filter_backends", [])
