"""POST /api/v1/carriers/{code}/events: signed pushes, repeats, and every refusal."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from freeport.fulfillment import services
from freeport.fulfillment.carriers import push_signature
from freeport.fulfillment.models import Shipment, TrackingEvent
from freeport.kernel.outbox import outbox_dispatch

pytestmark = pytest.mark.django_db
URL = "/api/v1/carriers/simulator/events"


@pytest.fixture
def handed(cleared):
    outbox_dispatch()
    shipment = Shipment.objects.get(order=cleared)
    for line in shipment.pick_lines.select_related("lot"):
        services.shipment_scan(shipment_id=shipment.pk, scan=line.lot.batch_number,
                               quantity=line.quantity)  # fmt: skip
    services.shipment_pack(shipment_id=shipment.pk, weight_kg=str(shipment.expected_weight_kg))
    services.shipment_label(shipment_id=shipment.pk)
    return services.shipment_hand_over(shipment_id=shipment.pk)


def _push(client, body: dict, *, signature=None, code="simulator"):
    raw = json.dumps(body).encode()
    sig = push_signature(code, raw) if signature is None else signature
    return client.post(f"/api/v1/carriers/{code}/events", raw, content_type="application/json",
                       headers={"X-Carrier-Signature": sig})  # fmt: skip


def _body(waybill, *events):
    at = timezone.now() + timedelta(hours=1)
    return {"waybill_number": waybill, "events": [
        {"id": event_id, "code": code, "time": (at + timedelta(hours=i)).isoformat(),
         "place": "上海市", "detail": "scan"} for i, (event_id, code) in enumerate(events)
    ]}  # fmt: skip


def test_a_signed_push_moves_the_parcel_and_a_repeat_changes_nothing(client, handed):
    body = _body(handed.waybill_number, ("e1", "in_transit"), ("e2", "out_for_delivery"))
    first = _push(client, body)
    assert first.status_code == 200, first.content
    assert first.json() == {"status": "ok", "waybill_number": handed.waybill_number,
                            "shipment_status": "out_for_delivery"}  # fmt: skip
    assert _push(client, body).status_code == 200
    assert TrackingEvent.objects.filter(shipment=handed).count() == 3  # + hand-over


def test_a_forged_push_is_refused_and_changes_nothing(client, handed):
    body = _body(handed.waybill_number, ("e1", "delivered"))
    response = _push(client, body, signature="00" * 32)
    assert response.status_code == 401 and response.json()["code"] == "bad_signature"
    tampered = _push(client, body, signature=push_signature("simulator", b"{}"))
    assert tampered.status_code == 401
    assert Shipment.objects.get(pk=handed.pk).status == "handed_over"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"events": []}, 400, "malformed_push"),
        ({"waybill_number": "W", "events": [{"id": "1", "code": "lost",
                                            "time": "2026-12-01T10:00:00+08:00"}]}, 400,
         "malformed_push"),
        ({"waybill_number": "W", "events": [{"id": "1", "code": "delivered",
                                            "time": "2026-12-01T10:00:00"}]}, 400,
         "malformed_push"),
        ({"waybill_number": "NOPE", "events": [{"id": "1", "code": "delivered",
                                               "time": "2026-12-01T10:00:00+08:00"}]}, 404,
         "unknown_waybill"),
    ],
)  # fmt: skip
def test_bad_pushes_say_why(client, handed, body, status, code):
    response = _push(client, body)
    assert response.status_code == status and response.json()["code"] == code
    assert Shipment.objects.get(pk=handed.pk).status == "handed_over"


def test_a_parcel_still_in_the_warehouse_cannot_be_tracked(client, cleared):
    outbox_dispatch()
    shipment = Shipment.objects.get(order=cleared)
    response = _push(client, _body(shipment.waybill_number, ("e1", "in_transit")))
    assert response.status_code == 409 and response.json()["code"] == "not_handed_over"


def test_an_unknown_carrier_is_404(client):
    assert _push(client, {}, code="nobody").status_code == 404


def test_a_carrier_cannot_move_another_carriers_parcel(client, handed, settings):
    settings.FULFILLMENT_CARRIERS = {
        "simulator": "freeport.fulfillment.carriers.simulator.SimulatorCarrier",
        "other": "freeport.fulfillment.carriers.simulator.SimulatorCarrier",
    }
    body = _body(handed.waybill_number, ("e1", "delivered"))
    response = _push(client, body, code="other")  # validly signed, but not this parcel's carrier
    assert response.status_code == 404 and response.json()["code"] == "unknown_waybill"
    assert Shipment.objects.get(pk=handed.pk).status == "handed_over"


def test_null_places_are_accepted_and_numbers_refused(client, handed):
    body = _body(handed.waybill_number, ("e1", "in_transit"))
    body["events"][0]["place"] = None
    assert _push(client, body).status_code == 200
    body = _body(handed.waybill_number, ("e2", "out_for_delivery"))
    body["events"][0]["detail"] = 42
    response = _push(client, body)
    assert response.status_code == 400 and response.json()["code"] == "malformed_push"
