"""Prices shown in another currency while browsing (indicative; the charge is quoted at checkout).

Prices, taxes and customs stay in CNY. A shopper who pays in USD, EUR, JPY, KRW, HKD, AUD or GBP
(checkout's FX quote, decision 31) may also see product prices converted as they browse: the
footer's "Also show prices in" form sets the `currency` cookie, and pages show "≈ US$41.20" next
to the CNY price, from the newest rate of the rates table (`fx_rates_load`), with its source and
time. A rate older than FX_MAX_AGE_HOURS is never shown (the page says the rate is unavailable).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from freeport.checkout import fx
from freeport.checkout.fx_services import max_age, rate_latest

COOKIE = "currency"
COOKIE_AGE = 365 * 24 * 3600


def chosen(request) -> str | None:
    """The currency the shopper asked to see, or None (CNY only)."""
    code = request.COOKIES.get(COOKIE, "")
    return code if code in fx.CURRENCIES else None


@dataclass
class DisplayCurrency:
    """The chosen currency and its usable rate (None: no rate, or a stale one)."""

    currency: str | None = None
    rate: fx.Rate | None = None
    now: object = field(default_factory=timezone.now)

    def convert(self, cny: Decimal | None) -> str:
        """ "≈ US$41.20", or "" when there is nothing to show."""
        if cny is None or self.rate is None:
            return ""
        amount = fx.indicative(Decimal(cny), self.rate, now=self.now, max_age=max_age())
        return "" if amount is None else "≈ " + fx.format_money(amount, self.rate.currency)

    @property
    def unavailable(self) -> bool:
        """A currency was chosen but no usable rate exists."""
        if self.currency is None:
            return False
        return self.rate is None or self.now - self.rate.as_of > max_age()


def for_request(request):
    """The request's display currency, its rate read at first use (one query, and only on a
    page that shows a price to a shopper who chose a currency)."""

    def load() -> DisplayCurrency:
        code = chosen(request)
        return DisplayCurrency(code, rate_latest(code) if code else None)

    return SimpleLazyObject(load)
