from django.core.management.base import BaseCommand

from jobs.services import jobs_expire_due


class Command(BaseCommand):
    help = "Mark published jobs past their end date as expired and drop their salary points."

    def handle(self, *args, **options):
        count = jobs_expire_due()
        self.stdout.write(f"Expired {count} job(s).")
