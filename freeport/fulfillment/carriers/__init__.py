"""Carrier adapters: what the platform needs from a parcel carrier.

    carrier = get_carrier(code)
    label = carrier.label(parcel)            # register the parcel, get the label to print
    events = carrier.parse_events(payload)   # a tracking push (or poll answer) → tracking.Event

A real carrier (SF, JD, EMS...) is a class with the same three members, named in
FULFILLMENT_CARRIERS. The built-in `simulator` stands in for one in development and demos.
"""

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

    def label(self, parcel: Parcel) -> Label: ...

    def parse_events(self, payload: dict) -> list[Event]: ...


def get_carrier(code: str | None = None) -> Carrier:
    code = code or settings.FULFILLMENT_CARRIER
    path = settings.FULFILLMENT_CARRIERS.get(code)
    if path is None:
        raise LookupError(f"no carrier adapter configured for {code!r}")
    return import_string(path)()
