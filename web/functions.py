"""Database functions the apps share, said in each supported database's own words."""

from django.db import NotSupportedError
from django.db.models import FloatField, Func


class EpochSeconds(Func):
    """A timestamp as seconds since 1970, a float: cheap to read back in bulk, where a thousand
    rows of timestamps each become a datetime object (about a millisecond per thousand rows of
    three at 100,000 jobs, most of what reading them costs)."""

    arity = 1
    output_field = FloatField()

    @property
    def convert_value(self):
        # Both drivers hand back a float already: Django's converter for a float would be a
        # Python call per row (about 1.5 ms per thousand rows).
        return self._convert_value_noop

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float8"
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps Django's timestamps as UTC text; julianday() reads it (2440587.5: the
        # Julian day of 1970-01-01).
        return super().as_sql(
            compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        )

    def as_sql(self, compiler, connection, **extra_context):
        # As salaries.points.PointsBelow: only the project's two databases have words for it.
        raise NotSupportedError(f"EpochSeconds has no SQL for {connection.vendor}.")
