from django import template
from django.templatetags.static import static
from django.utils.translation import get_language

from freeport.kernel.countries import country_name
from freeport.kernel.money import format_cny

from .. import presenters, pricing

register = template.Library()


@register.simple_tag
def asset(path: str) -> str:
    """{% static %} that falls back to the plain URL when no manifest was collected (tests,
    a fresh checkout before `collectstatic`), instead of failing the whole page."""
    try:
        return static(path)
    except ValueError:
        from django.conf import settings

        return f"{settings.STATIC_URL}{path}"


@register.filter
def country(code: str) -> str:
    return country_name(code, get_language() or "zh-hans")


@register.filter
def cny(amount) -> str:
    return format_cny(amount)


@register.filter
def price_range(product, sort="") -> str:
    """The card price; sorted by price high to low, the dearest SKU's (see price_label)."""
    return presenters.price_label(product.price_min, product.price_max, sort or "")


@register.filter
def card_prices(product, sort="") -> pricing.PriceLabels:
    """Tax-inclusive and pre-tax card prices (needs pricing.with_unit_inputs on the queryset)."""
    return pricing.card_prices(product, sort or "")


@register.simple_tag(takes_context=True)
def fx_approx(context, low, high=None) -> str:
    """The indicative price in the shopper's display currency ("≈ US$41.20", or a range), ""
    when none was chosen or its rate is unusable (storefront/currency.py)."""
    shown = context.get("display_fx")
    if shown is None or not context.get("display_currency"):
        return ""
    first = shown.convert(low)
    if not first:
        return ""
    last = shown.convert(high) if high is not None and high != low else ""
    return f"{first} – {last.removeprefix('≈ ')}" if last else first


@register.filter
def rate_text(value) -> str:
    """An exchange rate without trailing zeros, never in exponent form (7.732100 → 7.7321)."""
    return "" if value is None else format(value.normalize(), "f")
