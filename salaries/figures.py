"""Salary figures from a table kept up to date by the writes that change them.

Every page that shows a percentile (the salary pages with any filters, the role list, job pages,
articles, the home page, the sitemap, the API) reads SalaryFigures: one row per role and
combination of DIMENSIONS, EVERY standing for "not narrowed". A role page with filters needs the
row of its filters and the rows one dimension finer, never the records themselves.

Who keeps it:
- every write of salary records calls `records_changed(cells)` in its own transaction with the
  cells of the records before and after the write (`cells_of`): jobs.services for a job's point,
  salaries.services for a moderator's verdict, the importer for a whole source (`roles_changed`);
- a point that lapses (a job's end, `valid_until`) changes figures with no write: each row keeps
  `changes_at`, the first such moment among its points, and readers recompute the rows that are
  due before they read (`_refresh_due`), so a lapsed point never counts;
- `manage.py rebuild_salary_figures` recomputes everything (after a raw SQL change, say).

Recomputing a cell reads the role's accepted records once (the (role, review_state) index) and
computes only the cells asked for: a write costs one role's records, never every record.
"""

import functools
from collections import defaultdict, namedtuple
from collections.abc import Iterable
from datetime import datetime
from itertools import product

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connections, router, transaction
from django.db.models import Min, Q
from django.dispatch import Signal
from django.utils import timezone

from salaries.models import EVERY, EVERY_YEAR, Role, SalaryFigures, SalaryRecord
from salaries.points import percent_steps
from salaries.stats import COLUMNS, FIGURES, SalaryInsight, Summary, percentiles
from web.statements import Statement

DIMENSIONS = COLUMNS[1:]  # experience_level, country, year, employment_type
CELL = ("country", "year")  # what a role's filter choices are made of (role_cells)
NOT_NARROWED = {name: EVERY_YEAR if name == "year" else EVERY for name in DIMENSIONS}

# (role id, experience level, country, year, employment type), EVERY where not narrowed.
Cell = tuple

# Sent with role_id after a role's figures were recomputed: pages that show them are stale
# (jobboard/invalidation.py listens; salaries knows nothing of pages).
figures_changed = Signal()


EVERY_VALUE = tuple(NOT_NARROWED[name] for name in DIMENSIONS)


def cells_for(role_id: int, values: tuple) -> list[Cell]:
    """The 16 cells a point of this role with these values of DIMENSIONS counts in: each
    dimension narrowed to the point's value or not narrowed."""
    choices = zip(EVERY_VALUE, values, strict=True)
    return [(role_id, *cell) for cell in product(*choices)]


def cells_of(record: SalaryRecord) -> list[Cell]:
    """The cells a record counts in (whatever its state: recomputing a cell reads the truth)."""
    if record.role_id is None:
        return []
    return cells_for(record.role_id, tuple(getattr(record, name) for name in DIMENSIONS))


@transaction.atomic
def records_changed(cells: Iterable[Cell]) -> None:
    """Recompute these cells, in the caller's transaction: call it after the write."""
    by_role = defaultdict(set)
    for role_id, *rest in cells:
        by_role[role_id].add((role_id, *rest))
    for role_id, role_cells in sorted(by_role.items()):
        _recompute(role_id, role_cells)


@transaction.atomic
def roles_changed(role_ids: Iterable[int]) -> None:
    """Recompute every cell of these roles: for a write of many records, an import."""
    for role_id in sorted(set(role_ids)):
        _recompute(role_id, None)


def rebuild() -> int:
    """Recompute the whole table; returns the rows written."""
    with transaction.atomic():
        SalaryFigures.objects.all().delete()
        for role_id in Role.objects.values_list("pk", flat=True):
            _recompute(role_id, None)
    return SalaryFigures.objects.count()


def _recompute(role_id: int, wanted: set[Cell] | None) -> None:
    """Recompute the wanted cells of one role (every cell with None) from its accepted records."""
    values, lapses = _points_by_combination(role_id)
    points = defaultdict(list)
    changes_at = {}
    for key, key_values in values.items():
        for cell in cells_for(role_id, key):
            if wanted is not None and cell not in wanted:
                continue
            points[cell].extend(key_values)
            if key in lapses and (cell not in changes_at or lapses[key] < changes_at[cell]):
                changes_at[cell] = lapses[key]
    rows = []
    for cell, cell_values in points.items():
        cell_values.sort()
        figures = percentiles(cell_values)
        n = len(cell_values)
        steps = (
            (percent_steps(cell_values, n), percent_steps(cell_values, n - 1))
            if is_peer_set(cell)
            else (None, None)
        )
        held = (n, *(figures[key] for key in FIGURES), changes_at.get(cell), *steps)
        rows.append((*cell, *held))
    existing = SalaryFigures.objects.filter(role_id=role_id).values_list(
        "pk", "role_id", *DIMENSIONS
    )
    gone = [
        pk
        for pk, *cell in existing
        if tuple(cell) not in points and (wanted is None or tuple(cell) in wanted)
    ]
    SalaryFigures.objects.filter(pk__in=gone).delete()
    _upsert(rows)
    figures_changed.send(sender=SalaryFigures, role_id=role_id)


def _points_by_combination(role_id: int) -> tuple[dict[tuple, list[int]], dict[tuple, datetime]]:
    """The role's accepted points grouped by their values of DIMENSIONS (far fewer groups than
    points), each group's values in ascending order, and the first moment a point of each group
    lapses. PostgreSQL groups them itself, an index-only scan of salaries_record_figures."""
    records = SalaryRecord.objects.accepted().filter(role_id=role_id).order_by()
    values, lapses = {}, {}
    if connections[records.db].vendor == "postgresql":
        groups = records.values_list(*DIMENSIONS).annotate(
            # No ORDER BY in the aggregate: the index gives each group's values in order already,
            # and percentiles() sorts them anyway (a linear pass over sorted data).
            points=ArrayAgg("annual_usd"),
            lapse=Min("valid_until"),
        )
        for *key, points, lapse in groups:
            values[tuple(key)] = points
            if lapse is not None:
                lapses[tuple(key)] = lapse
        return values, lapses
    for *key, usd, valid_until in records.order_by(*DIMENSIONS, "annual_usd").values_list(
        *DIMENSIONS, "annual_usd", "valid_until"
    ):
        key = tuple(key)
        values.setdefault(key, []).append(usd)
        if valid_until is not None and (key not in lapses or valid_until < lapses[key]):
            lapses[key] = valid_until
    return values, lapses


def is_peer_set(cell: Cell) -> bool:
    """Whether a position can be measured in this cell (salaries/position.py): one not narrowed by
    year or employment type keeps its percent steps for the binary search."""
    _, _, _, year, employment_type = cell
    return year == EVERY_YEAR and employment_type == EVERY


# The columns _upsert writes, in the order of its rows: the cell, then what it holds.
CELL_COLUMNS = ["role_id", *DIMENSIONS]
FIGURE_COLUMNS = ["n", *FIGURES, "changes_at", "steps", "member_steps"]


def _upsert(rows: list[tuple], batch_size: int = 1_000) -> None:
    """Insert or replace rows (CELL_COLUMNS + FIGURE_COLUMNS), as plain SQL: bulk_create spends
    seconds compiling a few thousand rows. Two writers recomputing the same cell at once both
    succeed (ON CONFLICT, on SQLite and PostgreSQL alike); the last one wins."""
    if not rows:
        return
    connection = connections[router.db_for_write(SalaryFigures)]
    quote = connection.ops.quote_name
    table = quote(SalaryFigures._meta.db_table)
    columns = ", ".join(quote(name) for name in CELL_COLUMNS + FIGURE_COLUMNS)
    conflict = ", ".join(quote(name) for name in CELL_COLUMNS)
    update = ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in FIGURE_COLUMNS)
    width = len(CELL_COLUMNS) + len(FIGURE_COLUMNS)
    placeholders = "(" + ", ".join(["%s"] * width) + ")"
    steps_field = SalaryFigures._meta.get_field("steps")
    limit = connection.features.max_query_params or batch_size * width
    per_statement = max(1, min(batch_size, limit // width))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            params = [
                connection.ops.adapt_datetimefield_value(value)
                if isinstance(value, datetime)
                else steps_field.get_db_prep_value(value, connection)
                if isinstance(value, list)
                else value
                for row in batch
                for value in row
            ]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(batch))} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {update}",
                params,
            )


# What the readers below use of a row: read as named tuples, not models (a salary page reads
# hundreds of rows, and the role list and every salary page's comparisons all the roles').
READ = ("role_id", "changes_at", *DIMENSIONS, "n", *FIGURES)
_Row = namedtuple("Row", READ)  # as values_list(named=True) reads them


def _read(rows) -> list[tuple]:
    """The rows of a queryset of SalaryFigures as named tuples of READ, none of them due
    (_fresh)."""
    return _fresh(lambda: list(rows.values_list(*READ, named=True)))


def _fresh(read) -> list[tuple]:
    """`read()`'s rows of SalaryFigures (each starting with role_id and changes_at), none of them
    due: when a point counted in one has lapsed, its role's due rows are recomputed first and the
    rows read again (rarely: once per lapsed point). `read` asks the router for its database each
    time (_reading): once the recomputation wrote, the request reads from the primary it wrote to
    (jobboard/db_router.py), not from a replica that may not have the rows yet."""
    found = read()
    now = timezone.now()
    due = {row[0] for row in found if row[1] is not None and row[1] <= now}
    if not due:
        return found
    refresh_due(due)
    return read()


def _reading() -> str:
    """The database a read of SalaryFigures goes to now."""
    return router.db_for_read(SalaryFigures)


def refresh_due(role_ids: Iterable[int]) -> None:
    """Recompute these roles' rows that count a point which has lapsed since."""
    cells = SalaryFigures.objects.filter(role_id__in=list(role_ids), changes_at__lte=timezone.now())
    records_changed(cells.values_list("role_id", *DIMENSIONS))


def _summary(row: tuple | None) -> Summary:
    if row is None:
        return Summary(n=0)
    return Summary.shown(row.n, {key: getattr(row, key) for key in FIGURES})


def _whole_role_rows():
    """Each role's row over all its points: no dimension narrowed."""
    return SalaryFigures.objects.filter(**NOT_NARROWED)


def role_summaries(role_ids: Iterable[int] | None = None) -> dict[int, Summary]:
    """Each role's Summary over all its accepted records, by role id (the roles with any), for
    every role or the ones named."""
    rows = _whole_role_rows()
    if role_ids is not None:
        rows = rows.filter(role_id__in=list(role_ids))
    return {row.role_id: _summary(row) for row in _read(rows)}


def role_points() -> dict[int, int]:
    """Each role's number of accepted points, by role id (the roles with any): the whole-role
    rows' n alone, for choosing among roles (salaries.compare), where building every role's
    Summary cost 2-3 ms a salary page."""
    rows = _fresh(lambda: _role_points_statement(_reading()).tuples())
    return {role_id: n for role_id, _changes_at, n in rows}


@functools.cache
def _role_points_statement(alias: str) -> Statement:
    """role_points()'s read, asked by every salary page: compiled once per database and prepared
    (web/statements.py), where the ORM built and compiled it each time (0.9 ms of a page)."""
    rows = _whole_role_rows().values_list("role_id", "changes_at", "n")
    return Statement.compile(rows, alias=alias, stand_ins={})


def common_roles(*, limit: int) -> list[tuple[Role, Summary]]:
    """The roles with the most data and enough of it, each with its Summary (the home page)."""
    summaries = role_summaries()
    enough = [role_id for role_id, summary in summaries.items() if summary.enough]
    roles = Role.objects.filter(pk__in=enough)
    ranked = sorted(
        ((role, summaries[role.pk]) for role in roles),
        key=lambda pair: (-pair[1].n, pair[0].name),
    )
    return ranked[:limit]


def role_cells(role: Role) -> set[tuple[str, int]]:
    """The (country, year) pairs among the role's accepted records: its filters' choices."""
    rows = _fresh(lambda: _cells_statement(_reading()).tuples(role=role.pk))
    return {(country, year) for _, _, country, year in rows}


# Stand-ins for the values a salary page's statements are asked with (web/statements.py), each
# call replacing them: they must differ from each other and from the values compiled into the
# statements (EVERY, EVERY_YEAR), which the compiled parameters would otherwise confuse them with.
_ROLE = -2_718_281
_CHOSEN = {
    "experience_level": "?level",
    "country": "?country",
    # In the column's range: for a value beyond it the ORM compiles no condition at all.
    "year": 32_109,
    "employment_type": "?type",
}


@functools.cache
def _cells_statement(alias: str) -> Statement:
    """role_cells()'s read, asked by every salary page: compiled once and prepared
    (web/statements.py)."""
    rows = (
        SalaryFigures.objects.filter(role_id=_ROLE, experience_level=EVERY, employment_type=EVERY)
        .exclude(country=EVERY)
        .exclude(year=EVERY_YEAR)
        .values_list("role_id", "changes_at", *CELL)
    )
    return Statement.compile(rows, alias=alias, stand_ins={"role": _ROLE})


def role_insight(role: Role, filters: dict) -> SalaryInsight:
    """SalaryInsight.of the role's accepted records narrowed by filters (the cleaned, non-empty
    values of some of DIMENSIONS), from the row of the filters and the rows one dimension finer."""
    chosen = {name: int(value) if name == "year" else value for name, value in filters.items()}
    free = [name for name in DIMENSIONS if name not in chosen]
    names = tuple(name for name in DIMENSIONS if name in chosen)
    rows = _fresh(
        lambda: [
            _Row._make(row)
            for row in _insight_statement(_reading(), names).tuples(role=role.pk, **chosen)
        ]
    )
    overall, groups = None, {name: {} for name in DIMENSIONS}
    for row in rows:
        narrowed = [name for name in free if getattr(row, name) != NOT_NARROWED[name]]
        if not narrowed:
            overall = row
        else:
            groups[narrowed[0]][getattr(row, narrowed[0])] = _summary(row)
    overall_summary = _summary(overall)
    for name, value in chosen.items():
        # A chosen dimension has one group: the chosen value, holding every point shown.
        groups[name] = {value: overall_summary} if overall_summary.n else {}
    return SalaryInsight.from_summaries(overall_summary, groups)


@functools.cache
def _insight_statement(alias: str, chosen: tuple[str, ...]) -> Statement:
    """role_insight()'s read for a role page with these DIMENSIONS chosen: the row of its filters
    and the rows one free dimension finer. One statement per set of chosen dimensions (16 at
    most), compiled once and prepared (web/statements.py): its OR of conditions cost the ORM
    0.6 ms to build on every salary page."""
    free = [name for name in DIMENSIONS if name not in chosen]
    wanted = Q(**{name: NOT_NARROWED[name] for name in free})
    for name in free:
        others = {other: NOT_NARROWED[other] for other in free if other != name}
        wanted |= Q(**others) & ~Q(**{name: NOT_NARROWED[name]})
    rows = SalaryFigures.objects.filter(
        wanted, role_id=_ROLE, **{name: _CHOSEN[name] for name in chosen}
    ).values_list(*READ)
    stand_ins = {"role": _ROLE, **{name: _CHOSEN[name] for name in chosen}}
    return Statement.compile(rows, alias=alias, stand_ins=stand_ins)
