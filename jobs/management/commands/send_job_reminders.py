from django.conf import settings
from django.core.management.base import BaseCommand

from jobs.emails import send_ending_reminders


class Command(BaseCommand):
    help = (
        f"Email employers whose jobs end within {settings.JOB_ENDING_REMINDER_DAYS} days, once "
        "per end date, with a link that renews the job. Safe to run from cron as often as you like."
    )

    def handle(self, *args, **options):
        count = send_ending_reminders()
        self.stdout.write(f"Reminded employers of {count} job(s) ending soon.")
