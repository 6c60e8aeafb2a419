"""A peer set's points kept in ascending order in one column, and how many lie below an amount.

salaries/figures.py stores the sorted yearly USD points of every cell a position can be measured in
(SalaryFigures.points); salaries/position.py counts the points below an amount with `PointsBelow`,
a binary search the database runs beside the row: a position is a lookup, never a read of the
records or of the points into Python.

PostgreSQL keeps the points as integer[] (176,515 points of the largest role at 1,000,000 records:
41 KB compressed) and searches them with width_bucket(); SQLite, for tests and the demo, keeps
them as JSON text and counts them with json_each.
"""

import json

from django.db import NotSupportedError, models


class SortedPointsField(models.Field):
    """A list of integers in ascending order (the writer sorts them: the search relies on it)."""

    description = "Integers in ascending order"

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if connection.vendor == "postgresql":
            return list(value)
        return json.dumps(list(value), separators=(",", ":"))

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)


class PointsBelow(models.Func):
    """How many of the sorted points are strictly below amount (an integer)."""

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
