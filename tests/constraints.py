"""How the tests check that the database itself refuses a row: by the rule that refuses it."""

import pytest
from django.db import IntegrityError, transaction


def refused_by_database(rule: str, create) -> None:
    """create() must fail on the database rule named `rule`: a constraint's name, or for a
    unique column, the column (SQLite names the column, PostgreSQL a generated index name)."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        create()
    assert rule in str(caught.value), f"refused by another rule: {caught.value}"
