"""Broken files through `manage.py import_salaries`: each ends with a clear CommandError and leaves
the database exactly as it was, the rows of the source it would have replaced included."""

import codecs
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from salaries.importer import import_salary_file
from salaries.models import Role, SalaryRecord, SalarySource
from salaries.survey_file import COLUMNS, ImportFileError

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
ROW = "2023,SE,FT,Data Engineer,120000,USD,120000,US,100,US,M"
TEN_MB = 10 * 1024 * 1024


def lines(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


BROKEN_FILES = {
    "wrong columns": (
        lines("title,pay", "Data Engineer,100000"),
        r"lacks the column\(s\) work_year, experience_level, .*; expected the ai-jobs\.net format",
    ),
    "one column renamed": (
        lines(HEADER.replace("salary_in_usd", "salary_usd"), ROW),
        r"lacks the column\(s\) salary_in_usd;",
    ),
    "binary data": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64,
        r"is not UTF-8 text: line 1 holds a byte UTF-8 cannot read \(invalid start byte\)",
    ),
    "NUL bytes": (b"\x00" * 4096, r"lacks the column\(s\) work_year"),
    "an empty file": (b"", r"is empty; nothing was imported"),
    "only blank lines": (b"\n\r\n  \n", r"is empty; nothing was imported"),
    "a header and no rows": (lines(HEADER), r"has a header but no rows; nothing was imported"),
    "a 10 MB field": (
        lines(HEADER, ROW, ROW.replace("Data Engineer", "D" * TEN_MB)),
        r"Line 3 cannot be read as CSV \(field larger than field limit \(131072\)\); "
        r"nothing was imported",
    ),
    "a 10 MB header line": (
        lines("x" * TEN_MB, ROW),
        r"The header line of .* cannot be read as CSV \(field larger than field limit",
    ),
    "a 10 MB line of fields": (
        lines(HEADER, ROW, "," * TEN_MB),
        r"Line 3 has 10,485,761 fields where the header has 11; nothing was imported",
    ),
    "latin-1 bytes in a UTF-8 file": (
        lines(HEADER, ROW, ROW)
        + "2023,SE,FT,Ingénieur,90000,EUR,98000,FR,100,FR,M\n".encode("latin-1"),
        r"is not UTF-8 text: line 4 holds a byte UTF-8 cannot read "
        r"\(invalid continuation byte\)\. Save it as UTF-8",
    ),
    "UTF-16 with a byte order mark": (
        codecs.BOM_UTF16_LE + f"{HEADER}\n{ROW}\n".encode("utf-16-le"),
        r"starts with a UTF-16 byte order mark: it is not UTF-8 text\. Save it as UTF-8",
    ),
    "UTF-16 big-endian": (
        f"{HEADER}\n{ROW}\n".encode("utf-16"),  # Python writes the mark itself
        r"starts with a UTF-16 byte order mark",
    ),
    "a truncated last row": (
        lines(HEADER, ROW, ROW)[: -len(",120000,US,100,US,M\n")],
        r"Line 3 has 6 of the 11 columns \(is the file cut short\?\); nothing was imported",
    ),
    "a row cut inside quotes": (
        f'{HEADER}\n{ROW}\n2023,SE,FT,"Data Sci'.encode(),
        r"Line 3 has 4 of the 11 columns",
    ),
    "a row with a field too many": (
        lines(HEADER, ROW + ",extra", ROW),
        r"Line 2 has 12 fields where the header has 11; nothing was imported",
    ),
}


def database_state() -> dict:
    """Row counts and a checksum of every column of every row the importer could touch."""
    state = {}
    for model in (SalaryRecord, Role, SalarySource):
        rows = list(model.objects.order_by("pk").values_list())
        state[model.__name__] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


@pytest.fixture
def earlier_import(tmp_path):
    """The source "survey" holds rows of an earlier import; a broken re-import must keep them."""
    path = tmp_path / "earlier.csv"
    path.write_bytes(
        lines(HEADER, ROW, ROW.replace("Data Engineer", "ML Engineer"), ROW.replace("SE", "MI"))
    )
    report = import_salary_file(path=path, source_name="survey")
    assert report.imported == 3
    return database_state()


@pytest.mark.parametrize(("content", "message"), BROKEN_FILES.values(), ids=BROKEN_FILES)
def test_a_broken_file_is_refused_whole_with_a_clear_message(
    tmp_path, earlier_import, content, message
):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("import_salaries", str(path), source="survey")
    assert "Traceback" not in str(refused.value)
    assert len(str(refused.value)) < 1_000  # a message, not a dump of the file
    assert database_state() == earlier_import


@pytest.mark.parametrize(("content", "message"), BROKEN_FILES.values(), ids=BROKEN_FILES)
def test_a_broken_file_creates_no_source(tmp_path, content, message):
    """A first import of a broken file leaves no empty source (nor roles) behind."""
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    before = database_state()
    with pytest.raises(ImportFileError, match=message):
        import_salary_file(path=path, source_name="new-source")
    assert database_state() == before
    assert not SalarySource.objects.filter(name="new-source").exists()


def test_the_same_rows_well_formed_import(tmp_path, earlier_import):
    """The control: the broken files differ from a good one only by what breaks them."""
    path = tmp_path / "good.csv"
    path.write_bytes(lines(HEADER, ROW, ROW))
    call_command("import_salaries", str(path), source="survey", stdout=io.StringIO())
    assert SalaryRecord.objects.filter(source__name="survey").count() == 2
    assert database_state() != earlier_import
