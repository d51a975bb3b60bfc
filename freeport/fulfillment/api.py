"""Carrier tracking pushes over HTTP (contract in docs/fulfillment.md).

POST /api/v1/carriers/{code}/events   a carrier's signed tracking push (raw JSON body)
"""

import json

from ninja import Router, Schema, Status

from freeport.api.errors import error_body

from . import tracking
from .carriers import get_carrier, push_verified
from .services import FulfillmentError, tracking_apply

router = Router(tags=["fulfillment"])
SIGNATURE_HEADER = "X-Carrier-Signature"
MAX_BODY_BYTES = 256 * 1024


class PushOut(Schema):
    status: str
    waybill_number: str
    shipment_status: str


class ErrorItem(Schema):
    field: str
    reason: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[ErrorItem]


PUSH_DOC = {
    "requestBody": {
        "required": True,
        "description": 'UTF-8 JSON {"waybill_number": "...", "events": [{"id", "code", "time", '
        '"place", "detail"}]}; codes: ' + ", ".join(tracking.CODES) + "; time ISO 8601 with "
        "offset. The same event id sent again is ignored.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    "parameters": [
        {
            "in": "header",
            "name": SIGNATURE_HEADER,
            "required": True,
            "description": "hex HMAC-SHA256 of the raw body under the carrier's shared secret",
            "schema": {"type": "string"},
        }
    ],
}


def _bad(status: int, code: str, message: str, field: str = "") -> Status:
    errors = [{"field": field, "reason": message}] if field else []
    return Status(status, error_body(code, message, errors))


@router.post(
    "/carriers/{code}/events",
    response={200: PushOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Receive a carrier's tracking events (signed push)",
    openapi_extra=PUSH_DOC,
)
def carrier_push(request, code: str):
    """200 with the shipment's status after the push (repeats change nothing); 401 bad
    signature, 400 malformed, 404 unknown carrier or waybill, 409 parcel not handed over yet."""
    try:
        carrier = get_carrier(code)
    except LookupError:
        return _bad(404, "unknown_carrier", f"no carrier {code!r}")
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        return _bad(400, "malformed_push", "body too large")
    if not push_verified(code, body, request.headers.get(SIGNATURE_HEADER, "")):
        return _bad(401, "bad_signature", "signature does not match the body", SIGNATURE_HEADER)
    try:
        payload = json.loads(body)
        waybill = payload["waybill_number"]
        events = carrier.parse_events(payload)
        if not isinstance(waybill, str) or not events:
            raise ValueError("waybill_number and at least one event are required")
    except tracking.TrackingError as exc:
        return _bad(400, "malformed_push", exc.message, f"events.{exc.field}")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return _bad(400, "malformed_push", f"not a tracking push: {exc}")
    try:
        shipment = tracking_apply(waybill_number=waybill, events=events, carrier=code)
    except FulfillmentError as exc:
        status, code_ = (404, "unknown_waybill") if exc.field == "waybill_number" else (
            409, "not_handed_over")  # fmt: skip
        return _bad(status, code_, str(exc.message), exc.field)
    return Status(200, {"status": "ok", "waybill_number": waybill,
                        "shipment_status": shipment.status})  # fmt: skip
