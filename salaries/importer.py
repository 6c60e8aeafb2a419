"""Import of salary survey files in the ai-jobs.net CSV format (read by salaries/survey_file.py).

Every row passes the same plausibility rules as a salary typed into the admin. Re-importing a source
replaces its rows in one transaction: readers see the old rows or the new, never a mix, and an
import that dies half-way leaves the old rows in place.
"""

import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from salaries import figures
from salaries.choices import PayPeriod
from salaries.models import Role, SalaryRecord, SalarySource, normalise_title, role_slug_text
from salaries.peers import points_by_peers
from salaries.survey_file import ImportFileError, Problem, Row, read_survey
from salaries.validation import RoleSpread, Rules, outlier_finding


@dataclass
class ImportReport:
    source: str
    read: int = 0
    imported: int = 0
    flagged_rows: int = 0
    flagged: Counter = field(default_factory=Counter)  # rule code -> rows it flagged
    refused: Counter = field(default_factory=Counter)  # reason code -> rows refused
    problems: list[Problem] = field(default_factory=list)  # every refused row, in file order
    roles_created: int = 0
    verdicts_kept: int = 0  # moderators' verdicts on unchanged rows, carried over a re-import
    unchanged: bool = False

    @property
    def refused_rows(self) -> int:
        return len(self.problems)


def import_salary_file(
    *,
    path: str | Path,
    source_name: str,
    description: str = "",
    skip_if_unchanged: bool = False,
    progress: Callable[[Iterable, int], Iterable] | None = None,
    batch_size: int = 2000,
) -> ImportReport:
    """Read, judge and store every row of a survey file as the whole content of one source."""
    data = Path(path).read_bytes()
    checksum = hashlib.sha256(data).hexdigest()
    report = ImportReport(source=source_name)
    if skip_if_unchanged and SalarySource.objects.filter(name=source_name, checksum=checksum):
        report.unchanged = True
        return report
    survey = read_survey(data, path, progress=progress)
    report.read, report.problems = survey.read, survey.problems
    report.refused.update(problem.code for problem in survey.problems)
    rows = survey.rows
    if not report.read:
        # Importing it would replace the source's rows with none.
        raise ImportFileError(f"{path} has a header but no rows; nothing was imported.")
    with transaction.atomic():
        source, _ = SalarySource.objects.select_for_update().get_or_create(name=source_name)
        if not source.from_file:
            raise ImportFileError(
                f"“{source_name}” is kept by the board itself; import under another source name."
            )
        verdicts = _verdicts(source)
        roles_before = set(source.records.values_list("role_id", flat=True).distinct())
        # A file source's records are referenced by nothing, so skip the ORM's collector (a third
        # of the import's time); a stray reference would still fail the commit, not dangle.
        source.records.all()._raw_delete(source._state.db)
        _assign_roles(rows, report)
        _flag_outliers(rows)
        for row in rows:
            row.verdict = verdicts.get(_row_verdict_key(row))
        report.verdicts_kept = sum(1 for row in rows if row.verdict)
        _insert(rows, source, batch_size)
        # The figures of every role the source had or has, in this transaction.
        figures.roles_changed(roles_before | {row.role.pk for row in rows})
        report.imported = len(rows)
        for row in rows:
            report.flagged.update(finding.code for finding in row.assessment.flags)
        report.flagged_rows = sum(1 for row in rows if row.assessment.flags)
        source.description = description or source.description
        source.checksum = checksum
        source.imported_at = timezone.now()
        source.rows_read = report.read
        source.rows_imported = report.imported
        source.rows_flagged = report.flagged_rows
        source.rows_refused = report.refused_rows
        source.save()
    return report


def _assign_roles(rows: list[Row], report: ImportReport) -> None:
    """Give each row the role its title names; titles no role knows become new roles."""
    roles = Role.objects.all()
    index = roles.title_index()
    by_slug = {role.slug: role for role in roles}  # the same query's results, cached
    slug_of_title, new_names = {}, {}
    for row in rows:
        key = normalise_title(row.title)
        if key in index or key in slug_of_title:
            continue
        # A title whose slug an existing role has ("BI-Data Analyst") is that role, spelt otherwise.
        # Titles slugify() empties ("データサイエンティスト") each get a slug of their own.
        slug = (
            slugify(role_slug_text(row.title))[:140]
            or f"role-{hashlib.sha256(key.encode()).hexdigest()[:12]}"
        )
        slug_of_title[key] = slug
        if slug not in by_slug:
            new_names.setdefault(slug, row.title)
    for slug, name in new_names.items():
        # Another import (or a moderator) may make the same role meanwhile: get_or_create reads
        # it again when the unique slug refuses this insert, where bulk_create died on the
        # IntegrityError and took the whole import with it.
        by_slug[slug], created = Role.objects.get_or_create(slug=slug, defaults={"name": name})
        report.roles_created += created
    index.update({key: by_slug[slug] for key, slug in slug_of_title.items()})
    for row in rows:
        row.role = index[normalise_title(row.title)]


def _row_verdict_key(row: Row) -> tuple:
    return _verdict_key(
        row.line,
        row.role.pk,
        row.amount,
        row.currency,
        row.year,
        row.experience_level,
        row.employment_type,
        row.country,
    )


def _verdict_key(line, role_id, amount, currency, year, level, employment, country) -> tuple:
    return (line, role_id, Decimal(amount), currency, year, level, employment, country)


def _verdicts(source: SalarySource) -> dict[tuple, tuple]:
    """Moderators' verdicts on the source's current rows, by the row's content and line."""
    ops = connections[source._state.db].ops
    reviewed = source.records.filter(reviewed_at__isnull=False).values_list(
        "line",
        "role_id",
        "amount_min",
        "currency",
        "year",
        "experience_level",
        "employment_type",
        "country",
        "review_state",
        "reviewed_by_id",
        "reviewed_at",
    )
    return {
        _verdict_key(*key): (state, by, ops.adapt_datetimefield_value(at))
        for *key, state, by, at in reviewed
    }


def _flag_outliers(rows: list[Row]) -> None:
    """Judge each row against its peers (salaries/peers.py): the accepted points stored, and
    this file's. A row states all of its peer fields, so its peers are the points under its key."""
    points = points_by_peers(SalaryRecord.objects)
    for row in rows:
        if not row.assessment.flags:
            points[row.peer_key()].append(row.assessment.annual_usd)
    spreads = {key: RoleSpread.of(values) for key, values in points.items()}
    rules = Rules.from_settings()
    for row in rows:
        finding = outlier_finding(row.assessment.annual_usd, spreads.get(row.peer_key()), rules)
        if finding:
            row.assessment.flags.append(finding)


# Columns written by _insert, in the order _values gives them: a record's own, then its salary.
INSERT_FIELDS = [
    *("role", "source", "line", "experience_level", "employment_type", "country", "year"),
    *SalaryRecord.salary.names.values(),
    "created_at",
]


def _insert(rows: list[Row], source: SalarySource, batch_size: int) -> None:
    """Write the rows as plain values: COPY on PostgreSQL, multi-row INSERTs elsewhere.

    bulk_create spends most of an import compiling each field of each row (and psycopg2 most of
    an INSERT adapting parameters); the rows have already passed every rule the fields hold, and
    the database still checks its constraints."""
    connection = connections[source._state.db]
    quote = connection.ops.quote_name
    table = quote(SalaryRecord._meta.db_table)
    columns = ", ".join(quote(SalaryRecord._meta.get_field(name).column) for name in INSERT_FIELDS)
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())
    values = (_values(row, source, created_at) for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = io.StringIO("".join(_copy_line(row) for row in values))
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", text)
            return
        placeholders = "(" + ", ".join(["%s"] * len(INSERT_FIELDS)) + ")"
        max_params = connection.features.max_query_params or batch_size * len(INSERT_FIELDS)
        per_statement = max(1, min(batch_size, max_params // len(INSERT_FIELDS)))
        values = list(values)
        for start in range(0, len(values), per_statement):
            batch = values[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(batch))}",
                [value for row in batch for value in row],
            )


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_line(values: tuple) -> str:
    """One line of PostgreSQL's COPY text format."""
    return "\t".join("\\N" if v is None else str(v).translate(COPY_ESCAPES) for v in values) + "\n"


def _values(row: Row, source: SalarySource, created_at) -> tuple:
    assessment = row.assessment
    state, reviewed_by, reviewed_at = row.verdict or (assessment.review_state.value, None, None)
    return (
        row.role.pk,
        source.pk,
        row.line,
        row.experience_level,
        row.employment_type,
        row.country,
        row.year,
        row.amount,
        row.amount,
        row.currency,
        PayPeriod.YEAR.value,
        assessment.annual_usd_min,
        assessment.annual_usd_max,
        assessment.annual_usd,
        state,
        assessment.reason_codes,
        assessment.review_note,
        reviewed_by,
        reviewed_at,
        created_at,
    )
