"""Fulfillment writes: shipment from a released order, pick, pack, label, hand-over, tracking.

Each service is one transaction that locks the shipment; inventory and the order move in the
same transaction (stock_pick / stock_ship, order events pick / ship / deliver), so the three
never disagree. Carrier events are applied idempotently (see tracking.py for the rules).
"""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from freeport.inventory import services as inventory
from freeport.inventory.models import Reservation
from freeport.orders import states as order_states
from freeport.orders.models import Order
from freeport.orders.numbers import waybill_number
from freeport.orders.services import order_transition

from . import eta, notices, picking, sla, tracking, weighing
from .carriers import Parcel, get_carrier
from .models import PickLine, Shipment, TrackingEvent


class FulfillmentError(Exception):
    def __init__(self, field: str, message):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def _decimal_setting(name: str, default: str) -> Decimal:
    return Decimal(str(getattr(settings, name, default)))


def _locked(shipment_id) -> Shipment:
    shipment = (
        Shipment.objects.select_for_update(of=("self",))
        .select_related("order", "warehouse")
        .filter(pk=shipment_id)
        .first()
    )
    if shipment is None:
        raise FulfillmentError("shipment", _("No such shipment."))
    return shipment


def _require(shipment: Shipment, *allowed: str) -> None:
    if shipment.status not in allowed:
        raise FulfillmentError(
            "status",
            _("Shipment %(number)s is %(status)s: this step is not possible now.")
            % {"number": shipment.waybill_number, "status": shipment.get_status_display()},
        )


@transaction.atomic
def shipment_create(*, order_id: int) -> Shipment | None:
    """The released order's shipment with its pick list (the lots its stock is reserved in).

    Idempotent: a second call returns the existing shipment. An order not released (or gone
    further) gets none.
    """
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        return None
    existing = Shipment.objects.filter(order=order).first()
    if existing is not None or order.state != order_states.CLEARED:
        return existing
    reservations = list(
        Reservation.objects.filter(reference=order.number, status=Reservation.Status.COMMITTED)
        .select_related("lot", "sku")
        .order_by("lot__bin_location", "id")
    )
    expected = weighing.expected_weight(
        [(r.sku.gross_weight_kg, r.quantity) for r in reservations],
        _decimal_setting("FULFILLMENT_PACKAGING_KG", "0.150"),
    )
    shipment = Shipment.objects.create(
        order=order, warehouse_id=order.warehouse_id,
        carrier=order.carrier or settings.FULFILLMENT_CARRIER,
        # The number declared to customs; orders declared before carriers numbered parcels
        # used the platform's own numbering, which is the same as the simulator's.
        waybill_number=order.waybill_number or waybill_number(order.number),
        destination_province=order.province,
        destination_city=order.city, expected_weight_kg=expected, paid_at=order.paid_at,
        due_at=sla.due_at(order.paid_at, settings.FULFILLMENT_SLA_HOURS),
    )  # fmt: skip
    PickLine.objects.bulk_create(
        PickLine(
            shipment=shipment,
            lot=r.lot,
            sku=r.sku,
            bin_location=r.lot.bin_location,
            quantity=r.quantity,
        )  # fmt: skip
        for r in reservations
    )
    return shipment


def _pick_lines(shipment: Shipment) -> list[PickLine]:
    return list(shipment.pick_lines.select_related("sku", "lot").select_for_update(of=("self",)))


@transaction.atomic
def shipment_scan(*, shipment_id, scan: str, quantity: int = 1, actor=None) -> PickLine:
    """A picker scanned `scan` (GTIN or batch number) for `quantity` units; returns the line.

    The first scan starts picking (order `pick`); the last one takes the stock off the shelf
    (inventory pick) and the shipment is `picked`. A wrong scan changes nothing.
    """
    shipment = _locked(shipment_id)
    _require(shipment, Shipment.Status.PICKING)
    rows = _pick_lines(shipment)
    lines = [picking.PickLine(r.pk, r.sku.gtin, r.lot.batch_number, r.bin_location, r.quantity,
                              r.picked) for r in rows]  # fmt: skip
    try:
        hit = picking.match(lines, scan, quantity)
    except picking.ScanError as exc:
        raise FulfillmentError("scan", exc.message) from exc
    row = next(r for r in rows if r.pk == hit.id)
    row.picked += quantity
    row.save(update_fields=["picked"])
    if shipment.order.state == order_states.CLEARED:
        order_transition(order_id=shipment.order_id, event="pick", actor=actor,
                         reason=f"picking {shipment.waybill_number}")  # fmt: skip
    if all(r.picked == r.quantity for r in rows):
        inventory.stock_pick(reference=shipment.order.number)
        shipment.status, shipment.picked_at = Shipment.Status.PICKED, timezone.now()
        shipment.save(update_fields=["status", "picked_at", "updated_at"])
    return row


def _weight(value) -> Decimal:
    try:
        weight = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise FulfillmentError("weight", _("Enter the weight in kilograms, e.g. 1.250.")) from None
    # Rounded to the gram first, so a reading such as 0.0004 kg cannot become a zero weight.
    if not weight.is_finite() or weight > 1000 or weight.quantize(Decimal("0.001")) <= 0:
        raise FulfillmentError("weight", _("Enter the weight in kilograms, e.g. 1.250."))
    return weight.quantize(Decimal("0.001"))


@transaction.atomic
def shipment_pack(*, shipment_id, weight_kg, override_reason: str = "", actor=None) -> Shipment:
    """The packed parcel weighed `weight_kg`. Outside the tolerance it is refused (recount)
    unless a supervisor gives a reason, which is kept with the shipment."""
    shipment = _locked(shipment_id)
    _require(shipment, Shipment.Status.PICKED)
    measured = _weight(weight_kg)
    result = weighing.check(
        expected_kg=shipment.expected_weight_kg, measured_kg=measured,
        tolerance_percent=_decimal_setting("FULFILLMENT_WEIGHT_TOLERANCE_PERCENT", "10"),
        tolerance_min_kg=_decimal_setting("FULFILLMENT_WEIGHT_TOLERANCE_MIN_KG", "0.050"),
    )  # fmt: skip
    override_reason = (override_reason or "").strip()[:200]
    if not result.ok and not override_reason:
        raise FulfillmentError(
            "weight",
            _("The parcel weighs %(measured)s kg but %(expected)s ± %(tolerance)s kg is expected: "
              "recount the items, or give a reason to accept it.")
            % {"measured": measured, "expected": result.expected_kg,
               "tolerance": result.tolerance_kg},
        )  # fmt: skip
    shipment.measured_weight_kg = measured
    shipment.weight_override = "" if result.ok else override_reason
    shipment.status, shipment.packed_at = Shipment.Status.PACKED, timezone.now()
    shipment.save()
    return shipment


def parcel_of(shipment: Shipment) -> Parcel:
    warehouse = shipment.warehouse
    return Parcel(
        waybill_number=shipment.waybill_number, order_number=shipment.order.number,
        origin_city=warehouse.city, origin_province=warehouse.province,
        destination_city=shipment.destination_city,
        destination_province=shipment.destination_province,
        weight_kg=shipment.measured_weight_kg or shipment.expected_weight_kg,
        pieces=sum(line.quantity for line in shipment.pick_lines.all()),
    )  # fmt: skip


@transaction.atomic
def shipment_label(*, shipment_id, actor=None) -> Shipment:
    """Register the parcel with its carrier and print the label (again, if asked twice)."""
    shipment = _locked(shipment_id)
    if shipment.status == Shipment.Status.LABELLED:
        return shipment
    _require(shipment, Shipment.Status.PACKED)
    get_carrier(shipment.carrier).label(parcel_of(shipment))
    shipment.status, shipment.labelled_at = Shipment.Status.LABELLED, timezone.now()
    shipment.save(update_fields=["status", "labelled_at", "updated_at"])
    return shipment


def _recent_transit_hours(shipment: Shipment, limit: int = 50) -> list[float]:
    recent = (
        Shipment.objects.filter(
            warehouse_id=shipment.warehouse_id,
            destination_province=shipment.destination_province,
            delivered_at__isnull=False,
            handed_over_at__isnull=False,
        )
        .order_by("-delivered_at")
        .values_list("handed_over_at", "delivered_at")[:limit]
    )
    return [(d - h).total_seconds() / 3600 for h, d in recent]


def estimate_for(shipment: Shipment, start: datetime) -> eta.Estimate:
    return eta.estimate(
        start=start, origin_province=shipment.warehouse.province,
        destination_province=shipment.destination_province,
        recent_transit_hours=_recent_transit_hours(shipment),
    )  # fmt: skip


@transaction.atomic
def shipment_hand_over(*, shipment_id, actor=None, at: datetime | None = None) -> Shipment:
    """The carrier took the parcel: stock leaves the bonded warehouse, the order is shipped."""
    shipment = _locked(shipment_id)
    if shipment.status not in Shipment.IN_WAREHOUSE:
        return shipment  # handed over before: a second scan at the dock changes nothing
    _require(shipment, Shipment.Status.LABELLED)
    at = at or timezone.now()
    inventory.stock_ship(reference=shipment.order.number)
    reason = f"handed to {shipment.carrier} {shipment.waybill_number}"
    order_transition(order_id=shipment.order_id, event="ship", actor=actor, reason=reason, at=at)
    estimate = estimate_for(shipment, at)
    shipment.status, shipment.handed_over_at = Shipment.Status.HANDED_OVER, at
    shipment.estimated_delivery_at, shipment.estimate_basis = estimate.at, estimate.basis
    shipment.save()
    TrackingEvent.objects.create(
        shipment=shipment, event_id=f"{shipment.waybill_number}-H", code=tracking.HANDED_OVER,
        occurred_at=at, place=shipment.warehouse.city, detail=shipment.warehouse.name_zh,
    )  # fmt: skip
    notices.shipped(shipment)
    return shipment


@transaction.atomic
def tracking_apply(
    *, waybill_number: str, events: list[tracking.Event], carrier: str | None = None
) -> Shipment:
    """Store a carrier's events (duplicates ignored) and move the shipment to what all of its
    events say, whatever order they came in. Delivery moves the order to `delivered`. With
    `carrier` (a signed push), only that carrier's parcels can be moved."""
    parcels = Shipment.objects.select_for_update(of=("self",)).select_related(
        "order__group", "order__user", "warehouse"
    )
    if carrier is not None:
        parcels = parcels.filter(carrier=carrier)
    shipment = parcels.filter(waybill_number=waybill_number).first()
    if shipment is None:
        raise FulfillmentError("waybill_number", _("No shipment has this waybill number."))
    if shipment.status in Shipment.IN_WAREHOUSE:
        raise FulfillmentError("status", _("The parcel has not been handed to the carrier yet."))
    known = set(shipment.events.values_list("event_id", flat=True))
    fresh: dict[str, tracking.Event] = {}
    for event in events:  # the first copy of an id wins, as in tracking.merge
        if event.event_id not in known:
            fresh.setdefault(event.event_id, event)
    for event in fresh.values():
        try:
            with transaction.atomic():  # a racing duplicate loses quietly
                TrackingEvent.objects.create(
                    shipment=shipment, event_id=event.event_id, code=event.code,
                    occurred_at=event.at, place=event.place[:80], detail=event.detail[:200],
                )  # fmt: skip
        except IntegrityError:
            continue
    everything = [e.as_event() for e in shipment.events.all()]
    new_status = tracking.status(everything) or shipment.status
    if new_status == shipment.status:
        return shipment
    shipment.status = new_status
    if new_status == tracking.DELIVERED:
        shipment.delivered_at = tracking.delivered_at(everything)
        order_transition(
            order_id=shipment.order_id,
            event="deliver",
            reason=f"{shipment.carrier}: delivered",
            at=shipment.delivered_at,
        )
        notices.delivered(shipment)
    elif new_status == tracking.EXCEPTION:
        notices.exception(shipment, merge_last(everything, tracking.EXCEPTION))
    shipment.save()
    return shipment


def merge_last(events, code: str) -> tracking.Event:
    return [e for e in tracking.merge(events) if e.code == code][-1]


def shipments_watch(*, now: datetime | None = None) -> int:
    """Tell shoppers whose parcel is still in the warehouse past the hand-over goal (once each);
    returns how many were told. The console queue shows these before they are late."""
    now = now or timezone.now()
    told = 0
    late = Shipment.objects.filter(
        status__in=Shipment.IN_WAREHOUSE, due_at__lt=now, delay_notified_at__isnull=True
    ).values_list("pk", flat=True)
    for shipment_id in list(late):
        with transaction.atomic():
            shipment = _locked(shipment_id)
            if shipment.delay_notified_at is None and shipment.status in Shipment.IN_WAREHOUSE:
                notices.delayed(shipment)
                shipment.delay_notified_at = now
                shipment.save(update_fields=["delay_notified_at", "updated_at"])
                told += 1
    return told
