"""Tax-inclusive prices (含税价): what one unit costs a shopper under the CBEC rules.

Priced by the customs tax engine, never by a hand formula: one unit, no freight (decision 18),
nothing used of the annual allowance yet. The engine picks the regime (over ¥5,000 one item pays
full tax; over ¥26,000 it cannot be bought as CBEC, and no tax-inclusive price is shown).
Presentation only: no queries here; the listing adds what the cards need with `with_unit_inputs`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from freeport.catalog.selectors import with_unit_inputs  # noqa: F401 (the listing's name)
from freeport.customs import quoting
from freeport.customs.tax import REFUSED, Measure, OrderInput, Quote, TaxInputError, quote
from freeport.kernel.money import format_cny

from . import presenters

UNIT_FREIGHT = Decimal("0.00")


def unit_quote(profile, price, content_value=None, content_unit="", name="") -> Quote | None:
    """The engine's quote for one unit; None when it cannot be priced (no price, or a content
    the consumption tax needs is missing)."""
    if profile is None or not price or price <= 0:
        return None
    net = Measure(content_value, content_unit) if content_value and content_unit else None
    line = quoting.line_for_profile(
        profile, unit_price=price, quantity=1, net_content=net, name=name
    )
    try:
        return quote(OrderInput(lines=(line,), freight=UNIT_FREIGHT))
    except TaxInputError:
        return None


def sku_quote(sku, profile) -> Quote | None:
    return unit_quote(profile, sku.price, sku.net_content_value, sku.net_content_unit, sku.code)


def payable(q: Quote | None) -> Decimal | None:
    return None if q is None or q.regime == REFUSED else q.totals["payable"]


@dataclass(frozen=True)
class PriceLabels:
    tax_inclusive: str  # "" when no unit can be bought as CBEC
    pre_tax: str
    low: Decimal | None = None  # the tax-inclusive figure's ends (CNY), None without one
    high: Decimal | None = None


def price_labels(price_min, price_max, lo: Quote | None, hi: Quote | None, sort="") -> PriceLabels:
    """Tax-inclusive figure (a range from the cheapest and the dearest SKU) and the pre-tax label
    as the listing has always shown it ("¥129.00 起", "最高 ¥238.00")."""
    ends = [p for p in (payable(lo), payable(hi)) if p is not None]
    if len(ends) > 1 and (ends[0] == ends[-1] or price_min == price_max):
        ends = ends[:1]
    if not ends:
        figure = ""
    elif len(ends) == 1:
        figure = format_cny(ends[0])
    else:
        figure = f"{format_cny(min(ends))} – {format_cny(max(ends))}"
    pre_tax = presenters.price_label(price_min, price_max, sort)
    return PriceLabels(
        tax_inclusive=_("%(price)s incl. tax") % {"price": figure} if figure else "",
        pre_tax=_("%(price)s before tax") % {"price": pre_tax},
        low=min(ends) if ends else None,
        high=max(ends) if ends else None,
    )


def card_prices(product, sort="") -> PriceLabels:
    """Card prices from the product's tax profile and the annotations of `with_unit_inputs`."""
    profile = product.tax_profile
    lo = unit_quote(
        profile, product.price_min,
        getattr(product, "cheapest_content_value", None),
        getattr(product, "cheapest_content_unit", ""),
    )  # fmt: skip
    hi = lo
    if product.price_max != product.price_min:
        hi = unit_quote(
            profile, product.price_max,
            getattr(product, "dearest_content_value", None),
            getattr(product, "dearest_content_unit", ""),
        )  # fmt: skip
    return price_labels(product.price_min, product.price_max, lo, hi, sort)
