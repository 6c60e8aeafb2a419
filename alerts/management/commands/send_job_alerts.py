import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alerts.models import Frequency
from alerts.sending import SendReport, send_due_alerts
from web.progress import terminal_progress

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
        return terminal_progress(alerts, total, "alerts")

    def print_summary(self, report: SendReport, frequency, dry_run: bool, seconds: float):
        def line(label, count, note=""):
            self.stdout.write(f"  {label:<22}{count:>8,}" + (f"  {note}" if note else ""))

        which = f"{frequency} job alerts" if frequency else "Job alerts (daily and weekly)"
        self.stdout.write(which + (", dry run: nothing sent, nothing changed" if dry_run else ""))
        line("due", report.due)
        line("emails to send" if dry_run else "emails sent", report.sent, f"{report.jobs:,} jobs")
        line("nothing new", report.nothing_new)
        if report.taken:
            line("sent by another", report.taken, "a sender running at the same time")
        if report.broken_search:
            line("search gone", report.broken_search, "its role or company was deleted")
        if report.failed:
            line("failed", len(report.failed), "tried again on the next run")
        if report.stopped:
            line("addresses refused", len(report.stopped), "nothing more is sent to them")
        line(
            "unconfirmed to delete" if dry_run else "unconfirmed deleted",
            report.unconfirmed_deleted,
            f"not confirmed within {settings.ALERTS_UNCONFIRMED_DAYS} days",
        )
        for address, count in report.previews[:SHOW]:
            self.stdout.write(f"    {address}: {count} job{'s' if count != 1 else ''}")
        for address, answer in report.failed[:SHOW]:
            self.stdout.write(f"    failed  {address}: {answer}")
        for address, answer in report.stopped[:SHOW]:
            self.stdout.write(f"    refused {address}: {answer}")
        if max(len(report.previews), len(report.failed), len(report.stopped)) > SHOW:
            self.stdout.write(f"    … and more (the first {SHOW} of each are listed)")
        rate = f" ({report.sent / seconds:,.0f} emails/s)" if report.sent and not dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"Done in {seconds:.2f} s{rate}."))
