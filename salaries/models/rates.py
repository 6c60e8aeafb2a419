"""Exchange rates: how many units of a currency one US dollar buys, by day."""

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact

currency_code = RegexValidator(
    r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code in capitals, such as USD.", "currency_code"
)


class ExchangeRateQuerySet(models.QuerySet):
    def latest_rates(self) -> dict[str, Decimal]:
        """Each currency's most recent rate, as units of that currency per US dollar."""
        rates = {}
        for currency, units in self.order_by("currency", "-date").values_list(
            "currency", "units_per_usd"
        ):
            rates.setdefault(currency, units)
        rates.setdefault("USD", Decimal(1))
        return rates

    def units_per_usd(self, currency: str) -> Decimal | None:
        if currency == "USD":
            return Decimal(1)
        rate = self.filter(currency=currency).order_by("-date").first()
        return rate.units_per_usd if rate else None


class ExchangeRate(models.Model):
    currency = models.CharField(max_length=3, validators=[currency_code])
    units_per_usd = models.DecimalField(
        "units per US dollar",
        max_digits=18,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text="How many units of this currency one US dollar buys (EUR: about 0.92).",
    )
    date = models.DateField(help_text="The day this rate was taken.")

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"],
                name="salaries_exchangerate_one_per_day",
                violation_error_message="This currency already has a rate for that date.",
            ),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0),
                name="salaries_exchangerate_positive",
                violation_error_message="An exchange rate must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Exact(Length("currency"), 3) & Exact(Upper("currency"), F("currency")),
                name="salaries_exchangerate_currency_code",
                violation_error_message="Use a three-letter currency code in capitals.",
            ),
        ]

    def __str__(self):
        return f"1 USD = {self.units_per_usd.normalize():f} {self.currency} ({self.date})"
