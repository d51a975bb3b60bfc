"""A local carrier that behaves like a real one: it plans a realistic route for each parcel and
reports its scans over time (in-transit hubs, out for delivery, delivered; now and then a failed
delivery attempt and a second try), in the JSON a tracking push would carry.

It is deterministic per waybill (seeded by the number), so a test can replay it. Time can run
faster than the clock (FULFILLMENT_SIMULATOR_SPEED: 60 = one simulated hour per real minute)
so a demo shows parcels moving. With `faults`, reports arrive duplicated, late and out of order,
as real pushes do: the tracking rules must cope (tests/test_tracking_faults.py).
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from .. import eta, tracking
from . import Label, Parcel

# Regional sorting hubs the route passes (a parcel crosses one or two on its way).
HUBS = {
    "上海市": "上海青浦转运中心", "浙江省": "杭州转运中心", "江苏省": "南京转运中心",
    "广东省": "广州白云转运中心", "北京市": "北京顺义转运中心", "山东省": "济南转运中心",
    "四川省": "成都双流转运中心", "湖北省": "武汉转运中心", "河南省": "郑州转运中心",
}  # fmt: skip
FAILED_ATTEMPT_SHARE = 0.08  # share of parcels whose first delivery attempt fails


class SimulatorCarrier:
    code = "simulator"
    name = "Freeport Express (simulator)"

    def waybill_number(self, order_number: str) -> str:
        """The simulator numbers parcels itself: FPW + the order number's digits."""
        from freeport.orders.numbers import waybill_number

        return waybill_number(order_number)

    def label(self, parcel: Parcel) -> Label:
        routing = f"{parcel.destination_province[:2]}-{parcel.destination_city[:2]}"
        return Label(parcel.waybill_number, self.name, routing, timezone.now())

    def parse_events(self, payload: dict) -> list[tracking.Event]:
        return [
            tracking.Event(
                event_id=str(item["id"]),
                code=item["code"],
                at=datetime.fromisoformat(item["time"]),
                place=item.get("place") or "",  # carriers send null for "no place"
                detail=item.get("detail") or "",
            )  # fmt: skip
            for item in payload.get("events", [])
        ]


def route(
    parcel: Parcel, handed_over_at: datetime, transit_hours: float, speed: float = 1.0
) -> list[tracking.Event]:
    """Every scan the parcel will get from hand-over to delivery; with `speed` > 1 the clock
    runs faster (the times are real times, so a demo parcel arrives in minutes)."""
    rng = random.Random(parcel.waybill_number)
    hours = max(6.0, transit_hours * rng.uniform(0.8, 1.25)) / speed
    hubs = [HUBS.get(parcel.origin_province, f"{parcel.origin_city}转运中心")]
    destination_hub = HUBS.get(parcel.destination_province, f"{parcel.destination_city}转运中心")
    if destination_hub != hubs[0]:
        hubs.append(destination_hub)
    n = parcel.waybill_number
    events = [
        tracking.Event(
            f"{n}-T{i}",
            tracking.IN_TRANSIT,
            handed_over_at + timedelta(hours=hours * (0.15 + 0.45 * i / len(hubs))),
            hub,
            "到达分拨中心 arrived at sorting hub",
        )  # fmt: skip
        for i, hub in enumerate(hubs)
    ]
    out_at = handed_over_at + timedelta(hours=hours * 0.85)
    city = parcel.destination_city
    events.append(tracking.Event(f"{n}-O1", tracking.OUT_FOR_DELIVERY, out_at, city,
                                 "派送中 out for delivery"))  # fmt: skip
    if rng.random() < FAILED_ATTEMPT_SHARE:
        failed_at = out_at + timedelta(hours=3 / speed)
        events.append(tracking.Event(f"{n}-X1", tracking.EXCEPTION, failed_at,
                                     city, "收件人不在，明日再次派送 recipient not available, "
                                     "second attempt tomorrow"))  # fmt: skip
        out_at += timedelta(hours=24 / speed)
        events.append(tracking.Event(f"{n}-O2", tracking.OUT_FOR_DELIVERY, out_at, city,
                                     "再次派送 second delivery attempt"))  # fmt: skip
    delivered_at = out_at + timedelta(hours=2 / speed)
    events.append(tracking.Event(f"{n}-D", tracking.DELIVERED, delivered_at, city,
                                 "已签收 delivered, signed by recipient"))  # fmt: skip
    return events


def due(events, now: datetime) -> list[tracking.Event]:
    """The events that have happened by `now`."""
    return [e for e in events if e.at <= now]


def payload(events, *, faults: bool = False, seed: str = "", final: bool = False) -> dict:
    """A tracking push; with `faults`, some events twice, the list shuffled, one held back for a
    later push. The `final` push (the last scan is due) holds nothing back: a delivered parcel
    is not pushed again, so a held scan would never arrive."""
    items = list(events)
    if faults and items:
        rng = random.Random(seed)
        if len(items) > 1 and not final:
            items.pop(rng.randrange(len(items)))  # held back: it arrives late, in a later push
        items += rng.sample(items, k=max(1, len(items) // 2))  # duplicates
        rng.shuffle(items)  # out of order
    return {"events": [{"id": e.event_id, "code": e.code, "time": e.at.isoformat(),
                        "place": e.place, "detail": e.detail} for e in items]}  # fmt: skip


def transit_hours(parcel: Parcel) -> int:
    return eta.standard_transit_hours(parcel.origin_province, parcel.destination_province)
