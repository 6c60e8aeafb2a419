"""A peer set's percent steps kept in ascending order in one column, and how many lie below an
amount.

A position is "pays more than k% of the set": k = floor(100 * below / d), `below` the set's points
strictly below the amount and d the set's size (one less when the amount is a point of the set:
salaries/position.py). That is how many of the set's 100 *percent steps* lie below the amount
(`percent_steps`), so salaries/figures.py stores each peer set's steps (SalaryFigures.steps, and
member_steps for d = n - 1), and salaries/position.py counts those below an amount with
`PointsBelow`, a binary search the database runs beside the row: a position is a lookup, never a
read of the records or of the points into Python.

The steps are 100 integers kept in the row, where the set's sorted points (up to 185,609 of
them) lay compressed out of line and were read again for each card (bench/HISTORY.md, fifteenth
round). PostgreSQL keeps the steps as integer[] and searches them with width_bucket(); SQLite,
for tests and the demo, keeps them as JSON text and counts them with json_each. The field and
the search keep their names (SortedPointsField, PointsBelow): the steps are points of the set,
in ascending order.
"""

import json

from django.db import NotSupportedError, models

PERCENTS = range(1, 101)


def percent_steps(points: list[int], divisor: int) -> list[int] | None:
    """The amounts an amount must exceed to pay more than 1%, 2%, ..., 100% of the set of these
    sorted `points`, counted against `divisor` (the set's size, or one less for one of its own
    points). More than k% means at least m = ceil(k * divisor / 100) points below, which an
    amount has when it is above the m-th smallest point; so the steps below an amount are
    floor(100 * below / divisor), exactly. None for a divisor under one (no share of nothing)."""
    if divisor < 1:
        return None
    return [points[-(-k * divisor // 100) - 1] for k in PERCENTS]


class SortedPointsField(models.Field):
    """A list of integers in ascending order (the writer sorts them: the search relies on it)."""

    description = "Integers in ascending order"

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if connection.vendor == "postgresql":
            # An array literal, '{1,2,3}': PostgreSQL reads it in one pass, where the ARRAY[1, 2,
            # 3] psycopg2 makes of a list is an expression per element (1.4 s, not 0.3 s, to
            # write the largest role's sets).
            return "{" + ",".join(map(str, value)) + "}"
        return json.dumps(list(value), separators=(",", ":"))

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)


class PointsBelow(models.Func):
    """How many of the sorted points (a peer set's percent steps) are strictly below amount (an
    integer)."""

    output_field = models.IntegerField()
    arity = 2

    def __init__(self, points, amount, **extra):
        super().__init__(points, amount, **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        # width_bucket(x, thresholds) is the number of thresholds <= x, by binary search over the
        # sorted array; for integers, those <= amount - 1 are those < amount.
        points, amount = self._compile_arguments(compiler, connection)
        return f"width_bucket(({amount[0]}) - 1, {points[0]})", [*amount[1], *points[1]]

    def as_sqlite(self, compiler, connection, **extra_context):
        points, amount = self._compile_arguments(compiler, connection)
        sql = f"(SELECT COUNT(*) FROM json_each({points[0]}) WHERE json_each.value < {amount[0]})"
        return sql, [*points[1], *amount[1]]

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"PointsBelow has no SQL for {connection.vendor}.")

    def _compile_arguments(self, compiler, connection):
        return [compiler.compile(argument) for argument in self.get_source_expressions()]
