"""A released order through the warehouse and to the shopper's door."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from freeport.fulfillment import services
from freeport.fulfillment.models import Shipment
from freeport.inventory.models import Reservation, StockLot, StockMovement
from freeport.kernel.outbox import outbox_dispatch
from freeport.notifications.models import Notification
from freeport.orders import services as orders
from freeport.orders.models import Order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment(cleared):
    outbox_dispatch()  # orders.transition(clear) → the shipment and its pick list
    return Shipment.objects.get(order=cleared)


def _pick_all(shipment):
    for line in shipment.pick_lines.select_related("lot"):
        services.shipment_scan(shipment_id=shipment.pk, scan=line.lot.batch_number,
                               quantity=line.quantity)  # fmt: skip


def _to_labelled(shipment):
    _pick_all(shipment)
    services.shipment_pack(shipment_id=shipment.pk, weight_kg=str(shipment.expected_weight_kg))
    return services.shipment_label(shipment_id=shipment.pk)


def test_release_creates_the_shipment_with_the_reserved_lots(cleared, shipment):
    reserved = Reservation.objects.filter(reference=cleared.number)
    assert sorted(shipment.pick_lines.values_list("lot_id", "quantity")) == sorted(
        reserved.values_list("lot_id", "quantity")
    )
    assert all(line.bin_location for line in shipment.pick_lines.all())
    weights = sum(line.sku.gross_weight_kg * line.quantity for line in shipment.pick_lines.all())
    assert shipment.expected_weight_kg == weights + Decimal("0.150")
    assert shipment.due_at == cleared.paid_at + timedelta(hours=24)
    assert services.shipment_create(order_id=cleared.pk) == shipment  # idempotent
    assert Shipment.objects.count() == 1


def test_an_order_not_released_gets_no_shipment(cleared):
    Order.objects.filter(pk=cleared.pk).update(state="declared")
    assert services.shipment_create(order_id=cleared.pk) is None


def test_a_wrong_scan_changes_nothing_and_the_first_good_one_starts_picking(cleared, shipment):
    with pytest.raises(services.FulfillmentError) as info:
        services.shipment_scan(shipment_id=shipment.pk, scan="0000000000000")
    assert info.value.field == "scan" and "not on this pick list" in str(info.value.message)
    assert Order.objects.get(pk=cleared.pk).state == "cleared"
    line = shipment.pick_lines.select_related("sku").first()
    services.shipment_scan(shipment_id=shipment.pk, scan=line.sku.gtin)
    assert Order.objects.get(pk=cleared.pk).state == "picking"
    assert shipment.pick_lines.get(pk=line.pk).picked == 1


def test_the_last_scan_picks_the_stock(cleared, shipment):
    _pick_all(shipment)
    shipment.refresh_from_db()
    assert shipment.status == "picked" and shipment.picked_at
    statuses = set(
        Reservation.objects.filter(reference=cleared.number).values_list("status", flat=True)
    )
    assert statuses == {"picked"}
    assert StockMovement.objects.filter(kind="pick", reference=cleared.number).count() == 3


def test_steps_out_of_order_are_refused(shipment):
    with pytest.raises(services.FulfillmentError) as info:
        services.shipment_pack(shipment_id=shipment.pk, weight_kg="1.000")
    assert info.value.field == "status"
    with pytest.raises(services.FulfillmentError):
        services.shipment_hand_over(shipment_id=shipment.pk)


@pytest.mark.parametrize("bad", ["", "abc", "-1", "0", "0.0004", "NaN", "1e9"])
def test_bad_weights_are_refused(shipment, bad):
    _pick_all(shipment)
    with pytest.raises(services.FulfillmentError) as info:
        services.shipment_pack(shipment_id=shipment.pk, weight_kg=bad)
    assert info.value.field == "weight"
    assert Shipment.objects.get(pk=shipment.pk).status == "picked"


def test_a_parcel_outside_the_tolerance_needs_a_reason(shipment):
    _pick_all(shipment)
    light = shipment.expected_weight_kg / 2
    with pytest.raises(services.FulfillmentError) as info:
        services.shipment_pack(shipment_id=shipment.pk, weight_kg=str(light))
    assert "recount" in str(info.value.message)
    assert Shipment.objects.get(pk=shipment.pk).measured_weight_kg is None
    packed = services.shipment_pack(
        shipment_id=shipment.pk,
        weight_kg=str(light),
        override_reason="scale recalibrated, recounted: 3 items",
    )
    assert packed.status == "packed" and packed.weight_override.startswith("scale")


def test_hand_over_ships_the_stock_and_tells_the_shopper(cleared, shipment):
    on_hand = sum(StockLot.objects.values_list("quantity_on_hand", flat=True))
    _to_labelled(shipment)
    handed = services.shipment_hand_over(shipment_id=shipment.pk)
    assert handed.status == "handed_over" and handed.estimated_delivery_at > handed.handed_over_at
    assert handed.estimate_basis == "standard estimate"
    assert sum(StockLot.objects.values_list("quantity_on_hand", flat=True)) == on_hand - 3
    assert Order.objects.get(pk=cleared.pk).state == "shipped"
    assert handed.events.get().code == "handed_over"
    notice = Notification.objects.get(kind="shipment.shipped")
    assert handed.waybill_number in notice.body and notice.user == cleared.user
    outbox_dispatch()
    assert [m.subject for m in mail.outbox] == [notice.title]
    again = services.shipment_hand_over(shipment_id=shipment.pk)  # a second scan at the dock
    assert again.events.count() == 1 and Notification.objects.count() == 1


def test_delivery_event_delivers_the_order(cleared, shipment):
    from freeport.fulfillment import tracking

    _to_labelled(shipment)
    services.shipment_hand_over(shipment_id=shipment.pk)
    at = timezone.now() + timedelta(hours=30)
    events = [tracking.Event("d1", "delivered", at, "上海市")]
    for _ in range(3):  # pushed three times
        done = services.tracking_apply(waybill_number=shipment.waybill_number, events=events)
    assert done.status == "delivered" and done.delivered_at == at
    assert Order.objects.get(pk=cleared.pk).state == "delivered"
    assert done.events.count() == 2
    assert Notification.objects.filter(kind="shipment.delivered").count() == 1


def test_tracking_for_an_unknown_or_unshipped_parcel_is_refused(shipment):
    from freeport.fulfillment import tracking

    event = tracking.Event("e", "in_transit", timezone.now())
    with pytest.raises(services.FulfillmentError):
        services.tracking_apply(waybill_number="NOPE", events=[event])
    with pytest.raises(services.FulfillmentError):
        services.tracking_apply(waybill_number=shipment.waybill_number, events=[event])


def test_late_parcels_are_told_once(cleared, shipment):
    assert services.shipments_watch(now=shipment.due_at - timedelta(minutes=1)) == 0
    assert services.shipments_watch(now=shipment.due_at + timedelta(minutes=1)) == 1
    assert services.shipments_watch(now=shipment.due_at + timedelta(hours=2)) == 0
    assert Notification.objects.filter(kind="shipment.delayed").count() == 1


def test_customs_inspection_tells_the_shopper_what_happens_next(skus):
    from freeport.orders.testing import group_make, shopper_make, stock_make, warehouse_make

    user, buyer, address = shopper_make("inspected")
    stock_make(skus["C1-50"], 3, warehouse_make())
    group = group_make(user, buyer, address, [(skus["C1-50"], 1)])
    orders.order_group_paid(group_number=group.number, transaction_id="T9", amount=group.total,
                            currency="CNY", paid_at=timezone.now())  # fmt: skip
    order = group.orders.get()
    orders.order_transition(order_id=order.pk, event="declare")
    orders.order_transition(order_id=order.pk, event="inspect")
    outbox_dispatch()
    outbox_dispatch()
    notice = Notification.objects.get(user=user, kind="customs.inspection")
    assert order.number in notice.title and notice.link == f"/orders/{group.number}/"


def test_the_first_copy_of_a_repeated_event_id_in_one_push_is_kept(shipment):
    from freeport.fulfillment import tracking

    _to_labelled(shipment)
    services.shipment_hand_over(shipment_id=shipment.pk)
    at = timezone.now() + timedelta(hours=3)
    first = tracking.Event("e1", "in_transit", at, "上海市")
    replay = tracking.Event("e1", "in_transit", at, "elsewhere")
    services.tracking_apply(waybill_number=shipment.waybill_number, events=[first, replay])
    assert shipment.events.get(event_id="e1").place == "上海市"
