from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from salaries.services import exchange_rates_load


class Command(BaseCommand):
    help = "Load exchange rates from a CSV of code,units_per_usd,date (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            count = exchange_rates_load(path=options["file"])
        except OSError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("No rates loaded:\n  " + "\n  ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} exchange rate(s)."))
