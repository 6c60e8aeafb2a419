"""Statements of a fixed shape that pages run on every request, compiled by the ORM once per
process and database and, on PostgreSQL, prepared once per connection.

A search's page asks the same few statements each time with other ids (its cards' salary badges,
say): building the SQL again costs the ORM 0.3-0.5 ms, and planning it costs PostgreSQL as much
again or more (the salary badges' statement: 0.7 ms to plan and 0.5 ms to run at 100,000 jobs).
A prepared statement is planned once per connection (PostgreSQL keeps a generic plan when it is
no worse than the plans made for the values), so each request only runs it. Only where
connections last (CONN_MAX_AGE, DJANGO_CONN_MAX_AGE): with a connection per request a PREPARE would
be one more round trip each time, and a pooler that hands each transaction another server
connection (PgBouncer in transaction mode) wants CONN_MAX_AGE=0 anyway.

The values a call fills in are named by *stand-ins*: objects compiled into the query where those
values go, found again among the compiled parameters (by identity or, for a value the backend
adapts, such as a moment, by the adapted value).
"""

import hashlib
import json
import re
from dataclasses import dataclass

from django.db import NotSupportedError, connections
from django.db.models import BooleanField, Func

# A parameter's placeholder, or a literal percent sign, in SQL compiled for psycopg2.
PLACEHOLDER = re.compile(r"%s|%%")


@dataclass(frozen=True)
class Statement:
    """A query compiled for one database: its SQL, its parameters with the slots each call fills
    by name, and how Django would convert its columns."""

    alias: str
    sql: str
    params: tuple
    slots: dict[str, tuple[int, ...]]
    columns: tuple[str, ...]
    converters: tuple
    # The prepared statement's name on PostgreSQL: one per SQL text, so that two versions of a
    # statement (a setting compiled into it changed) never meet under one name.
    name: str

    @classmethod
    def compile(cls, queryset, *, alias: str, stand_ins: dict[str, object]) -> "Statement":
        """`queryset` (a values_list or values query) compiled for `alias`; `stand_ins` names each
        value a call gives, as the compiled parameters hold it."""
        query = queryset.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = {
            name: tuple(
                slot
                for slot, value in enumerate(params)
                if value is stand_in or (type(value) is type(stand_in) and value == stand_in)
            )
            for name, stand_in in stand_ins.items()
        }
        missing = [name for name, found in slots.items() if not found]
        if missing:
            raise ValueError(f"The compiled query holds no {', '.join(missing)}.")
        selected = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(selected)
        digest = hashlib.sha256(sql.encode()).hexdigest()[:16]
        return cls(
            alias=alias,
            sql=sql,
            params=tuple(params),
            slots=slots,
            columns=(*query.extra_select, *query.values_select, *query.annotation_select),
            converters=tuple(
                (position, tuple(convs), expression)
                for position, (convs, expression) in converters.items()
            ),
            name=f"jobboard_{digest}",
        )

    @property
    def connection(self):
        return connections[self.alias]

    def rows(self, **values) -> list[dict]:
        """The statement's rows for these values (one for each stand-in, as the backend takes
        them), each a dict by column, converted as the ORM would."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.tuples(**values)]

    def tuples(self, **values) -> list[list]:
        """The same rows as lists of the columns' values, in the query's order."""
        connection = self.connection
        params = list(self.params)
        for name, value in values.items():
            for slot in self.slots[name]:
                params[slot] = value
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and connection.settings_dict["CONN_MAX_AGE"]:
                self._prepare(connection, cursor)
                placeholders = f" ({', '.join(['%s'] * len(params))})" if params else ""
                cursor.execute(f"EXECUTE {self.name}{placeholders}", params)
            else:
                cursor.execute(self.sql, params)
            found = cursor.fetchall()
        if not self.converters:
            return found
        # As the compiler's apply_converters: SQLite returns timestamps as text, booleans as 0/1.
        rows = []
        for row in found:
            row = list(row)
            for position, converters, expression in self.converters:
                for convert in converters:
                    row[position] = convert(row[position], expression, connection)
            rows.append(row)
        return rows

    def _prepare(self, connection, cursor) -> None:
        """PREPARE the statement on this connection unless it was already. Kept per open
        connection: a new one (after CONN_MAX_AGE, an error) starts with none. A PREPARE is the
        connection's one-time set-up, not a statement of the page: it goes through the driver's
        own cursor, so that the statements a page is counted and logged with stay its own."""
        raw = connection.connection
        state = getattr(connection, "_jobboard_prepared", None)
        if state is None or state[0] is not raw:
            state = (raw, set())
            connection._jobboard_prepared = state
        if self.name in state[1]:
            return
        numbers = iter(range(1, len(self.params) + 1))
        positional = PLACEHOLDER.sub(
            lambda match: f"${next(numbers)}" if match.group() == "%s" else "%", self.sql
        )
        with connection.wrap_database_errors:
            cursor.cursor.execute(f"PREPARE {self.name} AS {positional}")
        state[1].add(self.name)


class OneOf(Func):
    """`column IN (ids)` with the ids as one parameter, whatever their number, so that one SQL
    text serves every page: an array on PostgreSQL, JSON text on SQLite (`parameter` gives a
    Statement's call the value as its database takes it)."""

    output_field = BooleanField()
    conditional = True
    arity = 1

    def __init__(self, column, ids, **extra):
        super().__init__(column, **extra)
        self.ids = ids

    @staticmethod
    def parameter(ids: list[int], connection):
        return ids if connection.vendor == "postgresql" else json.dumps(ids)

    def as_postgresql(self, compiler, connection, **extra_context):
        (column,) = self.get_source_expressions()
        sql, params = compiler.compile(column)
        # Cast: psycopg2 sends a list as ARRAY[...], whose type PostgreSQL must otherwise guess.
        array_type = column.output_field.cast_db_type(connection)
        return f"{sql} = ANY(%s::{array_type}[])", [*params, self.ids]

    def as_sqlite(self, compiler, connection, **extra_context):
        (column,) = self.get_source_expressions()
        sql, params = compiler.compile(column)
        # A list given to the ORM as JSON text; a statement's stand-in as it is (the call gives
        # the text, `parameter`).
        ids = json.dumps(self.ids) if isinstance(self.ids, list | tuple) else self.ids
        return f"{sql} IN (SELECT value FROM json_each(%s))", [*params, ids]

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"OneOf has no SQL for {connection.vendor}.")
