"""Fulfillment reads: the shopper's timeline, the warehouse queue and dashboard, the pick list."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from freeport.catalog.testing import merchant_make
from freeport.fulfillment import selectors, services, tracking
from freeport.fulfillment.models import PickLine, Shipment
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders import services as orders
from freeport.orders.models import Order
from freeport.orders.selectors import group_of
from freeport.orders.testing import warehouse_make

from .test_views import released_group, to_labelled

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment(cleared):
    outbox_dispatch()
    return Shipment.objects.get(order=cleared)


def handed(shipment, at=None):
    to_labelled(shipment)
    return services.shipment_hand_over(shipment_id=shipment.pk, at=at)


def codes(timeline) -> list[str]:
    return [s.code for s in timeline.steps]


# --- timeline --------------------------------------------------------------------------------


def test_a_released_order_waits_in_the_warehouse(cleared, shipment):
    timeline = selectors.timeline(Order.objects.get(pk=cleared.pk))
    assert codes(timeline) == ["place", "pay", "declare", "clear"]
    assert [s.label for s in timeline.steps][-1] == "Released by customs"
    assert timeline.current.code == "clear"
    assert timeline.leaves_by == shipment.due_at and timeline.estimated_delivery_at is None


def test_an_unreleased_order_has_no_shipment_steps(skus):
    from freeport.orders.testing import group_make, shopper_make, stock_make

    user, buyer, address = shopper_make("early")
    stock_make(skus["C1-50"], 3, warehouse_make())
    group = group_make(user, buyer, address, [(skus["C1-50"], 1)])
    timeline = selectors.timeline(group.orders.get())
    assert codes(timeline) == ["place"] and timeline.shipment is None
    assert timeline.current.label == "Order placed"


def test_warehouse_and_carrier_steps_in_time_order_with_places(cleared, shipment):
    at = handed(shipment).handed_over_at
    services.tracking_apply(waybill_number=shipment.waybill_number, events=[
        tracking.Event("t2", "in_transit", at + timedelta(hours=8), "济南转运中心"),
        tracking.Event("t1", "in_transit", at + timedelta(hours=2), "青岛转运中心"),
    ])  # fmt: skip
    timeline = selectors.timeline(cleared)
    assert codes(timeline) == ["place", "pay", "declare", "clear", "pick", "picked", "packed",
                               "handed_over", "in_transit", "in_transit"]  # fmt: skip
    steps = timeline.steps
    assert [s.at for s in steps] == sorted(s.at for s in steps)
    assert [s.place for s in steps[-2:]] == ["青岛转运中心", "济南转运中心"]
    assert steps[5].place == "青岛市" and steps[5].kind == "warehouse"
    assert steps[7].place == "青岛市" and steps[7].label == "Handed to the carrier"
    assert "ship" not in codes(timeline)  # the carrier's hand-over scan tells it, with the place
    assert [s.current for s in steps].count(True) == 1 and steps[-1].current
    assert (
        timeline.estimated_delivery_at == Shipment.objects.get(pk=shipment.pk).estimated_delivery_at
    )
    assert timeline.estimate_basis == "standard estimate for the distance"
    assert timeline.leaves_by is None


def test_delivery_is_final_and_ends_the_estimate(cleared, shipment):
    at = handed(shipment).handed_over_at
    services.tracking_apply(waybill_number=shipment.waybill_number, events=[
        tracking.Event("x1", "exception", at + timedelta(hours=20), "青岛市", "收件人不在"),
    ])  # fmt: skip
    timeline = selectors.timeline(cleared)
    assert timeline.current.code == "exception" and timeline.current.detail == "收件人不在"
    assert timeline.current.label == "Delivery problem"
    services.tracking_apply(waybill_number=shipment.waybill_number, events=[
        tracking.Event("d1", "delivered", at + timedelta(hours=30), "青岛市", "已签收"),
        tracking.Event("x2", "exception", at + timedelta(hours=31), "青岛市", "迟到的异常"),
    ])  # fmt: skip
    timeline = selectors.timeline(Order.objects.get(pk=cleared.pk))
    assert timeline.current.code == "delivered"
    assert codes(timeline)[-2:] == ["delivered", "exception"]
    assert "deliver" not in codes(timeline)
    assert timeline.estimated_delivery_at is None and timeline.estimate_basis == ""


def test_an_order_delivered_by_hand_keeps_its_order_step(cleared, shipment):
    handed(shipment)
    orders.order_transition(order_id=cleared.pk, event="deliver", reason="buyer confirmed")
    timeline = selectors.timeline(cleared)
    assert codes(timeline)[-2:] == ["handed_over", "deliver"]
    assert timeline.current.label == "Delivered"
    assert timeline.estimated_delivery_at is None


def test_timelines_of_a_checkout_take_two_queries_whatever_the_orders(
    skus, django_assert_num_queries
):
    group = released_group(skus, [[(skus["F1-400"], 1)], [(skus["F2-900"], 1)],
                                  [(skus["C1-50"], 1)]])  # fmt: skip
    for s in Shipment.objects.filter(order__group=group):
        handed(s)
    loaded = list(group_of(group.user, group.number).orders.all())  # transitions prefetched
    with django_assert_num_queries(2):  # the shipments, their events
        found = selectors.timelines(loaded)
    assert all(codes(t)[-1] == "handed_over" for t in found.values())
    plain = list(Order.objects.filter(group=group))
    with django_assert_num_queries(3):  # without prefetched transitions: one more
        assert selectors.timelines(plain).keys() == found.keys()


def test_timelines_of_orders_not_released_take_no_query(skus, django_assert_num_queries):
    from freeport.orders.testing import group_make, shopper_make, stock_make

    user, buyer, address = shopper_make("early")
    stock_make(skus["C1-50"], 3, warehouse_make())
    group = group_make(user, buyer, address, [(skus["C1-50"], 1)])
    loaded = list(group_of(user, group.number).orders.all())  # transitions prefetched
    with django_assert_num_queries(0):
        found = selectors.timelines(loaded)
    assert codes(found[loaded[0].pk]) == ["place"]


# --- queue and dashboard ---------------------------------------------------------------------


def test_queue_puts_late_then_at_risk_first_and_scopes(shipment, skus):
    group = released_group(skus, [[(skus["F1-400"], 1)], [(skus["F2-900"], 2)]])
    late, at_risk = Shipment.objects.filter(order__group=group).order_by("order__number")
    now = timezone.now()
    Shipment.objects.filter(pk=late.pk).update(paid_at=now - timedelta(hours=25))
    Shipment.objects.filter(pk=at_risk.pk).update(paid_at=now - timedelta(hours=19))
    rows = selectors.queue(now=now)
    assert [(r.shipment.pk, r.standing) for r in rows] == [
        (late.pk, "late"), (at_risk.pk, "at_risk"), (shipment.pk, "on_track")
    ]  # fmt: skip
    assert [(r.units, r.picked) for r in rows] == [(1, 0), (2, 0), (3, 0)]
    assert rows[0].standing_label == "late"

    handed(late)
    assert [r.shipment.pk for r in selectors.queue(now=now)] == [at_risk.pk, shipment.pk]
    kiwi = shipment.order.merchant
    assert len(selectors.queue(now=now, merchant=kiwi)) == 2
    assert selectors.queue(now=now, merchant=merchant_make("alpine-co", "CH")) == []
    assert selectors.queue(now=now, warehouse=warehouse_make("QD-BW2")) == []
    assert len(selectors.queue(now=now, warehouse=warehouse_make())) == 2


def test_queue_is_one_query(shipment, skus, django_assert_num_queries):
    released_group(skus, [[(skus["F1-400"], 1)], [(skus["F2-900"], 2)]])
    with django_assert_num_queries(1):
        rows = selectors.queue()
        for row in rows:
            assert row.shipment.order.merchant.code and row.shipment.warehouse.code


def test_dashboard_counts_compliance_and_risk(shipment, skus, django_assert_num_queries):
    group = released_group(skus, [[(skus["F1-400"], 1)], [(skus["F2-900"], 1)],
                                  [(skus["C1-50"], 1)]])  # fmt: skip
    on_time, missed, old = Shipment.objects.filter(order__group=group).order_by("order__number")
    now = timezone.now()
    handed(on_time, now - timedelta(hours=1))
    handed(missed, now - timedelta(hours=2))
    handed(old, now - timedelta(days=9))
    Shipment.objects.filter(pk=missed.pk).update(paid_at=now - timedelta(hours=40))
    Shipment.objects.filter(pk=shipment.pk).update(paid_at=now - timedelta(hours=20))
    with django_assert_num_queries(3):
        board = selectors.dashboard(now=now)
    counts = {status: n for status, _label, n in board.by_status}
    assert counts["picking"] == 1 and counts["handed_over"] == 3 and counts["delivered"] == 0
    assert (board.handed_over, board.met, board.compliance_percent) == (2, 1, 50)
    assert (board.at_risk, board.late, board.in_warehouse) == (1, 0, 1)
    empty = selectors.dashboard(now=now, merchant=merchant_make("alpine-co", "CH"))
    assert empty.compliance is None and empty.compliance_percent is None
    assert sum(n for _s, _l, n in empty.by_status) == 0


# --- one shipment ----------------------------------------------------------------------------


def test_pick_list_walks_the_bins_and_marks_the_next_line(shipment):
    lines = list(shipment.pick_lines.order_by("id"))
    PickLine.objects.filter(pk=lines[0].pk).update(bin_location="")
    loaded = selectors.shipment_for_console(shipment_id=shipment.pk)
    rows = selectors.pick_list(loaded)
    assert rows[-1].line.pk == lines[0].pk  # no bin: last
    bins = [r.line.bin_location for r in rows[:-1]]
    assert bins == sorted(bins)
    assert [r.next for r in rows] == [True, False, False]
    first = rows[0].line
    services.shipment_scan(shipment_id=shipment.pk, scan=first.lot.batch_number,
                           quantity=first.quantity)  # fmt: skip
    rows = selectors.pick_list(selectors.shipment_for_console(shipment_id=shipment.pk))
    assert rows[0].done and rows[1].next


def test_shipment_for_console_is_scoped_and_loads_no_personal_data(shipment):
    found = selectors.shipment_for_console(
        shipment_id=shipment.pk, merchant=shipment.order.merchant
    )
    assert found == shipment
    deferred = found.order.get_deferred_fields()
    assert {"recipient_name", "phone", "street"} <= deferred
    assert selectors.shipment_for_console(
        shipment_id=shipment.pk, merchant=merchant_make("alpine-co", "CH")
    ) is None  # fmt: skip


def test_waybill_look_up_ignores_case_and_spaces(shipment):
    typed = " " + shipment.waybill_number.lower() + "\n"
    assert selectors.shipment_by_waybill(waybill_number=typed) == shipment
    assert selectors.shipment_by_waybill(waybill_number="  ") is None
    assert selectors.shipment_by_waybill(waybill_number="FPW0") is None


def test_weight_guide_uses_the_pack_tolerance(shipment, settings):
    settings.FULFILLMENT_WEIGHT_TOLERANCE_PERCENT = "10"
    settings.FULFILLMENT_WEIGHT_TOLERANCE_MIN_KG = "0.050"
    guide = selectors.weight_guide(shipment)
    expected = shipment.expected_weight_kg
    assert guide.expected_kg == expected
    assert guide.tolerance_kg == max(expected / 10, Decimal("0.050")).quantize(Decimal("0.001"))
    assert guide.low_kg < expected < guide.high_kg


def test_label_names_route_weight_and_pieces(shipment):
    to_labelled(shipment)
    label = selectors.label_of(selectors.shipment_for_console(shipment_id=shipment.pk))
    assert label.routing_code == "山东-青岛"
    assert label.origin == "山东省青岛市" and label.destination == "山东省青岛市"
    assert label.pieces == 3 and label.weight_kg == shipment.expected_weight_kg
