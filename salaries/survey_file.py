"""The ai-jobs.net salary survey CSV, read into rows that the plausibility rules have judged.

A file that cannot be read as a whole raises ImportFileError and nothing is imported; a row that
cannot be used becomes a Problem, named by its line, and the others go ahead. Storing the rows is
salaries/importer.py's.
"""

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django_countries import countries

from salaries.choices import EmploymentType, ExperienceLevel, PayPeriod
from salaries.models import ExchangeRate, Role
from salaries.peers import peer_key
from salaries.validation import Assessment, Rules, SalaryRange, assess, parse_amount

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


@dataclass
class Survey:
    """A file's rows: those the rules let in, and a Problem for each refused one, in file order."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0


def read_survey(
    data: bytes, path, *, progress: Callable[[Iterable, int], Iterable] | None = None
) -> Survey:
    """The rows of a survey file's bytes, each judged with today's exchange rates (or the
    survey's own conversion, where it is close to them); `path` names the file in errors."""
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
    return _judged_rows(reader, progress or (lambda rows, total: rows), text.count("\n"))


def _judged_rows(reader: csv.DictReader, progress, total) -> Survey:
    rates = ExchangeRate.objects.latest_rates()
    rules = Rules.from_settings()
    this_year = timezone.now().year
    survey = Survey()
    try:
        for raw in progress(reader, total):
            _check_width(raw, reader.line_num, len(reader.fieldnames))
            survey.read += 1
            row_or_problem = _parse(raw, reader.line_num, rates, rules, this_year)
            if isinstance(row_or_problem, Problem):
                survey.problems.append(row_or_problem)
            else:
                survey.rows.append(row_or_problem)
    except csv.Error as error:
        raise ImportFileError(
            # line_num counts the lines read before the one that failed
            f"Line {reader.line_num + 1} cannot be read as CSV ({error}); nothing was imported."
        ) from error
    return survey


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
    amount = parse_amount(raw["salary"])
    if amount is None:
        return Problem(line, "bad_amount", f"“{raw['salary']}” is not an amount of money.")
    currency = (raw["salary_currency"] or "").strip().upper()
    units_per_usd = rates.get(currency)
    usd = parse_amount(raw["salary_in_usd"])
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
