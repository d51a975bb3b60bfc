"""Paying in another currency (pure: no ORM).

Prices, taxes and the customs declaration stay in CNY (CEB311/411 currency 142). A shopper may
see and pay the CNY total in USD, EUR, JPY, KRW, HKD, AUD or GBP: the quote converts at a rate
from the rates table (`fx_rates_load`), adds the payment method's fee, and says the rate, its
source and time. A quote can be locked for 24 h; the locked amount is what is charged.

Rule (decision 31, docs/decisions.md): amount = CNY total / rate (CNY per unit of the currency),
fee = amount x fee rate; each rounded once, half-up, to the currency's minor unit (ISO 4217:
0 decimals for JPY and KRW, 2 for the others); charged = amount + fee. A rate older than the
maximum age (setting FX_MAX_AGE_HOURS) refuses to quote: a stale rate is never shown.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

MINOR_UNITS = {"USD": 2, "EUR": 2, "JPY": 0, "KRW": 0, "HKD": 2, "AUD": 2, "GBP": 2}
SYMBOLS = {"USD": "US$", "EUR": "€", "JPY": "JP¥", "KRW": "₩", "HKD": "HK$", "AUD": "A$",
           "GBP": "£"}  # fmt: skip
CURRENCIES = tuple(MINOR_UNITS)


class FxError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Rate:
    currency: str
    cny_per_unit: Decimal  # how many CNY one unit of the currency buys
    source: str
    as_of: datetime


@dataclass(frozen=True)
class Quote:
    currency: str
    cny: Decimal
    cny_per_unit: Decimal
    source: str
    as_of: datetime
    fee_rate: Decimal
    amount: Decimal  # the CNY total in the currency, before the fee
    fee: Decimal
    total: Decimal  # what is charged = amount + fee


def to_minor(value: Decimal, currency: str) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-MINOR_UNITS[currency]), rounding=ROUND_HALF_UP)


def quote(
    cny: Decimal, rate: Rate | None, *, fee_rate: Decimal, now: datetime, max_age: timedelta,
    currency: str,
) -> Quote:  # fmt: skip
    if currency not in MINOR_UNITS:
        raise FxError("unknown_currency", f"not a currency shoppers can pay in: {currency!r}")
    if rate is None:
        raise FxError("no_rate", f"no exchange rate for {currency}")
    if now - rate.as_of > max_age:
        raise FxError("stale_rate", f"the {currency} rate of {rate.as_of:%Y-%m-%d %H:%M} is stale")
    if rate.cny_per_unit <= 0 or cny < 0 or fee_rate < 0:
        raise FxError("invalid", "rate, amount and fee must be positive")
    amount = to_minor(cny / rate.cny_per_unit, currency)
    fee = to_minor(cny / rate.cny_per_unit * fee_rate, currency)
    return Quote(currency, cny, rate.cny_per_unit, rate.source, rate.as_of, fee_rate, amount,
                 fee, amount + fee)  # fmt: skip


def indicative(cny: Decimal, rate: Rate, *, now: datetime, max_age: timedelta) -> Decimal | None:
    """What `cny` comes to in the rate's currency, for browsing ("≈ US$41.20"): the quote's
    amount (same rule, rounded once half-up to the minor unit), without the payment fee, which
    depends on how the shopper pays. None when the rate is stale or unusable: a stale rate is
    never shown. The charge is what checkout quotes (and can lock), not this figure."""
    if now - rate.as_of > max_age or rate.cny_per_unit <= 0 or cny < 0:
        return None
    return to_minor(cny / rate.cny_per_unit, rate.currency)


def format_money(amount: Decimal, currency: str) -> str:
    places = MINOR_UNITS.get(currency, 2)
    return f"{SYMBOLS.get(currency, currency + ' ')}{amount:,.{places}f}"
