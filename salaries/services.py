"""Writes that take more than one step: moderators' verdicts and exchange-rate files."""

import csv
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from salaries import figures
from salaries.choices import ReviewState
from salaries.models import ExchangeRate, SalaryRecord


@transaction.atomic
def records_review(*, records, state: ReviewState, by) -> int:
    """Confirm (accept) or reject imported records; returns how many changed.

    Points the board keeps itself (published jobs) follow their job's verdict, given on the job.
    """
    if state not in (ReviewState.ACCEPTED, ReviewState.REJECTED):
        raise ValueError(f"A review ends in accepted or rejected, not {state!r}.")
    to_change = records.filter(source__from_file=True).exclude(review_state=state)
    points = list(to_change.order_by().values_list("pk", "role_id", *figures.DIMENSIONS))
    changed = SalaryRecord.objects.filter(pk__in=[pk for pk, *_ in points]).update(
        review_state=state, reviewed_by=by, reviewed_at=timezone.now()
    )
    figures.records_changed(
        cell for _pk, role_id, *values in points for cell in figures.cells_for(role_id, values)
    )
    return changed


def exchange_rates_load(*, path: str | Path) -> int:
    """Load a CSV of code,units_per_usd,date; all rows or none. Returns the rows loaded."""
    rates, errors = [], []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        for row in reader:
            line = reader.line_num
            if not row or row[0].strip().lower() in {"code", "currency"}:
                continue  # a blank line or the header
            try:
                rates.append(_rate(row))
            except ValidationError as error:
                errors.append(f"line {line}: {'; '.join(error.messages)}")
    if errors:
        raise ValidationError(errors, code="bad_rates")
    with transaction.atomic():
        for rate in rates:
            ExchangeRate.objects.update_or_create(
                currency=rate.currency,
                date=rate.date,
                defaults={"units_per_usd": rate.units_per_usd},
            )
    return len(rates)


def _rate(row: list[str]) -> ExchangeRate:
    if len(row) != 3:
        raise ValidationError("expected three values: code,units_per_usd,date")
    code, units, day = (value.strip() for value in row)
    try:
        rate = ExchangeRate(
            currency=code, units_per_usd=Decimal(units), date=date.fromisoformat(day)
        )
    except InvalidOperation as error:
        raise ValidationError(f"“{units}” is not a number") from error
    except ValueError as error:
        raise ValidationError(f"“{day}” is not a date (YYYY-MM-DD)") from error
    rate.full_clean(validate_unique=False, validate_constraints=False)
    return rate
