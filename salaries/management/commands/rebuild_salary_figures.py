from django.core.management.base import BaseCommand

from salaries.figures import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the salary figures table (salaries/figures.py) from the salary records: after "
        "a change made with raw SQL, say. Every write through the app keeps it up to date itself."
    )

    def handle(self, *args, **options):
        rows = rebuild()
        self.stdout.write(f"Salary figures rebuilt: {rows:,} rows.")
