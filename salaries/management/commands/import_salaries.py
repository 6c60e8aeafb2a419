import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from salaries.importer import ImportReport, import_salary_file
from salaries.survey_file import ImportFileError


class Command(BaseCommand):
    help = (
        "Import a salary survey CSV (ai-jobs.net format) as the whole content of one source; "
        "re-importing a source replaces its rows atomically."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file with the ai-jobs.net columns")
        parser.add_argument("--source", required=True, help="Name of the source, e.g. aijobs-2023")
        parser.add_argument("--description", default="", help="Where the data comes from")
        parser.add_argument(
            "--show", type=int, default=20, help="How many refused rows to list (default 20)"
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            report = import_salary_file(
                path=options["file"],
                source_name=options["source"],
                description=options["description"],
                progress=self.progress_bar,
            )
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        self.print_summary(report, options["file"], time.perf_counter() - started, options["show"])

    def progress_bar(self, rows, total):
        return tqdm(
            rows,
            total=total,
            unit=" rows",
            file=sys.stderr,
            leave=False,
            disable=not sys.stderr.isatty(),
            mininterval=0.2,
        )

    def print_summary(self, report: ImportReport, path, seconds, show):
        write = self.stdout.write
        write(f"Imported {path} as source “{report.source}”")
        write(f"  read      {report.read:>8,} rows")
        write(
            f"  imported  {report.imported:>8,} rows "
            f"({report.imported - report.flagged_rows:,} accepted, "
            f"{report.flagged_rows:,} flagged for review)"
        )
        for code, count in report.flagged.most_common():
            write(f"    flagged  {code:<22} {count:>6,}")
        write(f"  refused   {report.refused_rows:>8,} rows")
        for code, count in report.refused.most_common():
            write(f"    refused  {code:<22} {count:>6,}")
        if report.verdicts_kept:
            write(f"  kept      {report.verdicts_kept:>8,} moderator verdicts on unchanged rows")
        if report.roles_created:
            write(f"  new roles {report.roles_created:>8,}")
        for problem in report.problems[:show]:
            write(f"  line {problem.line}: {problem.code}: {problem.message}")
        if len(report.problems) > show:
            write(
                f"  … and {len(report.problems) - show:,} more refused rows (--show N lists more)"
            )
        rate = report.read / seconds if seconds else 0
        write(self.style.SUCCESS(f"Done in {seconds:.2f} s ({rate:,.0f} rows/s)."))
