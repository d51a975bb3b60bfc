"""Promotions and coupons (pure: no ORM). Sources: cbec-rules.md §2, CEB311 field notes.

Two kinds of reduction, treated differently by customs:

* **Open price cuts** (`Promotion`: an automatic "spend X save Y" offered to every shopper) lower
  the goods value itself, and so the dutiable value and the taxes. They are allocated to the
  lines they cover as whole fen per *unit* (largest remainder over units), so every unit keeps a
  price in whole fen and the declared price x qty is exact (a line whose units got different
  cuts is declared as two goods lines).
* **Non-cash discounts** (`Coupon`: coupons and vouchers, whoever funds them) do not lower the
  dutiable value: they are CEB311 `discount`, lowering only what the shopper pays. The tax
  engine allocates an order's discount to its lines; here a coupon's amount is allocated to the
  orders it covers.

Every allocation is exact: the parts sum to the whole to the fen (largest remainder, ties to
the earlier part), so partial refunds can be computed exactly from the line parts.
Per merchant, the best open promotion applies (merchant's own or platform-wide, evaluated on
that merchant's goods); one coupon per checkout. Every "no" carries its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from freeport.customs.tax import allocate
from freeport.kernel.money import FEN, round_fen

ZERO = Decimal("0.00")
FIXED, PERCENT, THRESHOLD = "fixed", "percent", "threshold"


@dataclass(frozen=True)
class Promotion:
    """Automatic spend-X-save-Y on a merchant's goods (merchant_id None: every merchant's)."""

    id: int
    threshold: Decimal
    amount: Decimal
    merchant_id: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Coupon:
    code: str
    kind: str  # fixed | percent | threshold
    amount: Decimal = ZERO  # fixed / threshold: the amount off
    percent: Decimal = ZERO  # percent: e.g. 10 for 10 %
    min_spend: Decimal = ZERO  # threshold (and optionally the others): eligible goods at least
    max_off: Decimal | None = None  # cap for percent coupons
    merchant_id: int | None = None  # merchant-funded: only that merchant's goods
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    new_shopper_only: bool = False
    per_shopper_limit: int = 1
    remaining: int | None = None  # issued coupons left (None: unlimited)
    active: bool = True


@dataclass(frozen=True)
class Shopper:
    has_paid_orders: bool
    uses_of_coupon: int  # this coupon's redemptions held or used by this shopper


@dataclass(frozen=True)
class Verdict:
    amount: Decimal  # 0 when refused
    reason: str  # stable code: ok, inactive, not_started, expired, new_shopper_only, ...


def best_promotion(promotions: list[Promotion], merchant_id: int, goods: Decimal):
    """The promotion saving the most on a merchant's goods (ties: lower threshold, lower id)."""
    fitting = [
        p for p in promotions
        if p.merchant_id in (None, merchant_id) and goods >= p.threshold and p.amount < goods
    ]  # fmt: skip
    return min(fitting, key=lambda p: (-p.amount, p.threshold, p.id), default=None)


def next_threshold(promotions: list[Promotion], merchant_id: int, goods: Decimal):
    """(more to spend, saving) for the nearest better promotion not yet reached, else None."""
    current = best_promotion(promotions, merchant_id, goods)
    saving_now = current.amount if current else ZERO
    ahead = [
        p for p in promotions
        if p.merchant_id in (None, merchant_id) and p.threshold > goods and p.amount > saving_now
    ]  # fmt: skip
    if not ahead:
        return None
    nearest = min(ahead, key=lambda p: (p.threshold, -p.amount))
    return nearest.threshold - goods, nearest.amount


def unit_cuts(total: Decimal, units: list[tuple[Decimal, int]]) -> list[Decimal]:
    """Allocate an open price cut to lines [(unit_price, qty)] as whole fen per unit.

    Returns each line's cut; they sum exactly to `total`. Units are weighted by price (largest
    remainder over units), so within a line cuts differ by at most one fen per unit.
    """
    weights = [price for price, qty in units for _ in range(qty)]
    per_unit = allocate(total, weights)
    cuts, i = [], 0
    for _, qty in units:
        cuts.append(sum(per_unit[i : i + qty], ZERO))
        i += qty
    return cuts


def unit_prices(unit_price: Decimal, qty: int, cut: Decimal) -> list[tuple[Decimal, int]]:
    """A line's units after its cut as [(price, count)]: one price, or two a fen apart."""
    fen = int(cut / FEN)
    base, extra = divmod(fen, qty)
    high = unit_price - base * FEN
    parts = [(high, qty - extra), (high - FEN, extra)]
    return [(p, n) for p, n in parts if n]


def coupon_amount(coupon: Coupon, eligible_goods: Decimal) -> Decimal:
    """What a coupon takes off eligible goods (never more than they are worth)."""
    if coupon.kind == PERCENT:
        off = round_fen(eligible_goods * coupon.percent / 100)
        if coupon.max_off is not None:
            off = min(off, coupon.max_off)
    else:  # fixed and threshold: a fixed amount (threshold coupons need min_spend)
        off = coupon.amount
    return min(off, eligible_goods).quantize(FEN, rounding=ROUND_DOWN)


def coupon_verdict(
    coupon: Coupon, *, shopper: Shopper, eligible_goods: Decimal, now: datetime
) -> Verdict:
    """Whether and how much a coupon takes off; the first reason that refuses it."""
    checks = (
        (not coupon.active, "inactive"),
        (coupon.valid_from is not None and now < coupon.valid_from, "not_started"),
        (coupon.valid_until is not None and now >= coupon.valid_until, "expired"),
        (coupon.remaining is not None and coupon.remaining <= 0, "used_up"),
        (coupon.new_shopper_only and shopper.has_paid_orders, "new_shopper_only"),
        (shopper.uses_of_coupon >= coupon.per_shopper_limit, "limit_reached"),
        (eligible_goods <= 0, "no_eligible_goods"),
        (eligible_goods < coupon.min_spend, "below_min_spend"),
    )
    for refused, reason in checks:
        if refused:
            return Verdict(ZERO, reason)
    return Verdict(coupon_amount(coupon, eligible_goods), "ok")


def split_over(total: Decimal, goods: list[Decimal]) -> list[Decimal]:
    """A coupon's amount over the orders it covers, pro rata to their goods, exact to the fen."""
    return allocate(total, goods)
