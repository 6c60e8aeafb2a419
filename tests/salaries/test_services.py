from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from salaries.choices import ReviewState
from salaries.models import ExchangeRate, SalaryRecord
from salaries.services import exchange_rates_load, records_review
from tests.factories import ModeratorFactory, SalaryRecordFactory

pytestmark = pytest.mark.django_db


def test_review_confirms_or_rejects_and_records_who(django_user_model):
    moderator = ModeratorFactory()
    flagged = SalaryRecordFactory.create_batch(2, review_state=ReviewState.NEEDS_REVIEW)
    before = timezone.now()
    changed = records_review(
        records=SalaryRecord.objects.filter(pk=flagged[0].pk),
        state=ReviewState.ACCEPTED,
        by=moderator,
    )
    assert changed == 1
    flagged[0].refresh_from_db()
    assert flagged[0].review_state == ReviewState.ACCEPTED
    assert flagged[0].reviewed_by == moderator
    assert before <= flagged[0].reviewed_at <= timezone.now()
    records_review(
        records=SalaryRecord.objects.filter(pk=flagged[1].pk),
        state=ReviewState.REJECTED,
        by=moderator,
    )
    flagged[1].refresh_from_db()
    assert flagged[1].review_state == ReviewState.REJECTED


def test_review_cannot_end_in_needs_review():
    with pytest.raises(ValueError):
        records_review(records=SalaryRecord.objects.all(), state=ReviewState.NEEDS_REVIEW, by=None)


def test_exchange_rates_load_from_csv(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("code,units_per_usd,date\nEUR,0.95,2024-06-01\nABC,12.5,2024-06-01\n\n")
    assert exchange_rates_load(path=path) == 2
    assert ExchangeRate.objects.units_per_usd("EUR") == Decimal("0.95")
    assert ExchangeRate.objects.get(currency="ABC").date == date(2024, 6, 1)
    # loading the same file again updates, never duplicates
    assert exchange_rates_load(path=path) == 2
    assert ExchangeRate.objects.filter(currency="ABC").count() == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("eur,0.95,2024-06-01", "three-letter ISO 4217 code"),
        ("EUR,zero,2024-06-01", "“zero” is not a number"),
        ("EUR,-1,2024-06-01", "greater than or equal to"),
        ("EUR,0.95,yesterday", "“yesterday” is not a date"),
        ("EUR,0.95", "expected three values"),
    ],
)
def test_a_bad_rate_file_loads_nothing_and_says_where(tmp_path, line, message):
    path = tmp_path / "rates.csv"
    path.write_text(f"code,units_per_usd,date\nGBP,0.79,2024-06-01\n{line}\n")
    before = ExchangeRate.objects.count()
    with pytest.raises(ValidationError) as caught:
        exchange_rates_load(path=path)
    assert any(m.startswith("line 3:") and message in m for m in caught.value.messages)
    assert ExchangeRate.objects.count() == before


def test_load_exchange_rates_command(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("CHF,0.88,2024-06-01\n")
    call_command("load_exchange_rates", str(good))
    assert "Loaded 1 exchange rate(s)." in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("CHF,abc,2024-06-01\n")
    with pytest.raises(CommandError, match="No rates loaded"):
        call_command("load_exchange_rates", str(bad))
    with pytest.raises(CommandError):
        call_command("load_exchange_rates", str(tmp_path / "missing.csv"))


def test_review_leaves_the_boards_own_points_to_their_jobs():
    from tests.factories import SalarySourceFactory

    job_point = SalaryRecordFactory(source=SalarySourceFactory(name="postings", from_file=False))
    changed = records_review(
        records=SalaryRecord.objects.all(), state=ReviewState.REJECTED, by=ModeratorFactory()
    )
    assert changed == 0
    job_point.refresh_from_db()
    assert job_point.review_state == ReviewState.ACCEPTED
