"""What a cart would become at checkout (pure over loaded records; no queries here).

Given the cart's SKUs (loaded with product, tax profile and merchant), stock per warehouse and
the buyer's annual allowance already used, `plan` decides, line by line, whether it can be
bought and from where, groups the lines into customs orders (one seller and one warehouse each,
`sourcing.py`), prices every order with the tax engine (freight from `freight.py`, counted in
the dutiable value), and says what stops the checkout: a line that cannot be bought, an order
over the ¥5,000 single-transaction limit (offering the split of `splitting.py`), or the annual
allowance. The figures shown in the cart and at checkout and the figures placed come from this
one function, so what the shopper sees is what the order declares and what is charged.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from freeport.customs import tax
from freeport.customs.quoting import line_for_sku
from freeport.kernel.money import format_cny

from . import freight as freight_rule
from . import promotions as promo
from .sourcing import Short, Store, source
from .splitting import split_units

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Settings:
    freight: Decimal
    free_freight_from: Decimal
    max_quantity: int
    max_lines: int


@dataclass
class Item:
    """One cart line as the shopper sees it."""

    sku: object
    quantity: int
    problem: str = ""  # why it cannot be bought now ("" when it can)
    code: str = ""  # stable problem code: unavailable, not_positive_list, out_of_stock, ...
    available: int | None = None


@dataclass
class PlannedOrder:
    merchant: object
    store: Store
    items: list[tuple[object, int]]
    quote: tax.Quote | None = None
    freight: Decimal = ZERO
    to_free_freight: Decimal = ZERO
    cuts: list[Decimal] = field(default_factory=list)  # open price cut per item (promotions)
    discount: Decimal = ZERO  # this order's share of the coupon (non-cash)

    @property
    def goods(self) -> Decimal:
        """List-price goods value (before promotions)."""
        return sum((sku.price * qty for sku, qty in self.items), ZERO)

    @property
    def price_cut(self) -> Decimal:
        return sum(self.cuts, ZERO)

    @property
    def rows(self) -> list[tuple[tuple[object, int], object]]:
        """(item, line figures) pairs; figures are None when the order cannot be priced."""
        figures = list(self.quote.lines) if self.quote and self.quote.lines else []
        return list(zip(self.items, figures or [None] * len(self.items), strict=True))

    @property
    def is_single_item(self) -> bool:
        return len(self.items) == 1 and self.items[0][1] == 1


@dataclass
class Plan:
    items: list[Item]
    orders: list[PlannedOrder] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    split_into: int = 0  # > 0: splitting would give this many orders, each under the limit
    annual_used: Decimal = ZERO
    totals: dict[str, Decimal] = field(default_factory=dict)
    price_cut: Decimal = ZERO  # automatic promotions, already out of the goods value
    promotions: list[tuple[object, promo.Promotion, Decimal]] = field(default_factory=list)
    hints: list[tuple[object, Decimal, Decimal]] = field(
        default_factory=list
    )  # merchant, more, off
    coupon: promo.Coupon | None = None
    coupon_reason: str = ""  # "ok" or why the coupon does not apply

    @property
    def can_place(self) -> bool:
        return bool(self.orders) and not self.problems and all(not i.problem for i in self.items)


def _check_item(item: Item, limits: Settings) -> None:
    sku, product = item.sku, item.sku.product
    if not sku.is_active or product.status != "approved":
        item.code, item.problem = "unavailable", _("This item is no longer sold.")
    elif not product.positive_list:
        item.code = "not_positive_list"
        item.problem = _("Not on the CBEC positive list: it cannot be imported as a CBEC order.")
    elif item.quantity > limits.max_quantity:
        item.code = "quantity_limit"
        item.problem = _("At most %(n)d of one item per order.") % {"n": limits.max_quantity}


def plan(
    lines: list[tuple[object, int]],
    *,
    available: dict[tuple[int, int], int],
    stores: dict[int, Store],
    annual_used: Decimal,
    limits: Settings,
    split: bool = False,
    promotions: list[promo.Promotion] = (),
    coupon: promo.Coupon | None = None,
    shopper: promo.Shopper | None = None,
    now=None,
) -> Plan:
    """`lines`: [(sku, quantity)]; `available`: (sku_id, warehouse_id) → units sellable now;
    `promotions`: the automatic promotions running now; `coupon`: the code the shopper entered
    (with `shopper` for its limits)."""
    result = Plan(items=[Item(sku, qty) for sku, qty in lines], annual_used=annual_used)
    if len(lines) > limits.max_lines:
        result.codes.append("too_many_lines")
        result.problems.append(
            _("A cart holds at most %(n)d different items.") % {"n": limits.max_lines}
        )
    groups: dict[tuple[int, int], PlannedOrder] = {}
    for item in result.items:
        _check_item(item, limits)
        if item.problem:
            continue
        sku = item.sku
        here = {wh: n for (s, wh), n in available.items() if s == sku.pk and wh in stores}
        sourced = source(sku.pk, item.quantity, here, list(stores.values()))
        if isinstance(sourced, Short):
            item.available = sourced.available
            item.code = "out_of_stock"
            item.problem = (
                _("Out of stock.")
                if sourced.available == 0
                else ngettext("Only %(n)d left.", "Only %(n)d left.", sourced.available)
                % {"n": sourced.available}
            )
            continue
        for warehouse_id, qty in sourced:
            key = (sku.merchant_id, warehouse_id)
            if key not in groups:
                groups[key] = PlannedOrder(sku.merchant, stores[warehouse_id], [])
            groups[key].items.append((sku, qty))
    for order in groups.values():
        result.orders.extend(_fit(order, limits, split, result))
    _promote(result, list(promotions))
    if coupon is not None:
        _apply_coupon(result, coupon, shopper or promo.Shopper(False, 0), now)
    _price(result, limits)
    if "single_limit" in result.codes and not split:
        proposal = plan(lines, available=available, stores=stores, annual_used=annual_used,
                        limits=limits, split=True, promotions=promotions)  # fmt: skip
        result.split_into = len(proposal.orders)
    return result


def _fit(order: PlannedOrder, limits: Settings, split: bool, result: Plan) -> list[PlannedOrder]:
    """The order as is, or split into orders under the single-transaction limit."""
    if order.goods + limits.freight <= tax.SINGLE_LIMIT or order.is_single_item:
        return [order]
    parts = split_units(
        [(sku.pk, sku.price, qty) for sku, qty in order.items], reserve=limits.freight
    )
    if len(parts) == 1:
        return [order]
    if not split:
        return [order]
    skus = {sku.pk: sku for sku, _ in order.items}
    return [
        PlannedOrder(order.merchant, order.store, [(skus[s], q) for s, q in part.items()])
        for part in parts
    ]


def _promote(result: Plan, promotions: list[promo.Promotion]) -> None:
    """Per merchant, the best automatic promotion, cut from the goods of its lines."""
    for order in result.orders:
        order.cuts = [ZERO] * len(order.items)
    by_merchant: dict[int, list[PlannedOrder]] = {}
    for order in result.orders:
        by_merchant.setdefault(order.merchant.pk, []).append(order)
    for merchant_id, orders in by_merchant.items():
        goods = sum((o.goods for o in orders), ZERO)
        hint = promo.next_threshold(promotions, merchant_id, goods)
        if hint:
            result.hints.append((orders[0].merchant, *hint))
        best = promo.best_promotion(promotions, merchant_id, goods)
        if best is None:
            continue
        slots = [(o, i) for o in orders for i in range(len(o.items))]
        units = [(o.items[i][0].price, o.items[i][1]) for o, i in slots]
        cuts = promo.unit_cuts(best.amount, units)
        if any(cut >= price * qty for cut, (price, qty) in zip(cuts, units, strict=True)):
            continue  # a line would be free: not a price cut customs would accept
        for (order, i), cut in zip(slots, cuts, strict=True):
            order.cuts[i] = cut
        result.price_cut += best.amount
        result.promotions.append((orders[0].merchant, best, best.amount))


def _apply_coupon(result: Plan, coupon: promo.Coupon, shopper: promo.Shopper, now) -> None:
    """The coupon's amount over the orders it covers (after promotions), or why it cannot."""
    result.coupon = coupon
    covered = [o for o in result.orders if coupon.merchant_id in (None, o.merchant.pk)]
    goods = [o.goods - o.price_cut for o in covered]
    verdict = promo.coupon_verdict(
        coupon, shopper=shopper, eligible_goods=sum(goods, ZERO), now=now
    )
    result.coupon_reason = verdict.reason
    if verdict.reason != "ok":
        result.codes.append("coupon_refused")
        result.problems.append(_coupon_message(verdict.reason, coupon))
        return
    for order, part in zip(covered, promo.split_over(verdict.amount, goods), strict=True):
        order.discount = part


def _coupon_message(reason: str, coupon: promo.Coupon) -> str:
    messages = {
        "inactive": _("This coupon is not valid."),
        "not_started": _("This coupon cannot be used yet."),
        "expired": _("This coupon has expired."),
        "used_up": _("This coupon has run out."),
        "new_shopper_only": _("This coupon is for a first order only."),
        "limit_reached": _("You have already used this coupon."),
        "no_eligible_goods": _("This coupon does not cover any item in your cart."),
        "below_min_spend": _("Spend at least %(amount)s on eligible items to use this coupon.")
        % {"amount": format_cny(coupon.min_spend)},
    }
    return messages.get(reason, _("This coupon cannot be used."))


def _price(result: Plan, limits: Settings) -> None:
    used = result.annual_used
    totals = dict.fromkeys(tax.TOTAL_FIELDS, ZERO)
    for order in result.orders:
        spent = order.goods - order.price_cut  # freight is free on what the shopper spends
        order.freight = freight_rule.freight_for(
            spent, flat=limits.freight, free_from=limits.free_freight_from
        )
        order.to_free_freight = freight_rule.to_free_freight(
            spent, free_from=limits.free_freight_from
        )
        order.quote = tax.quote(
            tax.OrderInput(
                lines=tuple(
                    line_for_sku(sku, qty, price_cut=cut)
                    for (sku, qty), cut in zip(order.items, order.cuts, strict=True)
                ),
                freight=order.freight,
                discount=order.discount,
                annual_used=used,
            )
        )
        q = order.quote
        if q.regime == tax.REFUSED:
            if q.reason == tax.SINGLE_LIMIT_REASON and "single_limit" not in result.codes:
                result.codes.append("single_limit")
                result.problems.append(
                    _(
                        "A customs order of several items may not exceed ¥5,000. "
                        "Split it into orders that fit, or remove some items."
                    )
                )
            elif q.reason == tax.ANNUAL_LIMIT_REASON and "annual_limit" not in result.codes:
                result.codes.append("annual_limit")
                result.problems.append(
                    _(
                        "This would exceed the buyer's ¥26,000 annual CBEC allowance "
                        "(%(remaining)s left this year)."
                    )
                    % {"remaining": format_cny(max(tax.ANNUAL_LIMIT - result.annual_used, ZERO))}
                )
        else:
            used += q.totals["dutiable_value"]
        for name in tax.TOTAL_FIELDS:
            totals[name] += q.totals[name]
    result.totals = totals
