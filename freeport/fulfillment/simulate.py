"""Drive the simulated carrier: push the scans that are due for every parcel it carries."""

from django.conf import settings
from django.utils import timezone

from .carriers import simulator
from .models import Shipment
from .services import parcel_of, tracking_apply


def simulator_tick(*, now=None, faults: bool | None = None) -> int:
    """Push due scans of the simulator's parcels in transit; returns how many parcels moved.

    Each push repeats the scans sent before (as carriers do); tracking_apply ignores repeats.
    """
    now = now or timezone.now()
    faults = settings.FULFILLMENT_SIMULATOR_FAULTS if faults is None else faults
    speed = float(settings.FULFILLMENT_SIMULATOR_SPEED)
    carrier = simulator.SimulatorCarrier()
    moved = 0
    parcels = (
        Shipment.objects.filter(carrier=carrier.code, status__in=Shipment.WITH_CARRIER)
        .select_related("order", "warehouse")
        .prefetch_related("pick_lines")
    )
    for shipment in parcels:
        parcel = parcel_of(shipment)
        planned = simulator.route(parcel, shipment.handed_over_at,
                                  simulator.transit_hours(parcel), speed)  # fmt: skip
        due = simulator.due(planned, now)
        if not due:
            continue
        push = simulator.payload(
            due, faults=faults, seed=f"{parcel.waybill_number}{now.isoformat()}",
            final=len(due) == len(planned),
        )  # fmt: skip
        before = shipment.status
        after = tracking_apply(waybill_number=parcel.waybill_number,
                               events=carrier.parse_events(push))  # fmt: skip
        moved += after.status != before
    return moved
