"""Fault test: the simulated carrier pushes duplicated, late and out-of-order scans; the
timeline and status stay what really happened, and the order is delivered once."""

from datetime import timedelta

import pytest

from freeport.fulfillment import services, tracking
from freeport.fulfillment.carriers import simulator
from freeport.fulfillment.models import Shipment
from freeport.fulfillment.simulate import simulator_tick
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders.models import Order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("speed", [1, 60])
def test_faulty_pushes_give_the_true_timeline(cleared, settings, speed):
    settings.FULFILLMENT_SIMULATOR_SPEED = speed
    outbox_dispatch()
    shipment = Shipment.objects.get(order=cleared)
    for line in shipment.pick_lines.select_related("lot"):
        services.shipment_scan(shipment_id=shipment.pk, scan=line.lot.batch_number,
                               quantity=line.quantity)  # fmt: skip
    services.shipment_pack(shipment_id=shipment.pk, weight_kg=str(shipment.expected_weight_kg))
    services.shipment_label(shipment_id=shipment.pk)
    shipment = services.shipment_hand_over(shipment_id=shipment.pk)
    parcel = services.parcel_of(shipment)
    planned = simulator.route(parcel, shipment.handed_over_at, simulator.transit_hours(parcel),
                              speed)  # fmt: skip
    # Ticks at random moments (pushes repeat what was sent, shuffled, with one held back).
    start, end = shipment.handed_over_at, planned[-1].at
    seen_statuses = []
    for i in range(1, 41):
        simulator_tick(now=start + (end - start) * i / 30, faults=True)
        shipment.refresh_from_db()
        seen_statuses.append(shipment.status)
        due = [e for e in planned if e.at <= start + (end - start) * i / 30]
        stored = [e.as_event() for e in shipment.events.all()]
        # Never a status ahead of what has happened, never one that goes backwards in rank.
        assert set(e.event_id for e in stored) <= {e.event_id for e in due} | {stored[0].event_id}
    handover = shipment.events.get(code="handed_over").as_event()
    assert [e.as_event() for e in shipment.events.all()] == tracking.merge([handover, *planned])
    assert shipment.status == "delivered" and shipment.delivered_at == planned[-1].at
    order = Order.objects.get(pk=cleared.pk)
    assert order.state == "delivered"
    assert [t.event for t in order.transitions.all()].count("deliver") == 1
    ranks = [tracking.RANK.get(s, 0) for s in seen_statuses if s != "exception"]
    assert ranks == sorted(ranks)


def test_a_tick_with_no_parcels_with_the_carrier_does_nothing(cleared):
    assert simulator_tick(now=cleared.paid_at + timedelta(days=3)) == 0


def test_a_faulty_push_holds_one_scan_back_but_the_final_push_holds_none():
    """A delivered parcel is not pushed again: a scan held back from the push that delivers it
    would never arrive (seen as a flaky timeline before this rule)."""
    from datetime import UTC, datetime

    from freeport.fulfillment.tracking import Event

    at = datetime(2026, 12, 1, tzinfo=UTC)
    events = [Event(f"W-{i}", "in_transit", at + timedelta(hours=i)) for i in range(4)]
    ids = {e.event_id for e in events}
    for seed in map(str, range(50)):
        held = simulator.payload(events, faults=True, seed=seed)
        assert len({e["id"] for e in held["events"]}) == len(ids) - 1
        final = simulator.payload(events, faults=True, seed=seed, final=True)
        assert {e["id"] for e in final["events"]} == ids  # duplicated, shuffled, none missing
