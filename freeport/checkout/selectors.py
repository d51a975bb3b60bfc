"""Checkout reads: the cart, and what it would become at checkout (`checkout_plan`)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from freeport.catalog.models import SKU
from freeport.customs.selectors import quota_used
from freeport.inventory.models import Warehouse
from freeport.inventory.selectors import available_by_warehouse
from freeport.orders import states
from freeport.orders.models import Order

from . import plan as planning
from .models import Cart, CartLine
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


def cart_count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return CartLine.objects.filter(cart=cart).aggregate(n=Sum("quantity"))["n"] or 0


def stores() -> dict[int, Store]:
    return {
        w.pk: Store(w.pk, w.dispatch_hours, w.position, w.name())
        for w in Warehouse.objects.filter(kind=Warehouse.Kind.BONDED)
    }


def annual_used(id_index: str, now: datetime) -> Decimal:
    """The buyer's allowance already taken this year: paid orders (the quota ledger) plus orders
    placed and not yet paid, which will count once paid."""
    pending = Order.objects.filter(buyer_id_index=id_index, state=states.PENDING_PAYMENT).aggregate(
        s=Sum("dutiable_value")
    )["s"]
    return quota_used(id_index, now) + (pending or Decimal("0.00"))


def checkout_plan(
    lines: list[tuple[SKU, int]], *, buyer=None, split: bool = False, now: datetime | None = None
) -> planning.Plan:
    now = now or timezone.now()
    sku_ids = [sku.pk for sku, _ in lines]
    return planning.plan(
        lines,
        available=available_by_warehouse(sku_ids, deliver_by=deliver_by(now)) if lines else {},
        stores=stores(),
        annual_used=annual_used(buyer.id_index, now) if buyer else Decimal("0.00"),
        limits=limits(),
        split=split,
    )
