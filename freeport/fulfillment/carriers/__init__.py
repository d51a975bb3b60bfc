"""Carrier adapters: what the platform needs from a parcel carrier.

    carrier = get_carrier(code)
    number = carrier.waybill_number(order_no)  # reserve the parcel's number (declared in CEB511)
    label = carrier.label(parcel)            # register the parcel, get the label to print
    events = carrier.parse_events(payload)   # a tracking push (or poll answer) → tracking.Event

A real carrier (SF, JD, EMS...) is a class with the same members, named in FULFILLMENT_CARRIERS.
The built-in `simulator` stands in for one in development and demos. Pushes arrive at
POST /api/v1/carriers/{code}/events signed with HMAC-SHA256 of the raw body under the carrier's
shared secret (FULFILLMENT_CARRIER_SECRETS; docs/fulfillment.md).
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from ..tracking import Event


@dataclass(frozen=True)
class Parcel:
    waybill_number: str  # declared to customs (CEB511) before release, printed on the label
    order_number: str
    origin_city: str
    origin_province: str
    destination_city: str
    destination_province: str
    weight_kg: Decimal
    pieces: int


@dataclass(frozen=True)
class Label:
    waybill_number: str
    carrier_name: str
    routing_code: str  # sort code printed large on the label, read at the carrier's hub
    printed_at: datetime


class Carrier(Protocol):
    code: str
    name: str

    def waybill_number(self, order_number: str) -> str: ...

    def label(self, parcel: Parcel) -> Label: ...

    def parse_events(self, payload: dict) -> list[Event]: ...


def push_secret(code: str) -> bytes:
    """The secret a carrier signs its pushes with; by default derived from SECRET_KEY."""
    configured = getattr(settings, "FULFILLMENT_CARRIER_SECRETS", {}).get(code)
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), f"carrier:{code}".encode(), "sha256").digest()


def push_signature(code: str, body: bytes) -> str:
    return hmac.new(push_secret(code), body, hashlib.sha256).hexdigest()


def push_verified(code: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(push_signature(code, body), (signature or "").strip().lower())


def get_carrier(code: str | None = None) -> Carrier:
    code = code or settings.FULFILLMENT_CARRIER
    path = settings.FULFILLMENT_CARRIERS.get(code)
    if path is None:
        raise LookupError(f"no carrier adapter configured for {code!r}")
    return import_string(path)()
