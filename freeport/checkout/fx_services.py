"""Exchange rates and currency locks: load the rates table, quote, lock for 24 h."""

import csv
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import fx
from .models import FxLock, FxRate

LOCK_HOURS = 24
HEADER = ["currency", "cny_per_unit", "as_of", "source"]


def max_age() -> timedelta:
    return timedelta(hours=settings.FX_MAX_AGE_HOURS)


def fee_rate(provider: str = "sandbox") -> Decimal:
    return Decimal(settings.FX_FEE_RATES.get(provider, "0"))


def rate_latest(currency: str) -> fx.Rate | None:
    row = FxRate.objects.filter(currency=currency).order_by("-as_of").first()
    return row and fx.Rate(row.currency, row.cny_per_unit, row.source, row.as_of)


def fx_quote(*, cny: Decimal, currency: str, now: datetime | None = None) -> fx.Quote:
    """Raises fx.FxError (unknown_currency, no_rate, stale_rate)."""
    return fx.quote(cny, rate_latest(currency), fee_rate=fee_rate(), now=now or timezone.now(),
                    max_age=max_age(), currency=currency)  # fmt: skip


@transaction.atomic
def fx_lock(*, user, cny: Decimal, currency: str, now: datetime | None = None) -> FxLock:
    """Lock a quote of `cny` in `currency` for 24 h: the charged amount will not move."""
    now = now or timezone.now()
    q = fx_quote(cny=cny, currency=currency, now=now)
    return FxLock.objects.create(
        user=user, currency=q.currency, cny=q.cny, cny_per_unit=q.cny_per_unit, source=q.source,
        as_of=q.as_of, fee_rate=q.fee_rate, amount=q.amount, fee=q.fee, total=q.total,
        locked_until=now + timedelta(hours=LOCK_HOURS),
    )  # fmt: skip


def parse_rates(lines) -> tuple[list[FxRate], list[str]]:
    """Rows of a rates file (CSV with the header currency,cny_per_unit,as_of,source; as_of in
    ISO 8601 with a time zone) → unsaved FxRate objects and the errors, one per bad row."""
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != HEADER:
        return [], [f"line 1: the header must be {','.join(HEADER)}"]
    rates, errors = [], []
    for n, row in enumerate(reader, start=2):
        currency = (row["currency"] or "").strip().upper()
        try:
            value = Decimal((row["cny_per_unit"] or "").strip())
        except InvalidOperation:
            value = None
        as_of = parse_datetime((row["as_of"] or "").strip())
        source = (row["source"] or "").strip()
        if currency not in fx.MINOR_UNITS:
            errors.append(f"line {n}: currency must be one of {', '.join(fx.CURRENCIES)}")
        elif value is None or not value.is_finite() or value <= 0:
            errors.append(f"line {n}: cny_per_unit must be a positive number")
        elif as_of is None or as_of.tzinfo is None:
            errors.append(f"line {n}: as_of must be an ISO 8601 time with a time zone")
        elif not source:
            errors.append(f"line {n}: source is required")
        else:
            rates.append(FxRate(currency=currency, cny_per_unit=value, source=source[:120],
                                as_of=as_of))  # fmt: skip
    return rates, errors


@transaction.atomic
def fx_rates_load(rates: list[FxRate]) -> int:
    """Add rates (a rate already loaded for the same currency and time is kept); returns new."""
    new = 0
    for rate in rates:
        _, created = FxRate.objects.get_or_create(
            currency=rate.currency, as_of=rate.as_of,
            defaults={"cny_per_unit": rate.cny_per_unit, "source": rate.source},
        )  # fmt: skip
        new += created
    return new
