"""Return and exchange policy (pure: no ORM, no request). Rules and sources: docs/aftersales.md.

* Windows: a no-reason ("changed mind") return within the category's days after delivery, unless
  the category refuses opened items; fault returns within the reason's days after delivery
  (calendar days in China time counted from the day after delivery, as the 7-day rule counts).
  On top, the CBEC legal window (GACC 2020 No. 45, cbec-rules.md §6): applied for within 30 days
  of the inventory list's release, goods back in the bonded area within 45 days of release.
* Return shipping: the platform pays for fault reasons; for a change of mind, the membership's
  free returns of the year, else the shopper (deducted from the refund).
* Refund: each part of a line (goods, freight, discount, taxes) is refunded by units so that all
  the returns of a line add up exactly to what was paid for it; the outbound freight is kept on a
  change of mind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from freeport.customs.returns import application_deadline, arrival_deadline
from freeport.kernel.money import round_fen

ZERO = Decimal("0.00")
CHINA = ZoneInfo("Asia/Shanghai")

RETURN, EXCHANGE = "return", "exchange"
KINDS = (RETURN, EXCHANGE)
QUALITY, WRONG_ITEM, DAMAGED = "quality", "wrong_item", "damaged"
NOT_AS_DESCRIBED, CHANGED_MIND = "not_as_described", "changed_mind"
FAULT_REASONS = (QUALITY, WRONG_ITEM, DAMAGED, NOT_AS_DESCRIBED)
REASONS = (*FAULT_REASONS, CHANGED_MIND)
PLATFORM, SHOPPER = "platform", "shopper"


@dataclass(frozen=True)
class CategoryRule:
    no_reason_days: int  # 0: no return on a change of mind
    excluded_when_opened: bool  # an opened item cannot be returned on a change of mind


# Keyed by the catalog's root category slug (catalog/reference.py). Consumables and anything worn
# on the skin refuse opened items: quality or safety cannot be vouched for once the seal is broken.
CATEGORY_RULES: Mapping[str, CategoryRule] = {
    "infant-formula": CategoryRule(7, True),
    "skincare": CategoryRule(7, True),
    "makeup": CategoryRule(7, True),
    "health-supplements": CategoryRule(7, True),
    "snacks": CategoryRule(7, True),
    "wine": CategoryRule(7, True),
    "personal-care": CategoryRule(7, True),
    "baby-products": CategoryRule(7, True),
    "small-appliances": CategoryRule(7, False),
}
# Days after delivery to report a fault. Quality defects can show only in use, so they get longer.
FAULT_DAYS: Mapping[str, int] = {QUALITY: 30, WRONG_ITEM: 15, DAMAGED: 15, NOT_AS_DESCRIBED: 15}
# Free no-reason return shipments per calendar year, by membership tier.
FREE_RETURNS: Mapping[str, int] = {"standard": 0, "silver": 1, "gold": 3}


@dataclass(frozen=True)
class Reason:
    code: str  # stable, for machines
    text: str  # localized (lazy)
    item: int | None = None  # index into the request's items when it concerns one item


NO_REASON_NOT_OFFERED = Reason(
    "no_reason_not_offered", _("Items of this category cannot be returned without a reason.")
)
OPENED = Reason(
    "opened",
    _("Opened items of this category cannot be returned without a reason (hygiene and safety)."),
)
NO_REASON_WINDOW_PASSED = Reason(
    "no_reason_window_passed", _("The period for no-reason returns after delivery has passed.")
)
FAULT_WINDOW_PASSED = Reason(
    "fault_window_passed", _("The period for reporting this problem after delivery has passed.")
)
CBEC_WINDOW_PASSED = Reason(
    "cbec_window_passed",
    _(
        "More than 30 days have passed since customs released the goods, so they can no longer "
        "be returned to the bonded area tax-free."
    ),
)
EXCHANGE_NEEDS_FAULT = Reason(
    "exchange_needs_fault",
    _("Exchanges are for items with a problem; to change your mind, return it and order again."),
)
QUANTITY_EXCEEDS_LEFT = Reason(
    "quantity_exceeds_left", _("More units than are left to return on this line.")
)
NO_REASON_RETURN = Reason("no_reason_return", _("No-reason return within the period."))
FAULT = Reason("fault", _("The item is faulty, wrong, damaged or not as described."))
SHIPPING_PLATFORM = Reason("shipping_platform", _("We pay the return shipping."))
SHIPPING_FREE_QUOTA = Reason(
    "shipping_free_quota", _("Return shipping is free: one of your membership's free returns.")
)
SHIPPING_SHOPPER = Reason(
    "shipping_shopper", _("Return shipping is deducted from the refund (no free returns left).")
)
FREIGHT_KEPT = Reason(
    "freight_kept", _("The original delivery fee is not refunded for a no-reason return.")
)
TAX_AFTER_CUSTOMS = Reason(
    "tax_after_customs",
    _("Import tax is refunded and your annual allowance restored once customs accepts the return."),
)


class PolicyInputError(ValueError):
    """Input the rules cannot judge; `field` names it, `message` says why (localized)."""

    def __init__(self, field: str, message):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class PaidLine:
    """An order line as paid (orders.OrderLine figures); payable = goods + freight + taxes -
    discount, where goods is after open price cuts and discount is the non-cash coupon share."""

    quantity: int
    goods: Decimal
    freight: Decimal
    discount: Decimal
    tariff: Decimal
    consumption_tax: Decimal
    vat: Decimal
    payable: Decimal


@dataclass(frozen=True)
class Item:
    """Units sent back from one line; `already`: units of the line refunded by earlier returns."""

    line: PaidLine
    category: str
    quantity: int
    already: int = 0
    opened: bool = False


@dataclass(frozen=True)
class Parts:
    """A refund broken down; discount and deductions are negative, so the fields sum to total."""

    goods: Decimal = ZERO
    freight: Decimal = ZERO
    discount: Decimal = ZERO
    tariff: Decimal = ZERO
    consumption_tax: Decimal = ZERO
    vat: Decimal = ZERO

    @property
    def tax(self) -> Decimal:
        return self.tariff + self.consumption_tax + self.vat

    @property
    def total(self) -> Decimal:
        return self.goods + self.freight + self.discount + self.tax


@dataclass(frozen=True)
class Refund(Parts):
    lines: tuple[Parts, ...] = ()  # per item, in request order (freight not yet kept back)
    freight_kept: Decimal = ZERO  # <= 0: outbound freight not refunded on a change of mind
    return_shipping: Decimal = ZERO  # <= 0: shopper-paid return shipping

    @property
    def total(self) -> Decimal:
        return super().total + self.freight_kept + self.return_shipping


@dataclass(frozen=True)
class Shipping:
    payer: str  # PLATFORM or SHOPPER
    free_return: bool  # uses one of the tier's free returns of the year
    reason: Reason


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reasons: tuple[Reason, ...]  # refused: every rule that failed; allowed: the grounds
    kind: str
    reason: str
    window_closes: datetime | None  # first instant after the earliest item's window
    cbec_apply_by: datetime  # release + 30 days (inclusive, as customs counts)
    ship_back_by: datetime  # release + 45 days: the goods must be back in the bonded area
    shipping: Shipping | None  # None when refused
    refund: Refund | None  # None when refused and for exchanges


def window_closes(delivered_at: datetime, days: int) -> datetime:
    """First instant after `days` calendar days counted from the day after delivery (China time);
    the 7-day rule counts from the day after the shopper signs for the parcel."""
    last_day = delivered_at.astimezone(CHINA).date() + timedelta(days=days)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=CHINA)


def shipping_payer(
    *, reason: str, tier: str, free_used: int, free_returns: Mapping[str, int] = FREE_RETURNS
) -> Shipping:
    _known("reason", reason, REASONS)
    _known("tier", tier, free_returns)
    _count("free_used", free_used, minimum=0)
    if reason in FAULT_REASONS:  # the seller bears carriage for faults (consumer law art. 24)
        return Shipping(PLATFORM, False, SHIPPING_PLATFORM)
    if free_used < free_returns[tier]:
        return Shipping(PLATFORM, True, SHIPPING_FREE_QUOTA)
    return Shipping(SHOPPER, False, SHIPPING_SHOPPER)  # art. 25: the shopper pays, by default


def line_share(line: PaidLine, quantity: int, already: int = 0) -> Parts:
    """What `quantity` units of `line` are worth, after `already` units were refunded.

    Each part is cut by units: round(x * (already + quantity) / n) - round(x * already / n), so
    the parts of every return of a line add up exactly to the line's figure. Goods is cut as
    (goods - discount) + discount so a unit's goods never fall below its discount: no part is
    negative and the running total never exceeds what was paid.
    """
    _check_line(line, "line")
    _count("already", already, minimum=0)
    if already > line.quantity:
        raise PolicyInputError("already", _("more units than the line has"))
    _count("quantity", quantity, minimum=1)
    if quantity > line.quantity - already:
        raise PolicyInputError("quantity", _("more units than are left to return"))
    n, done = line.quantity, already + quantity

    def cut(amount: Decimal) -> Decimal:
        return round_fen(amount * done / n) - round_fen(amount * already / n)

    discount = cut(line.discount)
    return Parts(
        goods=cut(line.goods - line.discount) + discount,
        freight=cut(line.freight),
        discount=ZERO - discount,
        tariff=cut(line.tariff),
        consumption_tax=cut(line.consumption_tax),
        vat=cut(line.vat),
    )


def refund(items: Sequence[Item], *, reason: str, return_shipping: Decimal = ZERO) -> Refund:
    """The refund of `items`; `return_shipping`: what the shopper pays for it (0 if not)."""
    _known("reason", reason, REASONS)
    _money("return_shipping", return_shipping)
    if not items:
        raise PolicyInputError("items", _("nothing to return"))
    lines = tuple(
        _at(f"items[{i}]", line_share, it.line, it.quantity, it.already)
        for i, it in enumerate(items)
    )
    sums = {f: sum((getattr(p, f) for p in lines), ZERO) for f in _PART_FIELDS}
    # A change of mind: the parcel was delivered as ordered, so its delivery is not paid back.
    kept = ZERO - sums["freight"] if reason == CHANGED_MIND else ZERO
    left = sum(sums.values(), ZERO) + kept
    return Refund(
        **sums, lines=lines, freight_kept=kept, return_shipping=ZERO - min(return_shipping, left)
    )


def decide(
    *,
    kind: str,
    reason: str,
    items: Sequence[Item],
    delivered_at: datetime,
    released_at: datetime,
    applied_at: datetime,
    tier: str,
    free_used: int,
    return_freight: Decimal = ZERO,
    categories: Mapping[str, CategoryRule] = CATEGORY_RULES,
    fault_days: Mapping[str, int] = FAULT_DAYS,
    free_returns: Mapping[str, int] = FREE_RETURNS,
) -> Decision:
    """May the shopper return (or exchange) `items`, who pays the shipping, what is refunded.

    All or nothing: a refusal lists every failed rule, naming the item when it is one item's.
    `free_used`: the tier's free returns used this year; `return_freight`: the return shipment's
    price, deducted from the refund when the shopper pays it.
    """
    _known("kind", kind, KINDS)
    _known("reason", reason, REASONS)
    _money("return_freight", return_freight)
    if not items:
        raise PolicyInputError("items", _("nothing to return"))
    for name, value in (
        ("delivered_at", delivered_at), ("released_at", released_at), ("applied_at", applied_at)
    ):  # fmt: skip
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise PolicyInputError(name, _("a timezone-aware date and time is required"))
    if delivered_at < released_at:
        raise PolicyInputError("delivered_at", _("before customs released the goods"))
    if applied_at < delivered_at:
        raise PolicyInputError("applied_at", _("before the goods were delivered"))

    refusals: list[Reason] = []
    closes: list[datetime] = []
    if kind == EXCHANGE and reason == CHANGED_MIND:
        refusals.append(EXCHANGE_NEEDS_FAULT)
    for i, item in enumerate(items):
        line = _at(f"items[{i}]", _check_item, item, categories)
        if item.quantity > line.quantity - item.already:
            refusals.append(replace(QUANTITY_EXCEEDS_LEFT, item=i))
        if reason == CHANGED_MIND:
            rule = categories[item.category]
            if rule.no_reason_days == 0:
                refusals.append(replace(NO_REASON_NOT_OFFERED, item=i))
                continue
            if item.opened and rule.excluded_when_opened:
                refusals.append(replace(OPENED, item=i))
            closes.append(window_closes(delivered_at, rule.no_reason_days))
            if applied_at >= closes[-1]:
                refusals.append(replace(NO_REASON_WINDOW_PASSED, item=i))
    if reason in FAULT_REASONS:
        _known("fault_days", reason, fault_days)
        closes.append(window_closes(delivered_at, fault_days[reason]))
        if applied_at >= closes[-1]:
            refusals.append(FAULT_WINDOW_PASSED)
    cbec_apply_by = application_deadline(released_at)
    if applied_at > cbec_apply_by:  # same comparison as customs/declarations.py
        refusals.append(CBEC_WINDOW_PASSED)

    decision = Decision(
        allowed=not refusals, reasons=tuple(refusals), kind=kind, reason=reason,
        window_closes=min(closes, default=None), cbec_apply_by=cbec_apply_by,
        ship_back_by=arrival_deadline(released_at), shipping=None, refund=None,
    )  # fmt: skip
    if refusals:
        return decision
    shipping = shipping_payer(
        reason=reason, tier=tier, free_used=free_used, free_returns=free_returns
    )
    grounds = [FAULT if reason in FAULT_REASONS else NO_REASON_RETURN, shipping.reason]
    money = None
    if kind == RETURN:
        deduct = return_freight if shipping.payer == SHOPPER else ZERO
        money = refund(items, reason=reason, return_shipping=deduct)
        grounds += [FREIGHT_KEPT] if money.freight_kept else []
        grounds.append(TAX_AFTER_CUSTOMS)  # cbec-rules.md D9
    return replace(decision, reasons=tuple(grounds), shipping=shipping, refund=money)


_PART_FIELDS = ("goods", "freight", "discount", "tariff", "consumption_tax", "vat")
_LINE_MONEY = ("goods", "freight", "discount", "tariff", "consumption_tax", "vat", "payable")


def _at(prefix: str, fn, *args):
    """Call `fn`, naming the field in an error as `prefix.field`."""
    try:
        return fn(*args)
    except PolicyInputError as exc:
        raise PolicyInputError(f"{prefix}.{exc.field}", exc.message) from None


def _check_item(item: Item, categories: Mapping[str, CategoryRule]) -> PaidLine:
    _known("category", item.category, categories)
    _count("quantity", item.quantity, minimum=1)
    _count("already", item.already, minimum=0)
    _check_line(item.line, "line")
    if item.already > item.line.quantity:
        raise PolicyInputError("already", _("more units than the line has"))
    return item.line


def _check_line(line: PaidLine, prefix: str) -> None:
    _count(f"{prefix}.quantity", line.quantity, minimum=1)
    for name in _LINE_MONEY:
        _money(f"{prefix}.{name}", getattr(line, name))
    if line.discount > line.goods:  # the tax engine never allocates more coupon than goods
        raise PolicyInputError(f"{prefix}.discount", _("more than the goods value"))
    parts = line.goods + line.freight + line.tariff + line.consumption_tax + line.vat
    if line.payable != parts - line.discount:
        raise PolicyInputError(f"{prefix}.payable", _("not goods + freight + taxes - discount"))


def _known(field: str, value, allowed) -> None:
    if value not in allowed:
        raise PolicyInputError(field, _("unknown value %(v)r") % {"v": value})


def _count(field: str, value, *, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise PolicyInputError(field, _("a whole number of at least %(n)d") % {"n": minimum})


def _money(field: str, value) -> None:
    # Whole fen only: the figures come from the order as paid, each already rounded once.
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise PolicyInputError(field, _("a non-negative Decimal amount is required"))
    if value != round_fen(value):
        raise PolicyInputError(field, _("must be in whole fen"))
