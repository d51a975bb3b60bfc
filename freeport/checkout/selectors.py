"""Checkout reads: the cart, and what it would become at checkout (`checkout_plan`)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from freeport.catalog.models import SKU
from freeport.customs.selectors import quota_used
from freeport.inventory.models import Warehouse
from freeport.inventory.selectors import available_by_warehouse
from freeport.orders import states
from freeport.orders.models import Order

from . import plan as planning
from . import promotions as promo
from .models import Cart, CartLine, Coupon, CouponRedemption, Promotion
from .sourcing import Store


def limits() -> planning.Settings:
    return planning.Settings(
        freight=Decimal(settings.CHECKOUT_FREIGHT),
        free_freight_from=Decimal(settings.CHECKOUT_FREE_FREIGHT_FROM),
        max_quantity=settings.CHECKOUT_MAX_QUANTITY,
        max_lines=settings.CHECKOUT_MAX_LINES,
    )


def deliver_by(now: datetime) -> date:
    """The latest delivery date promised: stock must stay good past it (inventory's margin)."""
    return timezone.localdate(now) + timedelta(days=settings.CHECKOUT_DELIVERY_DAYS)


def cart_of(*, user=None, session_key: str | None = None) -> Cart | None:
    if user is not None and user.is_authenticated:
        return Cart.objects.filter(user=user).first()
    if session_key:
        return Cart.objects.filter(session_key=session_key, user__isnull=True).first()
    return None


def cart_lines(cart: Cart | None) -> list[tuple[SKU, int]]:
    if cart is None:
        return []
    lines = CartLine.objects.filter(cart=cart).select_related(
        "sku__product__tax_profile", "sku__product__brand", "sku__merchant"
    )
    return [(line.sku, line.quantity) for line in lines]


def cart_lines_of(*, user=None, session_key: str | None = None) -> list[tuple[SKU, int]]:
    """`cart_lines(cart_of(...))` in one query (the lines joined to their cart's owner)."""
    if user is not None and user.is_authenticated:
        lines = CartLine.objects.filter(cart__user=user)
    elif session_key:
        lines = CartLine.objects.filter(cart__session_key=session_key, cart__user__isnull=True)
    else:
        return []
    lines = lines.select_related(
        "sku__product__tax_profile", "sku__product__brand", "sku__merchant"
    )
    return [(line.sku, line.quantity) for line in lines]


def cart_count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return CartLine.objects.filter(cart=cart).aggregate(n=Sum("quantity"))["n"] or 0


def bonded_warehouses() -> list[Warehouse]:
    return list(Warehouse.objects.filter(kind=Warehouse.Kind.BONDED))


def stores(warehouses: list[Warehouse] | None = None) -> dict[int, Store]:
    """The bonded warehouses as sourcing sees them (`warehouses`: already loaded ones)."""
    if warehouses is None:
        warehouses = bonded_warehouses()
    return {w.pk: Store(w.pk, w.dispatch_hours, w.position, w.name()) for w in warehouses}


def annual_used(id_index: str, now: datetime) -> Decimal:
    """The buyer's allowance already taken this year: paid orders (the quota ledger) plus orders
    placed and not yet paid, which will count once paid."""
    pending = Order.objects.filter(buyer_id_index=id_index, state=states.PENDING_PAYMENT).aggregate(
        s=Sum("dutiable_value")
    )["s"]
    return quota_used(id_index, now) + (pending or Decimal("0.00"))


def promotions_running(now: datetime) -> list[promo.Promotion]:
    rows = Promotion.objects.filter(is_active=True, valid_from__lte=now, valid_until__gt=now)
    return [promo.Promotion(p.pk, p.threshold, p.amount, p.merchant_id, p.name_zh) for p in rows]


def coupon_rule(coupon: Coupon) -> promo.Coupon:
    used = (
        coupon.redemptions.exclude(status=CouponRedemption.Status.RETURNED).count()
        if coupon.total_limit is not None
        else 0
    )
    return promo.Coupon(
        code=coupon.code, kind=coupon.kind, amount=coupon.amount, percent=coupon.percent,
        min_spend=coupon.min_spend, max_off=coupon.max_off, merchant_id=coupon.merchant_id,
        valid_from=coupon.valid_from, valid_until=coupon.valid_until,
        new_shopper_only=coupon.new_shopper_only, per_shopper_limit=coupon.per_shopper_limit,
        remaining=None if coupon.total_limit is None else coupon.total_limit - used,
        active=coupon.is_active,
    )  # fmt: skip


def coupon_by_code(code: str) -> Coupon | None:
    code = (code or "").strip().upper()
    return Coupon.objects.filter(code=code).first() if code else None


def shopper_facts(user, coupon: Coupon) -> promo.Shopper:
    if user is None or not user.is_authenticated:
        return promo.Shopper(has_paid_orders=False, uses_of_coupon=0)
    return promo.Shopper(
        has_paid_orders=Order.objects.filter(user=user, paid_at__isnull=False).exists(),
        uses_of_coupon=CouponRedemption.objects.filter(coupon=coupon, user=user)
        .exclude(status=CouponRedemption.Status.RETURNED)
        .count(),
    )


def checkout_plan(
    lines: list[tuple[SKU, int]],
    *,
    buyer=None,
    split: bool = False,
    now: datetime | None = None,
    coupon_code: str = "",
    user=None,
    warehouses: list[Warehouse] | None = None,
) -> planning.Plan:
    """The cart as it would be placed now. An unknown coupon code is a problem of the plan.
    `warehouses`: the bonded warehouses when the caller has loaded them (bonded_warehouses)."""
    now = now or timezone.now()
    sku_ids = [sku.pk for sku, _ in lines]
    coupon = coupon_by_code(coupon_code)
    result = planning.plan(
        lines,
        available=available_by_warehouse(sku_ids, deliver_by=deliver_by(now)) if lines else {},
        stores=stores(warehouses),
        annual_used=annual_used(buyer.id_index, now) if buyer else Decimal("0.00"),
        limits=limits(),
        split=split,
        promotions=promotions_running(now),
        coupon=coupon_rule(coupon) if coupon else None,
        shopper=shopper_facts(user, coupon) if coupon else None,
        now=now,
    )
    if coupon_code.strip() and coupon is None:
        result.codes.append("coupon_refused")
        result.coupon_reason = "unknown"
        result.problems.append(_("There is no coupon with this code."))
    return result
