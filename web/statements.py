"""Statements of a fixed shape that pages run on every request, compiled by the ORM once per
process and database and, on PostgreSQL, prepared once per connection.

A search's page asks the same few statements each time with other ids (its cards' salary badges,
say): building the SQL again costs the ORM 0.3-0.5 ms, and planning it costs PostgreSQL as much
again or more (the salary badges' statement: 0.7 ms to plan and 0.5 ms to run at 100,000 jobs).
A prepared statement is parsed once per connection and, after its first five runs, planned once
when PostgreSQL finds a generic plan no dearer than those made for the values (the search's
statements here: their ids are one array parameter), so each request only runs it.

Prepared only where it pays and is safe: on PostgreSQL, with connections that last
(CONN_MAX_AGE: with a connection per request a PREPARE would be one more round trip each time),
unless settings.DB_PREPARED_STATEMENTS is off (DJANGO_DB_PREPARED_STATEMENTS=0): a pooler that
hands a client's statements to another server session (PgBouncer in transaction mode) loses
statements prepared in SQL. A prepared statement that the server no longer has, or whose plan
can no longer give the same columns (a migration changed one), is prepared again.

The values a call fills in are named by *stand-ins*: objects compiled into the query where those
values go, found again among the compiled parameters by identity (IDS, or any object) or, for
a moment, by its value as the backend adapts it. A call gives each one: a list of ids for IDS, a
datetime for a moment, any other value as the database takes it. On PostgreSQL a prepared
statement's parameters take the types their places in the SQL give them (a bare parameter in the
select list is text), where a plain run sends each value with its own: keep parameters where a
column or a cast gives them a type.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import DatabaseError, NotSupportedError, connections
from django.db.models import BooleanField, Func

# A parameter's placeholder, or a literal percent sign, in SQL compiled for psycopg2.
PLACEHOLDER = re.compile(r"%s|%%")
# The stand-in for a list of ids given to OneOf.
IDS = object()
# The stand-in for the moment of each call (a statement over what is on the board now): a date
# no row, figure or clock holds.
NOW = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
# What PostgreSQL answers when a prepared statement is gone (invalid_sql_statement_name), or when
# its cached plan can no longer give the same columns (feature_not_supported: "cached plan must
# not change result type", after a migration changed a column's type).
STALE = {"26000", "0A000"}


@dataclass(frozen=True)
class Statement:
    """A query compiled for one database: its SQL, its parameters with the slots each call fills
    by name, and how Django would convert its columns."""

    alias: str
    sql: str
    params: tuple
    slots: dict[str, tuple[int, ...]]
    # How each call's value of a stand-in becomes a parameter: "ids", "moment" or "value".
    kinds: dict[str, str]
    columns: tuple[str, ...]
    converters: tuple
    # The prepared statement's name on PostgreSQL: one per SQL text, so that two versions of a
    # statement (a setting compiled into it changed) never meet under one name.
    name: str

    @classmethod
    def compile(cls, queryset, *, alias: str, stand_ins: dict[str, object]) -> "Statement":
        """`queryset` (a values_list or values query) compiled for `alias`; `stand_ins` names each
        value a call gives, as it was given to the query (IDS to OneOf, a datetime, an object)."""
        query = queryset.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        ops = connections[alias].ops
        kinds, slots = {}, {}
        for name, stand_in in stand_ins.items():
            kinds[name] = "ids" if stand_in is IDS else "value"
            if isinstance(stand_in, datetime):
                kinds[name] = "moment"
                stand_in = ops.adapt_datetimefield_value(stand_in)
            slots[name] = tuple(
                slot
                for slot, value in enumerate(params)
                if value is stand_in or (type(value) is type(stand_in) and value == stand_in)
            )
        missing = [name for name, found in slots.items() if not found]
        if missing:
            raise ValueError(f"The compiled query holds no {', '.join(missing)}.")
        selected = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(selected)
        digest = hashlib.sha256(sql.encode()).hexdigest()[:16]
        # The columns' names in the order they are selected, as Django's values() reads them.
        columns = (
            tuple(query.selected)
            if query.selected
            else (*query.extra_select, *query.values_select, *query.annotation_select)
        )
        return cls(
            alias=alias,
            sql=sql,
            params=tuple(params),
            slots=slots,
            kinds=kinds,
            columns=columns,
            converters=tuple(
                (position, tuple(convs), expression)
                for position, (convs, expression) in converters.items()
            ),
            name=f"jobboard_{digest}",
        )

    def rows(self, **values) -> list[dict]:
        """The statement's rows for these values (one for each stand-in), each a dict by column,
        converted as the ORM would."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.tuples(**values)]

    def tuples(self, **values) -> list:
        """The same rows as sequences of the columns' values, in the query's order."""
        if values.keys() != self.slots.keys():
            raise TypeError(f"Give {', '.join(sorted(self.slots)) or 'no values'}, no other.")
        connection = connections[self.alias]
        params = list(self.params)
        for name, value in values.items():
            if self.kinds[name] == "ids":
                value = OneOf.parameter(list(value), connection)
            elif self.kinds[name] == "moment":
                value = connection.ops.adapt_datetimefield_value(value)
            for slot in self.slots[name]:
                params[slot] = value
        with connection.cursor() as cursor:
            if self._prepares(connection):
                self._execute(connection, cursor, params)
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

    @staticmethod
    def _prepares(connection) -> bool:
        return (
            connection.vendor == "postgresql"
            and bool(connection.settings_dict["CONN_MAX_AGE"])
            and settings.DB_PREPARED_STATEMENTS
        )

    def _execute(self, connection, cursor, params) -> None:
        """EXECUTE, preparing first where this connection has not. If the server no longer has
        the statement, or its plan cannot give the same columns, the connection's statements are
        forgotten and deallocated, and prepared again: at once, outside a transaction (the call
        runs again); inside one, which the error has broken, by the next call."""
        placeholders = f" ({', '.join(['%s'] * len(params))})" if params else ""
        for attempt in (1, 2):
            self._prepare(connection, cursor)
            try:
                cursor.execute(f"EXECUTE {self.name}{placeholders}", params)
                return
            except DatabaseError as error:
                if getattr(error.__cause__, "pgcode", None) not in STALE:
                    raise
                _prepared(connection).stale = True
                if attempt == 2 or connection.in_atomic_block:
                    raise

    def _prepare(self, connection, cursor) -> None:
        """PREPARE the statement on this connection unless it was already. Kept per open
        connection: a new one (after CONN_MAX_AGE, a lost connection) starts with none. A
        PREPARE is the connection's one-time set-up, not a statement of the page: it goes through
        the driver's own cursor, so that a page's statements are counted as before (in Django's
        log and CaptureQueriesContext they read `EXECUTE jobboard_<hash> (...)`)."""
        state = _prepared(connection)
        with connection.wrap_database_errors:
            if state.stale:
                cursor.cursor.execute("DEALLOCATE ALL")
                state.names.clear()
                state.stale = False
            if self.name in state.names:
                return
            numbers = iter(range(1, len(self.params) + 1))
            positional = PLACEHOLDER.sub(
                lambda match: f"${next(numbers)}" if match.group() == "%s" else "%", self.sql
            )
            cursor.cursor.execute(f"PREPARE {self.name} AS {positional}")
        state.names.add(self.name)


class _Prepared:
    """What one open connection has prepared: the names, and whether they must be dropped first
    (the server answered that one of them is gone or stale)."""

    def __init__(self, raw):
        self.raw = raw
        self.names: set[str] = set()
        self.stale = False


def _prepared(connection) -> _Prepared:
    state = getattr(connection, "_jobboard_prepared", None)
    if state is None or state.raw is not connection.connection:
        state = connection._jobboard_prepared = _Prepared(connection.connection)
    return state


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
        ids = list(ids)  # psycopg2 sends a tuple as a row, not an array
        return ids if connection.vendor == "postgresql" else json.dumps(ids)

    def _ids(self, connection):
        """The ids as the database takes them; a Statement's stand-in (IDS) as it is, where each
        call gives its own (Statement.tuples)."""
        return self.ids if self.ids is IDS else self.parameter(self.ids, connection)

    def as_postgresql(self, compiler, connection, **extra_context):
        (column,) = self.get_source_expressions()
        sql, params = compiler.compile(column)
        # Cast: psycopg2 sends a list as ARRAY[...], whose type PostgreSQL must otherwise guess.
        array_type = column.output_field.cast_db_type(connection)
        return f"{sql} = ANY(%s::{array_type}[])", [*params, self._ids(connection)]

    def as_sqlite(self, compiler, connection, **extra_context):
        (column,) = self.get_source_expressions()
        sql, params = compiler.compile(column)
        return f"{sql} IN (SELECT value FROM json_each(%s))", [*params, self._ids(connection)]

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"OneOf has no SQL for {connection.vendor}.")
