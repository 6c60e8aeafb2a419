"""Seed exchange rates so that salaries in common currencies can be judged from the first day.

Approximate mid-market rates on 2023-05-15, the week of the ai-jobs.net snapshot shipped with the
demo. Moderators update them in the admin or with `manage.py load_exchange_rates FILE.csv`.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

RATES_DATE = date(2023, 5, 15)
UNITS_PER_USD = {
    "USD": "1", "EUR": "0.9203", "GBP": "0.8025", "JPY": "136.10", "CHF": "0.8975",
    "CAD": "1.3510", "AUD": "1.5000", "NZD": "1.6050", "CNY": "6.9550", "HKD": "7.8300",
    "SGD": "1.3380", "INR": "82.20", "BRL": "4.9300", "MXN": "17.550", "PLN": "4.1600",
    "TRY": "19.620", "HUF": "340.50", "CZK": "21.800", "DKK": "6.8600", "SEK": "10.420",
    "NOK": "10.680", "ILS": "3.6600", "THB": "33.900", "ZAR": "19.250", "PHP": "55.800",
    "CLP": "795.00", "KRW": "1336.0", "TWD": "30.750", "IDR": "14800", "MYR": "4.5000",
    "VND": "23470", "AED": "3.6725", "SAR": "3.7500", "NGN": "461.00", "EGP": "30.900",
    "PKR": "286.00", "KES": "137.00", "ARS": "229.00", "COP": "4560.0", "UAH": "36.900",
    "RON": "4.5500", "BGN": "1.8000",
}


def seed(apps, schema_editor):
    ExchangeRate = apps.get_model("salaries", "ExchangeRate")
    for currency, units in UNITS_PER_USD.items():
        ExchangeRate.objects.get_or_create(
            currency=currency, date=RATES_DATE, defaults={"units_per_usd": Decimal(units)}
        )


def unseed(apps, schema_editor):
    ExchangeRate = apps.get_model("salaries", "ExchangeRate")
    ExchangeRate.objects.filter(date=RATES_DATE, currency__in=UNITS_PER_USD).delete()


class Migration(migrations.Migration):
    dependencies = [("salaries", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
