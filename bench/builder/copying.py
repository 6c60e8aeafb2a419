"""COPY into the app's tables: rows as PostgreSQL's COPY text, other columns at their defaults."""

import json

from salaries.importer import COPY_ESCAPES


class LinesFile:
    """A file-like object over an iterator of COPY lines, for copy_expert."""

    def __init__(self, lines):
        self.lines = iter(lines)
        self.buffer = ""

    def read(self, size=-1):
        size = 1 << 20 if size is None or size < 0 else size
        chunks, length = [self.buffer], len(self.buffer)
        for line in self.lines:
            chunks.append(line)
            length += len(line)
            if length >= size:
                break
        text = "".join(chunks)
        self.buffer = text[size:]
        return text[:size]

    readline = read


def copy_field(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(COPY_ESCAPES)
    return str(value)


def copy_defaults(table: str, columns: list[str]) -> str:
    """The COPY text for a table's other columns: each field's default, as the ORM would save.

    The schema moves while the board grows; a column this builder does not know yet gets what
    an unset field gets, and a column with no default stops the build with its name."""
    from django.apps import apps
    from django.db import connection, models

    models_by_table = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    model = models_by_table.get(table)
    if model is None:
        return ""
    values = []
    for field in model._meta.concrete_fields:
        if field.column in columns or isinstance(field, models.AutoField | models.BigAutoField):
            continue
        if isinstance(field, models.JSONField):
            value = json.dumps(field.get_default())
        elif field.has_default():
            value = field.get_db_prep_save(field.get_default(), connection)
        elif field.null:
            value = None
        elif isinstance(field, models.CharField | models.TextField):
            value = ""
        else:
            raise SystemExit(f"bench.builder: no value for {table}.{field.column}; teach build.py.")
        columns.append(field.column)
        values.append(copy_field(value))
    return "".join("\t" + value for value in values)


def copy_rows(table: str, columns: list[str], rows) -> None:
    """COPY rows (tuples of Python values) into table."""
    copy_lines(table, columns, ("\t".join(map(copy_field, row)) for row in rows))


def copy_lines(table: str, columns: list[str], lines) -> None:
    """COPY lines of COPY text (without their newline) into table, other columns defaulted."""
    from django.db import connection

    columns = list(columns)
    rest = copy_defaults(table, columns) + "\n"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN",
            LinesFile(line + rest for line in lines),
            size=1 << 20,
        )


def copy_salary_sources(sources, *, imported_at=None) -> None:
    """COPY salary sources, each (id, name, description, from_file); no checksum, counts at 0."""
    copy_rows(
        "salaries_salarysource",
        ["id", "name", "description", "from_file", "imported_at"],
        ((*source, imported_at) for source in sources),
    )
