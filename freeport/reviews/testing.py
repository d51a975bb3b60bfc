"""Test data builders for reviews (not used in production code): a delivered order, moved
through the order state machine, with a delivered parcel."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from freeport.fulfillment.models import Shipment
from freeport.orders.models import Order
from freeport.orders.services import order_transition
from freeport.orders.testing import group_make

TO_DELIVERED = ("pay", "declare", "clear", "pick", "ship", "deliver")


def order_make(user, buyer, address, items, *, key="k1", delivered_at: datetime | None = None,
               upto: str = "deliver") -> Order:  # fmt: skip
    """One order of `items` [(sku, qty)] moved up to event `upto` ("deliver" by default: its
    parcel delivered at `delivered_at`, default one day ago). The outbox is not dispatched."""
    group = group_make(user, buyer, address, items, key=key)
    order = group.orders.get()
    for event in TO_DELIVERED[: TO_DELIVERED.index(upto) + 1]:
        order = order_transition(order_id=order.pk, event=event)
    if upto in ("ship", "deliver"):
        now = timezone.now()
        delivered = upto == "deliver"
        Shipment.objects.create(
            order=order, warehouse_id=order.warehouse_id,
            status=Shipment.Status.DELIVERED if delivered else Shipment.Status.IN_TRANSIT,
            carrier="simulator", waybill_number=f"FPT{order.pk:010d}",
            destination_province=order.province, destination_city=order.city,
            expected_weight_kg=Decimal("1.000"), paid_at=now - timedelta(days=3),
            due_at=now - timedelta(days=2),
            delivered_at=(delivered_at or now - timedelta(days=1)) if delivered else None,
        )  # fmt: skip
    return order
