"""A parcel's tracking status from carrier events (pure: no ORM).

Carriers deliver events at least once, late and out of order. So the status is never "the last
event received": it is derived from the whole set, de-duplicated by the carrier's event id:

- progress codes have a rank (handed over < in transit < out for delivery < delivered); the
  status is the highest rank seen, whatever order the events arrived in;
- `delivered` is final: an exception reported after delivery does not undo it;
- an `exception` (failed delivery attempt, held at a hub, damaged) is the status only while no
  progress event happened after it; a later scan (e.g. out for delivery again) clears it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

HANDED_OVER = "handed_over"
IN_TRANSIT = "in_transit"
OUT_FOR_DELIVERY = "out_for_delivery"
DELIVERED = "delivered"
EXCEPTION = "exception"

RANK = {HANDED_OVER: 1, IN_TRANSIT: 2, OUT_FOR_DELIVERY: 3, DELIVERED: 4}
CODES = (*RANK, EXCEPTION)
LABELS = {
    HANDED_OVER: _("handed to carrier"),
    IN_TRANSIT: _("in transit"),
    OUT_FOR_DELIVERY: _("out for delivery"),
    DELIVERED: _("delivered"),
    EXCEPTION: _("delivery exception"),
}


class TrackingError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Event:
    event_id: str  # the carrier's own id: the same event delivered twice has the same id
    code: str
    at: datetime  # when it happened (carrier clock), not when it reached us
    place: str = ""
    detail: str = ""

    def __post_init__(self):
        if not self.event_id or len(self.event_id) > 64:
            raise TrackingError("event_id", "1 to 64 characters")
        if self.code not in CODES:
            raise TrackingError("code", f"unknown event code {self.code!r}")
        if not isinstance(self.at, datetime) or self.at.tzinfo is None:
            raise TrackingError("at", "a time with its time zone is required")
        for field in ("place", "detail"):
            if not isinstance(getattr(self, field), str):
                raise TrackingError(field, "text expected")


def merge(events) -> list[Event]:
    """Distinct events (first copy of each id wins) in the order they happened."""
    seen: dict[str, Event] = {}
    for event in events:
        seen.setdefault(event.event_id, event)
    return sorted(seen.values(), key=lambda e: (e.at, RANK.get(e.code, 0), e.event_id))


def status(events) -> str | None:
    """The parcel's status from all its events (None before the carrier has it)."""
    events = merge(events)
    progress = [e for e in events if e.code in RANK]
    if not progress and not any(e.code == EXCEPTION for e in events):
        return None
    best = max(progress, key=lambda e: RANK[e.code], default=None)
    if best is not None and best.code == DELIVERED:
        return DELIVERED
    last_progress_at = max((e.at for e in progress), default=None)
    exceptions = [e for e in events if e.code == EXCEPTION]
    if exceptions and (last_progress_at is None or exceptions[-1].at > last_progress_at):
        return EXCEPTION
    return best.code


def delivered_at(events) -> datetime | None:
    return next((e.at for e in merge(events) if e.code == DELIVERED), None)
