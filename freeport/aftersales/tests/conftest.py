"""A delivered order, paid through the sandbox and released by the simulated customs, so a
return can go all the way: CEB625, stock back into its lots, refund through the payment."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from freeport.catalog.models import SKU
from freeport.customs import declarations
from freeport.fulfillment import services as fulfillment
from freeport.fulfillment import tracking
from freeport.fulfillment.models import Shipment
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders.testing import group_make, shopper_make, stock_make, warehouse_make
from freeport.payments.services import payment_start, sandbox_pay

FAST = {"accept_seconds": 1, "release_seconds": 5, "inspection_every": 0, "down": False}


def run(*seconds: int) -> None:
    """Let time pass: deliver the outbox, then poll customs receipts, `seconds` from now."""
    start = timezone.now()
    for s in seconds:
        at = start + timedelta(seconds=s)
        outbox_dispatch(now=at)
        declarations.receipts_poll(now=at)


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the site's default language is zh-Hans)."""
    with translation.override("en"):
        yield


@pytest.fixture
def customs(settings):
    settings.CUSTOMS_SIMULATOR = dict(FAST)


@pytest.fixture
def photo_root(settings, tmp_path):
    settings.AFTERSALES_PHOTO_ROOT = str(tmp_path / "photos")
    return tmp_path / "photos"


@pytest.fixture
def skus(catalog):
    return {s.code: s for s in SKU.objects.select_related("product")}


def deliver(user, buyer, address, items, *, key="k1"):
    """Place, pay (sandbox), declare, release, ship and deliver one order of `items`."""
    group = group_make(user, buyer, address, items, key=key)
    payment = payment_start(group=group, user=user)
    sandbox_pay(payment=payment, deliver_now=False)
    outbox_dispatch()  # the payment notification: paid; then declared
    run(0, 2, 10, 11, 12, 20)  # customs accepts and releases; the order is cleared
    order = group.orders.get()
    outbox_dispatch()  # the shipment and its pick list
    order.refresh_from_db()
    assert order.state == "cleared", order.state
    shipment = Shipment.objects.get(order=order)
    for line in shipment.pick_lines.select_related("lot"):
        fulfillment.shipment_scan(
            shipment_id=shipment.pk, scan=line.lot.batch_number, quantity=line.quantity
        )
    fulfillment.shipment_pack(shipment_id=shipment.pk, weight_kg=str(shipment.expected_weight_kg))
    fulfillment.shipment_label(shipment_id=shipment.pk)
    released = declarations.released_at(declarations.Declaration.objects.get(order_no=order.number))
    fulfillment.shipment_hand_over(shipment_id=shipment.pk, at=released + timedelta(hours=1))
    delivered_at = released + timedelta(days=1)
    fulfillment.tracking_apply(
        waybill_number=shipment.waybill_number,
        events=[tracking.Event("D1", tracking.DELIVERED, delivered_at, "青岛市", "signed")],
    )
    order.refresh_from_db()
    assert order.state == "delivered"
    return order


@pytest.fixture
def shopper(catalog):
    user, buyer, address = shopper_make()
    user.email = "shopper@example.com"
    user.save()
    return user, buyer, address


@pytest.fixture
def delivered(customs, skus, shopper):
    """2 x F1-900 (infant formula, shipped from two lots) and 1 x C1-50 (skincare), delivered
    one day after customs released them."""
    warehouse = warehouse_make()
    stock_make(skus["F1-900"], 1, warehouse)
    stock_make(skus["F1-900"], 5, warehouse)
    stock_make(skus["C1-50"], 5, warehouse)
    return deliver(*shopper, [(skus["F1-900"], 2), (skus["C1-50"], 1)])
