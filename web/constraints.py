from django.db import models
from django.db.models import Q


def one_of(
    table: str, field: str, choices: type[models.Choices], message: str, *, blank: bool = False
) -> models.CheckConstraint:
    """The database's own check, named "<table>_<field>_valid", that `field` holds one of the
    codes of `choices` (or, with blank, nothing): what a form's choice list allows, whoever
    writes the row."""
    codes = ["", *choices.values] if blank else choices.values
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": codes}),
        name=f"{table}_{field}_valid",
        violation_error_message=message,
    )
