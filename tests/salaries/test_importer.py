import csv
import threading
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from salaries import importer
from salaries.choices import ReviewState
from salaries.importer import import_salary_file
from salaries.models import Role, SalaryRecord, SalarySource
from salaries.survey_file import COLUMNS, ImportFileError
from tests.factories import RoleFactory, SalaryRecordFactory, SalarySourceFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


def write_csv(tmp_path, *rows, name="salaries.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def row(
    title="Data Engineer",
    salary="120000",
    currency="USD",
    usd="120000",
    year="2023",
    level="SE",
    employment="FT",
    country="US",
):
    return f"{year},{level},{employment},{title},{salary},{currency},{usd},US,100,{country},M"


def test_snapshot_imports_with_a_correct_summary(snapshot_2023):
    report = import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    with open(snapshot_2023, newline="") as handle:
        usd = [float(r["salary_in_usd"]) for r in csv.DictReader(handle)]
    assert report.read == len(usd) == 4_506
    assert report.refused_rows == sum(1 for v in usd if v < 1_000 or v > 5_000_000) == 0
    assert report.imported == 4_506
    assert report.flagged["low_pay"] == sum(1 for v in usd if v < 15_000)
    assert report.flagged["high_pay"] == sum(1 for v in usd if v > 1_000_000)
    assert report.flagged_rows == SalaryRecord.objects.needs_review().count()
    assert SalaryRecord.objects.count() == 4_506
    source = SalarySource.objects.get(name="aijobs-2023")
    assert (source.rows_read, source.rows_imported, source.rows_flagged, source.rows_refused) == (
        4_506,
        4_506,
        report.flagged_rows,
        0,
    )
    assert len(source.checksum) == 64


def test_early_snapshot_understands_estimated_years_and_refuses_missing_thousands(
    snapshot_2021,
):
    report = import_salary_file(path=snapshot_2021, source_name="aijobs-2021")
    assert report.read == 196
    assert SalaryRecord.objects.filter(year=2021).count() > 100  # "2021e" read as 2021
    problems = {problem.line: problem for problem in report.problems}
    assert problems[43].code == "below_minimum"
    assert problems[43].message == "113 USD a year: did you mean 113,000?"
    with open(snapshot_2021, newline="") as handle:
        tiny = [r for r in csv.DictReader(handle) if float(r["salary_in_usd"]) < 1_000]
    assert report.refused["below_minimum"] == len(tiny) == report.refused_rows
    assert report.imported == 196 - len(tiny)
    assert not SalaryRecord.objects.filter(annual_usd__lt=1_000).exists()


def test_dirty_values_are_understood_or_reported_never_a_crash(tmp_path):
    path = write_csv(
        tmp_path,
        row(year="2021e"),  # line 2: estimated year, understood
        row(salary="120K", usd=""),  # line 3: K suffix, USD from the table
        row(salary='"120,000"', usd=""),  # line 4: thousands separator, quoted
        row(year="20x1"),  # line 5
        row(level="ZZ"),  # line 6
        row(employment="XX"),  # line 7
        row(country="ZZ"),  # line 8
        row(salary="abc"),  # line 9
        row(currency="XYZ"),  # line 10
        row(title="   "),  # line 11
        row(salary="90000", currency="eur", usd=""),  # line 12: lower-case code, table rate
    )
    report = import_salary_file(path=path, source_name="dirty")
    assert [(p.line, p.code) for p in report.problems] == [
        (5, "bad_year"),
        (6, "bad_experience_level"),
        (7, "bad_employment_type"),
        (8, "bad_country"),
        (9, "bad_amount"),
        (10, "unknown_currency"),
        (11, "missing_title"),
    ]
    assert report.imported == 4
    records = {record.line: record for record in SalaryRecord.objects.all()}
    assert records[2].year == 2021
    assert records[3].amount_min == Decimal(120_000)
    assert records[4].annual_usd == 120_000
    assert records[12].currency == "EUR"
    assert records[12].annual_usd == round(90_000 / 0.9203)  # the seeded EUR rate


def test_survey_conversion_is_used_when_given(tmp_path):
    path = write_csv(tmp_path, row(salary="80000", currency="EUR", usd="90000"))
    import_salary_file(path=path, source_name="s")
    assert SalaryRecord.objects.get().annual_usd == 90_000


def test_titles_match_roles_by_name_and_alias_case_insensitively(tmp_path):
    ml = RoleFactory(name="Machine Learning Engineer", aliases="ML Engineer\nAI Engineer")
    RoleFactory(name="BI Data Analyst")
    path = write_csv(
        tmp_path,
        row(title="ML Engineer"),
        row(title="machine  learning ENGINEER"),
        row(title="BI-Data Analyst"),
        row(title="Quantum Gardener"),
        row(title="Quantum Gardener"),
    )
    report = import_salary_file(path=path, source_name="s")
    assert report.roles_created == 1
    assert SalaryRecord.objects.filter(role=ml).count() == 2
    assert SalaryRecord.objects.filter(role__name="BI Data Analyst").count() == 1
    gardener = Role.objects.get(slug="quantum-gardener")
    assert gardener.name == "Quantum Gardener"
    # identical rows are separate reports
    assert SalaryRecord.objects.filter(role=gardener).count() == 2


def test_a_title_whose_slug_is_a_page_of_its_own_gets_another(tmp_path):
    path = write_csv(tmp_path, row(title="Compare"), row(title="compare"))
    report = import_salary_file(path=path, source_name="s")
    assert report.roles_created == 1
    assert Role.objects.get().slug == "compare-role"


def test_flagged_rows_are_imported_as_flagged(tmp_path):
    path = write_csv(tmp_path, row(salary="9000", usd="9000"))
    report = import_salary_file(path=path, source_name="s")
    record = SalaryRecord.objects.get()
    assert record.review_state == ReviewState.NEEDS_REVIEW
    assert record.review_reasons == "low_pay"
    assert "federal minimum wage" in record.review_note
    assert report.flagged == {"low_pay": 1}


def test_outliers_are_judged_against_the_roles_accepted_points(tmp_path):
    ordinary = [row(salary=str(s), usd=str(s)) for s in range(100_000, 140_000, 1_000)]
    path = write_csv(tmp_path, *ordinary, row(salary="600000", usd="600000"))
    report = import_salary_file(path=path, source_name="s")
    assert report.flagged == {"outlier": 1}
    assert SalaryRecord.objects.needs_review().get().annual_usd == 600_000


def test_reimport_replaces_the_source_and_leaves_others(tmp_path):
    other = SalaryRecordFactory(source=SalarySourceFactory(name="other"))
    import_salary_file(path=write_csv(tmp_path, row(), row(), row()), source_name="s")
    second = write_csv(tmp_path, row(salary="90000", usd="90000"), name="second.csv")
    import_salary_file(path=second, source_name="s")
    assert list(
        SalaryRecord.objects.filter(source__name="s").values_list("annual_usd", flat=True)
    ) == [90_000]
    assert SalaryRecord.objects.filter(pk=other.pk).exists()


def test_a_failure_half_way_leaves_the_old_rows(tmp_path):
    import_salary_file(path=write_csv(tmp_path, row(), row(), row()), source_name="s")
    before = list(SalaryRecord.objects.values_list("pk", "line", "annual_usd"))
    rows = [
        row(title="Brand New Role", salary=str(100_000 + i), usd=str(100_000 + i))
        for i in range(2_500)
    ]
    calls = {"count": 0}
    real_values = importer._values

    def dies_mid_file(*args):
        calls["count"] += 1
        if calls["count"] == 1_500:  # after the old rows are deleted and a batch inserted
            raise KeyboardInterrupt("killed")
        return real_values(*args)

    with mock.patch.object(importer, "_values", dies_mid_file), pytest.raises(KeyboardInterrupt):
        import_salary_file(
            path=write_csv(tmp_path, *rows, name="big.csv"), source_name="s", batch_size=500
        )
    assert calls["count"] == 1_500
    assert list(SalaryRecord.objects.values_list("pk", "line", "annual_usd")) == before
    assert not Role.objects.filter(name="Brand New Role").exists()


def test_unchanged_file_is_skipped_when_asked(tmp_path):
    path = write_csv(tmp_path, row())
    import_salary_file(path=path, source_name="s")
    first = SalaryRecord.objects.get().pk
    report = import_salary_file(path=path, source_name="s", skip_if_unchanged=True)
    assert report.unchanged
    assert SalaryRecord.objects.get().pk == first


def test_a_file_without_the_columns_is_refused_whole(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("title,pay\nData Engineer,100000\n")
    with pytest.raises(ImportFileError, match="lacks the column"):
        import_salary_file(path=path, source_name="s")
    assert not SalarySource.objects.exists()


def test_a_file_that_is_not_text_is_refused(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(ImportFileError, match="not UTF-8"):
        import_salary_file(path=path, source_name="s")


def test_the_boards_own_source_cannot_be_overwritten(tmp_path):
    SalarySourceFactory(name="Jobboard job postings", from_file=False)
    with pytest.raises(ImportFileError, match="kept by the board"):
        import_salary_file(path=write_csv(tmp_path, row()), source_name="Jobboard job postings")
    assert not SalaryRecord.objects.exists()


def test_command_prints_the_summary(tmp_path, capsys):
    path = write_csv(tmp_path, row(), row(salary="113", usd="113"), row(salary="9000", usd="9000"))
    call_command("import_salaries", str(path), source="cmd")
    out = capsys.readouterr().out
    assert "read             3 rows" in out
    assert "imported         2 rows (1 accepted, 1 flagged for review)" in out
    assert "flagged  low_pay" in out
    assert "refused  below_minimum" in out
    assert "line 3: below_minimum: 113 USD a year: did you mean 113,000?" in out
    assert "rows/s" in out


def test_command_reports_a_missing_file_clearly(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_salaries", str(tmp_path / "nope.csv"), source="cmd")


def test_review_notes_keep_every_line(tmp_path):
    import_salary_file(path=write_csv(tmp_path, row(salary="4000", usd="4000")), source_name="s")
    record = SalaryRecord.objects.get()
    assert record.review_reasons == "low_pay period_slip"
    first, second = record.review_note.split("\n")
    assert first.startswith("4,000 USD a year is below 15,000 USD")
    assert second.endswith("did you mean 4,000 USD a month?")


def test_a_line_csv_cannot_read_is_refused_whole(tmp_path):
    path = write_csv(tmp_path, row(), row(title="x" * 200_000))
    with pytest.raises(ImportFileError, match="Line 3 cannot be read as CSV"):
        import_salary_file(path=path, source_name="s")
    assert not SalaryRecord.objects.exists()


def test_titles_too_long_or_with_control_characters_are_refused(tmp_path):
    path = write_csv(tmp_path, row(title="A" * 121), row(title="Data\x00Engineer"), row())
    report = import_salary_file(path=path, source_name="s")
    assert [(p.line, p.code) for p in report.problems] == [(2, "bad_title"), (3, "bad_title")]
    assert report.imported == 1


def test_amounts_beyond_what_the_database_holds_are_refused(tmp_path):
    path = write_csv(tmp_path, row(salary="1000000000000000", currency="EUR", usd="100000"))
    report = import_salary_file(path=path, source_name="s")
    assert [p.code for p in report.problems] == ["bad_amount"]


def test_a_survey_conversion_far_from_the_table_is_ignored(tmp_path):
    path = write_csv(
        tmp_path,
        row(salary="120000", currency="USD", usd="120"),  # USD needs no conversion
        row(salary="80000", currency="EUR", usd="10"),  # 8,000 EUR to the dollar: a slip
    )
    report = import_salary_file(path=path, source_name="s")
    assert report.refused_rows == 0
    figures = dict(SalaryRecord.objects.values_list("currency", "annual_usd"))
    assert figures == {"USD": 120_000, "EUR": round(80_000 / 0.9203)}


def test_titles_without_latin_letters_stay_apart(tmp_path):
    path = write_csv(tmp_path, row(title="データサイエンティスト"), row(title="数据工程师"))
    report = import_salary_file(path=path, source_name="s")
    assert report.roles_created == 2
    slugs = list(Role.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2 and all(slug.startswith("role-") for slug in slugs)


def test_moderators_verdicts_survive_a_reimport_of_unchanged_rows(tmp_path, capsys):
    from salaries.services import records_review
    from tests.factories import ModeratorFactory

    path = write_csv(tmp_path, row(salary="9000", usd="9000"), row(salary="9500", usd="9500"))
    import_salary_file(path=path, source_name="s")
    moderator = ModeratorFactory()
    confirmed = SalaryRecord.objects.get(line=2)
    records_review(
        records=SalaryRecord.objects.filter(pk=confirmed.pk),
        state=ReviewState.ACCEPTED,
        by=moderator,
    )
    changed = write_csv(
        tmp_path, row(salary="9000", usd="9000"), row(salary="9600", usd="9600"), name="changed.csv"
    )
    call_command("import_salaries", str(changed), source="s")
    assert "kept             1 moderator verdicts" in capsys.readouterr().out
    kept = SalaryRecord.objects.get(line=2)
    assert (kept.review_state, kept.reviewed_by) == (ReviewState.ACCEPTED, moderator)
    assert SalaryRecord.objects.get(line=3).review_state == ReviewState.NEEDS_REVIEW


def test_a_role_made_while_the_import_ran_is_taken_not_a_crash(tmp_path):
    """Issue 19: another import (or a moderator) makes the role between this import's reading of
    the roles and its making them; the import takes that role and finishes."""
    path = write_csv(tmp_path, row(title="Prompt Whisperer"), row(title="Data Engineer"))
    title_index = type(Role.objects.all()).title_index

    def read_then_another_makes_it(queryset):
        index = title_index(queryset)
        Role.objects.create(name="Prompt Whisperer")
        return index

    with mock.patch.object(type(Role.objects.all()), "title_index", read_then_another_makes_it):
        report = import_salary_file(path=path, source_name="s")
    assert report.imported == 2 and report.roles_created == 1  # Data Engineer only
    whisperer = Role.objects.get(slug="prompt-whisperer")
    assert SalaryRecord.objects.filter(role=whisperer).count() == 1
    assert Role.objects.filter(name__iexact="prompt whisperer").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "the race needs row locks beside concurrent reads (PostgreSQL's): the tests' SQLite "
        "database locks a table a writer holds, so the second import cannot read the roles "
        "while the first's new role is uncommitted, and the interleaving cannot happen"
    ),
)
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_under_different_sources_share_a_new_role(tmp_path):
    """Issue 19: two imports sharing a new job title; the second died with a raw IntegrityError
    on the role's slug. Here the first has made the role and not committed when the second reads
    the roles, so the second's insert waits for the first and then finds the role taken."""
    first_made_roles, second_read_roles = threading.Event(), threading.Event()
    flag_outliers, title_index = importer._flag_outliers, type(Role.objects.all()).title_index

    def first_waits_for_the_second(rows):
        if threading.current_thread().name == "first":
            first_made_roles.set()
            second_read_roles.wait(timeout=30)
        flag_outliers(rows)

    def second_signals_its_read(queryset):
        index = title_index(queryset)
        if threading.current_thread().name == "second":
            second_read_roles.set()
        return index

    reports, errors = {}, []

    def run(name):
        try:
            if name == "second":
                first_made_roles.wait(timeout=30)
            path = write_csv(tmp_path, row(title="Prompt Whisperer"), name=f"{name}.csv")
            reports[name] = import_salary_file(path=path, source_name=name)
        except Exception as error:  # the assertion below shows it
            errors.append(error)
        finally:
            connections.close_all()

    with (
        mock.patch.object(importer, "_flag_outliers", first_waits_for_the_second),
        mock.patch.object(type(Role.objects.all()), "title_index", second_signals_its_read),
    ):
        threads = [
            threading.Thread(target=run, args=(name,), name=name) for name in ("first", "second")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert second_read_roles.is_set()  # the race did happen
    assert (reports["first"].roles_created, reports["second"].roles_created) == (1, 0)
    role = Role.objects.get(name="Prompt Whisperer")
    assert SalaryRecord.objects.filter(role=role).count() == 2


@pytest.mark.parametrize(
    "moved",
    [{"country": "NZ"}, {"employment": "PT"}, {"title": "Analytics Engineer"}],
)
def test_a_row_whose_peers_change_is_judged_again_not_kept_accepted(tmp_path, moved):
    """Issue 19.6: a verdict given among some peers does not carry over to others."""
    from salaries.services import records_review
    from tests.factories import ModeratorFactory

    path = write_csv(tmp_path, row(salary="9000", usd="9000"))
    import_salary_file(path=path, source_name="s")
    records_review(
        records=SalaryRecord.objects.all(), state=ReviewState.ACCEPTED, by=ModeratorFactory()
    )
    moved_file = write_csv(tmp_path, row(salary="9000", usd="9000", **moved), name="moved.csv")
    import_salary_file(path=moved_file, source_name="s")
    assert SalaryRecord.objects.get().review_state == ReviewState.NEEDS_REVIEW
