import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from alerts.models import Frequency
from alerts.sending import SendReport, send_due_alerts

SHOW = 20


class Command(BaseCommand):
    help = (
        "Email every due job alert its new jobs. Safe to run from cron as often as you like (an "
        "alert goes at most once a day or a week) and, on PostgreSQL, on several machines at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=Frequency.values,
            help="Only daily or only weekly alerts (default: both)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be sent; send nothing and change nothing",
        )

    def handle(self, *args, frequency=None, dry_run=False, **options):
        started = time.perf_counter()
        report = send_due_alerts(frequency=frequency, dry_run=dry_run, progress=self.progress_bar)
        self.print_summary(report, frequency, dry_run, time.perf_counter() - started)
        if report.stopped_early:
            raise CommandError(
                f"Stopped: {report.stopped_early}. The alerts not sent are due again on the "
                "next run."
            )

    def progress_bar(self, alerts, total):
        return tqdm(
            alerts,
            total=total,
            unit=" alerts",
            file=sys.stderr,
            leave=False,
            disable=not sys.stderr.isatty(),
            mininterval=0.2,
        )

    def print_summary(self, report: SendReport, frequency, dry_run: bool, seconds: float):
        write = self.stdout.write
        which = f"{frequency} job alerts" if frequency else "Job alerts (daily and weekly)"
        would = "would be " if dry_run else ""
        write(f"{which}{', dry run: nothing sent, nothing changed' if dry_run else ''}")
        write(f"  due                {report.due:>8,}")
        write(f"  emails {would}sent    {report.sent:>8,} ({report.jobs:,} jobs)")
        write(f"  nothing new        {report.nothing_new:>8,}")
        if report.taken:
            write(f"  sent by another    {report.taken:>8,} (a sender running at the same time)")
        if report.broken_search:
            write(f"  search gone        {report.broken_search:>8,} (a role or company deleted)")
        if report.failed:
            write(f"  failed             {len(report.failed):>8,} (tried again on the next run)")
        if report.stopped:
            write(f"  addresses refused  {len(report.stopped):>8,} (nothing more is sent to them)")
        deleted = "to delete" if dry_run else "deleted"
        write(f"  unconfirmed {deleted:<9} {report.unconfirmed_deleted:>6,} (older than the limit)")
        for address, count in report.previews[:SHOW]:
            write(f"    {address}: {count} job{'s' if count != 1 else ''}")
        for address, answer in report.failed[:SHOW]:
            write(f"    failed  {address}: {answer}")
        for address, answer in report.stopped[:SHOW]:
            write(f"    refused {address}: {answer}")
        shown = max(len(report.previews), len(report.failed), len(report.stopped))
        if shown > SHOW:
            write(f"    … and more (only the first {SHOW} of each are listed)")
        rate = report.sent / seconds if seconds and not dry_run else 0
        write(
            self.style.SUCCESS(
                f"Done in {seconds:.2f} s" + (f" ({rate:,.0f} emails/s)." if rate else ".")
            )
        )
