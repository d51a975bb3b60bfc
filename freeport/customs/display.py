"""A tax quote as shoppers read it: labelled figures, the regime in words, the explanation in the
active language (no queries; used by the product page and the tax calculator)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from freeport.kernel.i18n import is_english
from freeport.kernel.money import format_cny

from .tax import ANNUAL_LIMIT_REASON, CBEC, FULL_TAX, SINGLE_LIMIT, SINGLE_LIMIT_REASON, Quote


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    amount: Decimal
    kind: str = ""  # "saving" (shown as minus), "subtotal", "total"


@dataclass(frozen=True)
class Breakdown:
    regime: str
    regime_label: str
    refused: bool
    rows: list[Row]
    tax: Decimal
    payable: Decimal
    explanation: list[str]


def regime_label(regime: str, reason: str | None) -> str:
    if regime == CBEC:
        return _("CBEC retail import within the limits: tariff 0%, consumption tax and VAT at 70%")
    if regime == FULL_TAX:
        return _(
            "CBEC retail import of one item over ¥5,000: tariff, consumption tax and VAT in full"
        )
    if reason == ANNUAL_LIMIT_REASON:
        return _("Cannot be bought as a CBEC retail import: over the ¥26,000 annual limit")
    return _("Cannot be one CBEC order: several items over the ¥5,000 single limit; split it")


def breakdown(q: Quote, *, with_freight: bool = False) -> Breakdown:
    """The figures of a quote in the order a shopper adds them up.

    The product page leaves freight out (its price assumes none, decision 18); the calculator,
    where the shopper enters freight, shows it and the dutiable value.
    """
    t = q.totals
    rows = [Row("goods", _("Goods price"), t["goods"])]
    if with_freight:
        rows += [
            Row("freight", _("Freight"), t["freight"]),
            Row("dutiable_value", _("Dutiable value"), t["dutiable_value"], "subtotal"),
        ]
    if q.regime != "refused":
        rows += [
            Row("tariff", _("Tariff"), t["tariff"]),
            Row("consumption_tax", _("Consumption tax"), t["consumption_tax"]),
            Row("vat", _("Import VAT"), t["vat"]),
            Row("tax", _("Total tax"), t["tax"], "subtotal"),
            Row("reduction", _("CBEC 30% reduction (already deducted)"), t["reduction"], "saving"),
            Row("payable", _("Total to pay"), t["payable"], "total"),
        ]
    return Breakdown(
        regime=q.regime,
        regime_label=regime_label(q.regime, q.reason),
        refused=q.regime == "refused",
        rows=rows,
        tax=t["tax"],
        payable=t["payable"],
        explanation=q.explanation["en" if is_english() else "zh"],
    )


@dataclass(frozen=True)
class Step:
    title: str
    amount: Decimal | None
    text: str
    kind: str = ""  # "saving": an amount not charged, shown with a minus


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _ct_text(line, lt) -> str:
    rule = line.consumption_tax
    statutory = {"amount": format_cny(lt.statutory_consumption_tax)}
    if rule.kind == "none":
        return _("These goods pay no consumption tax.")
    if rule.kind == "high_end_cosmetic" and not lt.high_end:
        return _(
            "Below the high-end cosmetics threshold (¥10 per ml or g, ¥15 per piece of "
            "dutiable value): no consumption tax."
        )
    if rule.kind == "high_end_cosmetic":
        return _(
            "High-end cosmetics (¥10 or more per ml or g, ¥15 per piece): %(rate)s of (dutiable "
            "value + tariff) ÷ (1 − %(rate)s), statutory amount %(amount)s."
        ) % {"rate": _pct(rule.rate), **statutory}
    if rule.kind == "ad_valorem":
        return _(
            "%(rate)s of (dutiable value + tariff) ÷ (1 − %(rate)s), statutory amount %(amount)s."
        ) % {"rate": _pct(rule.rate), **statutory}
    per = f"{rule.per.value.normalize():f} {rule.per.unit}" if rule.per else ""
    if rule.kind == "specific":
        return _("%(fixed)s per %(per)s of content, statutory amount %(amount)s.") % {
            "fixed": f"¥{rule.amount.normalize():f}", "per": per, **statutory,
        }  # fmt: skip
    return _("%(rate)s ad valorem plus %(fixed)s per %(per)s, statutory amount %(amount)s.") % {
        "rate": _pct(rule.rate), "fixed": f"¥{rule.amount.normalize():f}", "per": per,
        **statutory,
    }  # fmt: skip


def steps(q: Quote, order) -> list[Step]:
    """How the quote is worked out, one step per figure (one-line orders: the calculator)."""
    t = q.totals
    out = [
        Step(
            _("Dutiable value"), t["dutiable_value"],
            _(
                "Goods %(goods)s + freight %(freight)s. It is what customs taxes; coupons, "
                "vouchers and points do not lower it."
            ) % {"goods": format_cny(t["goods"]), "freight": format_cny(t["freight"])},
        ),
    ]  # fmt: skip
    if q.regime == "refused":
        return out
    line, lt = order.lines[0], q.lines[0]
    full = q.regime == FULL_TAX
    if full:
        tariff = _("One item over ¥5,000 pays the full tariff: %(rate)s of the dutiable value.")
        tariff %= {"rate": _pct(line.tariff_rate)}
    else:
        tariff = _("Within the limits the tariff on CBEC retail imports is 0%.")
    out.append(Step(_("Tariff"), t["tariff"], tariff))
    out.append(Step(_("Consumption tax"), t["consumption_tax"], _ct_text(line, lt)))
    vat = _(
        "%(rate)s of (dutiable value + tariff + statutory consumption tax), statutory amount "
        "%(amount)s."
    ) % {"rate": _pct(line.vat_rate), "amount": format_cny(lt.statutory_vat)}
    out.append(Step(_("Import VAT"), t["vat"], vat))
    if full:
        rule = _("Does not apply: one item over ¥5,000 pays consumption tax and VAT in full.")
    else:
        rule = _(
            "Within the limits only 70%% of the statutory consumption tax and VAT is charged: "
            "%(statutory)s becomes %(charged)s, %(saved)s less."
        ) % {
            "statutory": format_cny(lt.statutory_consumption_tax + lt.statutory_vat),
            "charged": format_cny(t["consumption_tax"] + t["vat"]),
            "saved": format_cny(t["reduction"]),
        }
    out.append(Step(_("The 70% CBEC rule"), None if full else t["reduction"], rule, "saving"))
    total = _("Dutiable value %(value)s + tax %(tax)s.") % {
        "value": format_cny(t["dutiable_value"]), "tax": format_cny(t["tax"]),
    }  # fmt: skip
    out.append(Step(_("Total payable"), t["payable"], total))
    return out


def limits(q: Quote, order) -> list[Step]:
    """The ¥5,000 single and ¥26,000 annual limits applied to this order, in words."""
    dv = q.totals["dutiable_value"]
    several = len(order.lines) > 1 or order.lines[0].quantity > 1
    args = {"value": format_cny(dv)}
    if dv <= SINGLE_LIMIT:
        single = _("This order's dutiable value, %(value)s, is within the limit.")
    elif q.reason == SINGLE_LIMIT_REASON or (q.regime != FULL_TAX and several):
        single = _(
            "This order's dutiable value, %(value)s, is over the limit and it has several "
            "items: it cannot be one CBEC order. Split it into orders of ¥5,000 or less."
        )
    else:
        single = _(
            "This order's dutiable value, %(value)s, is over the limit, but it is one single "
            "item: it may still be bought as CBEC, paying tariff, consumption tax and VAT in "
            "full, and it counts toward the annual limit."
        )
    quota = {k: format_cny(v) for k, v in q.quota.items()}
    if q.reason == ANNUAL_LIMIT_REASON:
        annual = _(
            "You have used %(used)s this year and %(remaining)s remains: this order would go "
            "over the limit, so it cannot be bought as a CBEC import (it would be general trade)."
        )
    else:
        annual = _(
            "You have used %(used)s this year; after this order %(remaining_after)s remains. "
            "Above the limit goods cannot be bought as CBEC imports."
        )
    return [
        Step(_("Single-transaction limit: ¥5,000"), None, single % args),
        Step(_("Annual limit per person: ¥26,000"), None, annual % quota),
    ]
