"""Import of salary survey files in the ai-jobs.net CSV format.

Every row passes the same plausibility rules as a salary typed into the admin. Re-importing a source
replaces its rows in one transaction: readers see the old rows or the new, never a mix, and an
import that dies half-way leaves the old rows in place.
"""

import codecs
import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries

from salaries.cache import statistics_changed
from salaries.choices import EmploymentType, ExperienceLevel, PayPeriod
from salaries.models import ExchangeRate, Role, SalaryRecord, SalarySource, normalise_title
from salaries.validation import (
    Assessment,
    RoleSpread,
    Rules,
    SalaryRange,
    assess,
    outlier_finding,
    peer_key,
)

COLUMNS = [
    "work_year",
    "experience_level",
    "employment_type",
    "job_title",
    "salary",
    "salary_currency",
    "salary_in_usd",
    "employee_residence",
    "remote_ratio",
    "company_location",
    "company_size",
]
COUNTRY_CODES = frozenset(code for code, _name in countries)
# Choices' .values builds a new list on every call; an import asks millions of times.
LEVELS = frozenset(ExperienceLevel.values)
EMPLOYMENT_TYPES = frozenset(EmploymentType.values)
# "2021e": the survey marks estimated years with a trailing e.
YEAR = re.compile(r"^\s*(\d{4})\s*[eE]?\s*$")
# "120000", "120,000", "120000.50", "120K" (a K multiplies by a thousand).
AMOUNT = re.compile(r"^\s*(\d[\d,]*(?:\.\d+)?)\s*([kK])?\s*$")
# What the amount columns hold: 14 digits, 2 of them decimals.
MAX_AMOUNT = Decimal("999999999999.99")
# A survey's own conversion further than this from our table's rate is a slip, not history.
SURVEY_RATE_TOLERANCE = 3
TITLE_LENGTH = Role._meta.get_field("name").max_length


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass(frozen=True)
class Problem:
    line: int
    code: str
    message: str


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

    def refuse(self, line: int, code: str, message: str) -> None:
        self.refused[code] += 1
        self.problems.append(Problem(line, code, message))


@dataclass
class Row:
    line: int
    title: str
    experience_level: str
    employment_type: str
    country: str
    year: int
    amount: Decimal
    currency: str
    assessment: Assessment
    role: Role | None = None
    verdict: tuple | None = None  # (review state, reviewed_by id, reviewed_at) carried over

    def peer_key(self) -> tuple:
        return peer_key(
            role=self.role.pk, country=self.country, employment_type=self.employment_type
        )

    def verdict_key(self) -> tuple:
        return _verdict_key(
            self.line,
            self.role.pk,
            self.amount,
            self.currency,
            self.year,
            self.experience_level,
            self.employment_type,
            self.country,
        )


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
    if not data.strip():
        raise ImportFileError(f"{path} is empty; nothing was imported.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(
            f"{path} starts with a UTF-16 byte order mark: it is not UTF-8 text. Save it as UTF-8 "
            "and import it again; nothing was imported."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFileError(
            f"{path} is not UTF-8 text: line {line} holds a byte UTF-8 cannot read "
            f"({error.reason}). Save it as UTF-8 and import it again; nothing was imported."
        ) from error
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise ImportFileError(
            f"The header line of {path} cannot be read as CSV ({error}); nothing was imported."
        ) from error
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            f"{path} lacks the column(s) {', '.join(missing)}; expected the ai-jobs.net format: "
            f"{','.join(COLUMNS)}."
        )
    rows = _judged_rows(reader, report, progress or (lambda rows, total: rows), text.count("\n"))
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
        # A file source's records are referenced by nothing, so skip the ORM's collector (a third
        # of the import's time); a stray reference would still fail the commit, not dangle.
        source.records.all()._raw_delete(source._state.db)
        _assign_roles(rows, report)
        _flag_outliers(rows)
        for row in rows:
            row.verdict = verdicts.get(row.verdict_key())
        report.verdicts_kept = sum(1 for row in rows if row.verdict)
        _insert(rows, source, batch_size)
        statistics_changed()  # the raw delete and COPY send no signals
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


def _judged_rows(reader: csv.DictReader, report: ImportReport, progress, total) -> list[Row]:
    rates = ExchangeRate.objects.latest_rates()
    rules = Rules.from_settings()
    this_year = timezone.now().year
    rows = []
    try:
        for raw in progress(reader, total):
            _check_width(raw, reader.line_num, len(reader.fieldnames))
            report.read += 1
            row_or_problem = _parse(raw, reader.line_num, rates, rules, this_year)
            if isinstance(row_or_problem, Problem):
                report.refuse(row_or_problem.line, row_or_problem.code, row_or_problem.message)
            else:
                rows.append(row_or_problem)
    except csv.Error as error:
        raise ImportFileError(
            # line_num counts the lines read before the one that failed
            f"Line {reader.line_num + 1} cannot be read as CSV ({error}); nothing was imported."
        ) from error
    return rows


def _check_width(raw: dict, line: int, width: int) -> None:
    """A row with fields missing or left over means a file cut short or columns that slipped:
    none of its values can be trusted to be in their column, so the file is refused whole."""
    if None in raw.values():  # DictReader fills the missing fields with None
        present = sum(value is not None for value in raw.values())
        raise ImportFileError(
            f"Line {line} has {present:,} of the {width:,} columns (is the file cut short?); "
            "nothing was imported."
        )
    extra = raw.get(None)  # and gathers the left-over ones under None
    if extra is not None:
        raise ImportFileError(
            f"Line {line} has {width + len(extra):,} fields where the header has {width:,}; "
            "nothing was imported."
        )


def _parse(raw: dict, line: int, rates, rules: Rules, this_year: int) -> Row | Problem:
    title = " ".join((raw["job_title"] or "").split())
    if not title:
        return Problem(line, "missing_title", "The job title is empty.")
    if len(title) > TITLE_LENGTH:
        return Problem(
            line, "bad_title", f"The job title is longer than {TITLE_LENGTH} characters."
        )
    if not title.isprintable():
        return Problem(line, "bad_title", "The job title holds control characters.")
    year_match = YEAR.match(raw["work_year"] or "")
    year = int(year_match.group(1)) if year_match else None
    if year is None or not 1990 <= year <= this_year + 1:
        return Problem(line, "bad_year", f"“{raw['work_year']}” is not a year.")
    level = (raw["experience_level"] or "").strip().upper()
    if level not in LEVELS:
        return Problem(
            line,
            "bad_experience_level",
            f"“{raw['experience_level']}” is not an experience level (EN, MI, SE or EX).",
        )
    employment = (raw["employment_type"] or "").strip().upper()
    if employment not in EMPLOYMENT_TYPES:
        return Problem(
            line,
            "bad_employment_type",
            f"“{raw['employment_type']}” is not an employment type (FT, PT, CT, FL or IN).",
        )
    country = (raw["company_location"] or "").strip().upper()
    if country not in COUNTRY_CODES:
        return Problem(
            line, "bad_country", f"“{raw['company_location']}” is not an ISO 3166 country code."
        )
    amount = _amount(raw["salary"])
    if amount is None:
        return Problem(line, "bad_amount", f"“{raw['salary']}” is not an amount of money.")
    currency = (raw["salary_currency"] or "").strip().upper()
    units_per_usd = rates.get(currency)
    usd = _amount(raw["salary_in_usd"])
    if units_per_usd is not None and currency != "USD" and usd:
        # The survey converted at the rate of its own year, which beats today's table, unless
        # it is so far off that it must be a slip in one of the two figures.
        survey_rate = amount / usd
        if 1 / SURVEY_RATE_TOLERANCE <= survey_rate / units_per_usd <= SURVEY_RATE_TOLERANCE:
            units_per_usd = survey_rate
    assessment = assess(
        SalaryRange(amount, amount, currency, PayPeriod.YEAR),
        units_per_usd=units_per_usd,
        rules=rules,
    )
    if assessment.refused:
        finding = assessment.errors[0]
        return Problem(line, finding.code, finding.message)
    return Row(line, title, level, employment, country, year, amount, currency, assessment)


def _amount(text: str | None) -> Decimal | None:
    match = AMOUNT.match(text or "")
    if not match:
        return None
    try:
        value = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    value = value * 1000 if match.group(2) else value
    return value if value <= MAX_AMOUNT else None


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
        slug = slugify(row.title)[:140] or f"role-{hashlib.sha256(key.encode()).hexdigest()[:12]}"
        slug_of_title[key] = slug
        if slug not in by_slug:
            new_names.setdefault(slug, row.title)
    if new_names:
        Role.objects.bulk_create(Role(name=name, slug=slug) for slug, name in new_names.items())
        by_slug.update(Role.objects.in_bulk(list(new_names), field_name="slug"))
        report.roles_created = len(new_names)
    index.update({key: by_slug[slug] for key, slug in slug_of_title.items()})
    for row in rows:
        row.role = index[normalise_title(row.title)]


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
    """Judge each row against its peers' accepted points (validation.PEER_FIELDS), those already
    stored and this file's. A row states all of its peer fields, so its peers are exactly the
    points under its peer key: the salaries SalaryRecordQuerySet.peers() finds for one salary."""
    points = SalaryRecord.objects.accepted().points_by_peers()
    for row in rows:
        if not row.assessment.flags:
            points[row.peer_key()].append(row.assessment.annual_usd)
    spreads = {key: RoleSpread.of(values) for key, values in points.items()}
    rules = Rules.from_settings()
    for row in rows:
        finding = outlier_finding(row.assessment.annual_usd, spreads.get(row.peer_key()), rules)
        if finding:
            row.assessment.flags.append(finding)


# Columns written by _insert, in the order _values gives them.
INSERT_FIELDS = [
    "role",
    "source",
    "line",
    "experience_level",
    "employment_type",
    "country",
    "year",
    "currency",
    "amount_min",
    "amount_max",
    "period",
    "annual_usd_min",
    "annual_usd_max",
    "annual_usd",
    "review_state",
    "review_reasons",
    "review_note",
    "reviewed_by",
    "reviewed_at",
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
        row.currency,
        row.amount,
        row.amount,
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
