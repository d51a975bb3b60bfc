"""Fulfillment reads: the shopper's tracking timeline, the warehouse queue, its dashboard, one
shipment for the work screen.

Staff scoping is the caller's input, never guessed here: `merchant=None` means every merchant
(operators); a Merchant limits every console read to that merchant's shipments, so another
merchant's shipment is simply not found. Console reads never load the order's encrypted
personal fields (recipient, phone, street): the warehouse screens do not show them.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from freeport.orders import states as order_states
from freeport.orders.models import OrderTransition

from . import eta, picking, sla, tracking, weighing
from .models import PickLine, Shipment, TrackingEvent

PERSONAL = ("order__recipient_name", "order__phone", "order__street")

# --- the shopper's timeline ------------------------------------------------------------------

ORDER = "order"
WAREHOUSE = "warehouse"
CARRIER = "carrier"

# An order transition as the shopper reads it (by event; by (event, target) where one event
# leads to different states).
TRANSITION_LABELS = {
    "place": _("Order placed"),
    "pay": _("Paid"),
    "declare": _("Declared to customs"),
    "inspect": _("Selected for customs inspection"),
    "clear": _("Released by customs"),
    "reject": _("Customs returned the declaration for correction"),
    "pick": _("Picking started in the bonded warehouse"),
    "ship": _("Handed to the carrier"),
    "deliver": _("Delivered"),
    "complete": _("Completed"),
    ("cancel", order_states.CANCELLED): _("Cancelled"),
    ("cancel", order_states.REFUNDING): _("Cancelled: refund in progress"),
    "expire": _("Cancelled: not paid in time"),
    "refund": _("Refunded"),
}
WAREHOUSE_LABELS = {
    "picked": _("All items picked"),
    "packed": _("Packed and weighed"),
}
CARRIER_LABELS = {
    tracking.HANDED_OVER: _("Handed to the carrier"),
    tracking.IN_TRANSIT: _("In transit"),
    tracking.OUT_FOR_DELIVERY: _("Out for delivery"),
    tracking.DELIVERED: _("Delivered"),
    tracking.EXCEPTION: _("Delivery problem"),
}
ESTIMATE_BASES = {
    eta.RECENT: _("based on recent deliveries to your province"),
    eta.STANDARD: _("standard estimate for the distance"),
}
# An order transition that a carrier event tells better (with the place) is left out when the
# shipment has that event: "ship" is the carrier's hand-over scan, "deliver" its delivery scan.
SUPERSEDED_BY = {"ship": tracking.HANDED_OVER, "deliver": tracking.DELIVERED}
DELIVERED_STATES = (order_states.DELIVERED, order_states.COMPLETED)
# Same time: order steps first, then the warehouse's, then the carrier's (in tracking rank).
_KIND_RANK = {ORDER: 0, WAREHOUSE: 1, CARRIER: 2}


@dataclass(frozen=True)
class Step:
    kind: str  # ORDER, WAREHOUSE or CARRIER
    code: str  # the order event, "picked" / "packed", or the carrier's event code
    label: str
    at: datetime
    place: str = ""
    detail: str = ""
    current: bool = False


@dataclass(frozen=True)
class Timeline:
    steps: list[Step]
    shipment: Shipment | None = None
    estimated_delivery_at: datetime | None = None  # while not delivered
    estimate_basis: str = ""  # how it was estimated, for the shopper
    leaves_by: datetime | None = None  # while in the warehouse: the hand-over goal

    @property
    def current(self) -> Step | None:
        return next((s for s in self.steps if s.current), None)


def _transition_label(t) -> str:
    label = TRANSITION_LABELS.get((t.event, t.to_state)) or TRANSITION_LABELS.get(t.event)
    return str(label or order_states.LABELS.get(t.to_state, t.to_state))


def _steps(transitions, shipment: Shipment | None) -> list[tuple]:
    events = list(shipment.events.all()) if shipment else []
    codes = {e.code for e in events}
    found = []
    for t in transitions:
        if SUPERSEDED_BY.get(t.event) in codes:
            continue
        place = shipment.warehouse.city if shipment and t.event == "pick" else ""
        found.append((t.at, ORDER, t.seq, Step(ORDER, t.event, _transition_label(t), t.at, place)))
    if shipment is not None:
        city = shipment.warehouse.city
        for code, at in (("picked", shipment.picked_at), ("packed", shipment.packed_at)):
            if at is not None:
                step = Step(WAREHOUSE, code, str(WAREHOUSE_LABELS[code]), at, city)
                found.append((at, WAREHOUSE, 0, step))
        for e in events:
            detail = e.detail if e.code == tracking.EXCEPTION else ""
            step = Step(CARRIER, e.code, str(CARRIER_LABELS[e.code]), e.occurred_at, e.place,
                        detail)  # fmt: skip
            found.append((e.occurred_at, CARRIER, tracking.RANK.get(e.code, 0), step))
    found.sort(key=lambda item: (item[0], _KIND_RANK[item[1]], item[2]))
    return [item[3] for item in found]


def _with_current(steps: list[Step], shipment: Shipment | None) -> list[Step]:
    """The step the parcel is at: the last one, except that a delivered parcel stays delivered
    whatever the carrier reported after (tracking.status: delivery is final)."""
    if not steps:
        return steps
    index = len(steps) - 1
    if shipment is not None and shipment.status == tracking.DELIVERED:
        index = max(
            (i for i, s in enumerate(steps) if s.kind == CARRIER and s.code == tracking.DELIVERED),
            default=index,
        )
    return [replace(s, current=i == index) for i, s in enumerate(steps)]


def _transitions_of(orders) -> dict[int, list]:
    """Each order's transitions in order: the prefetched ones, or one query for all of them."""
    if all("transitions" in getattr(o, "_prefetched_objects_cache", {}) for o in orders):
        return {o.pk: sorted(o.transitions.all(), key=lambda t: t.seq) for o in orders}
    found: dict[int, list] = {o.pk: [] for o in orders}
    for t in OrderTransition.objects.filter(order__in=[o.pk for o in orders]).order_by(
        "order_id", "seq"
    ):
        found[t.order_id].append(t)
    return found


def timelines(orders) -> dict[int, Timeline]:
    """The tracking timeline of each order (by order id), in a bounded number of queries
    whatever the number of orders: their transitions (none if prefetched), and, only when one
    was released by customs, the shipments and their carrier events (two)."""
    orders = list(orders)
    transitions = _transitions_of(orders)
    released = [o.pk for o in orders if any(t.event == "clear" for t in transitions[o.pk])]
    shipments: dict[int, Shipment] = {}
    if released:
        shipments = {
            s.order_id: s
            for s in Shipment.objects.filter(order_id__in=released)
            .select_related("warehouse")
            .prefetch_related(
                Prefetch("events", queryset=TrackingEvent.objects.order_by("occurred_at", "id"))
            )
        }
    result = {}
    for order in orders:
        shipment = shipments.get(order.pk)
        steps = _with_current(_steps(transitions[order.pk], shipment), shipment)
        estimate_at, basis, leaves_by = None, "", None
        delivered = any(t.to_state in DELIVERED_STATES for t in transitions[order.pk])
        if shipment is not None and not delivered and shipment.status != tracking.DELIVERED:
            if shipment.estimated_delivery_at is not None:
                estimate_at = shipment.estimated_delivery_at
                basis = str(ESTIMATE_BASES.get(shipment.estimate_basis, ""))
            elif shipment.in_warehouse:
                leaves_by = shipment.due_at
        result[order.pk] = Timeline(steps, shipment, estimate_at, basis, leaves_by)
    return result


def timeline(order) -> Timeline:
    """One order's tracking steps in time order (order, warehouse and carrier steps, each with
    its label, time and place; the current one marked) and its delivery estimate."""
    return timelines([order])[order.pk]


# --- the console: SLA standing, queue, dashboard ---------------------------------------------

STANDING_RANK = {sla.LATE: 0, sla.AT_RISK: 1, sla.ON_TRACK: 2}


def standing_of(shipment, now: datetime) -> str:
    return sla.standing(
        paid_at=shipment.paid_at, handed_over_at=shipment.handed_over_at, now=now,
        goal_hours=settings.FULFILLMENT_SLA_HOURS,
        warning_hours=settings.FULFILLMENT_SLA_WARNING_HOURS,
    )  # fmt: skip


@dataclass(frozen=True)
class QueueRow:
    shipment: Shipment
    standing: str
    units: int
    picked: int

    @property
    def standing_label(self) -> str:
        return str(sla.LABELS[self.standing])


def _scoped(merchant=None, warehouse=None):
    shipments = Shipment.objects.all()
    if merchant is not None:
        shipments = shipments.filter(order__merchant=merchant)
    if warehouse is not None:
        shipments = shipments.filter(warehouse=warehouse)
    return shipments


def _units(column: str):
    lines = (
        PickLine.objects.filter(shipment=OuterRef("pk"))
        .order_by()
        .values("shipment")
        .annotate(n=Sum(column))
        .values("n")
    )
    return Coalesce(Subquery(lines), 0)


def queue(*, warehouse=None, now: datetime | None = None, merchant=None) -> list[QueueRow]:
    """Shipments still in the warehouse (to pick, picked, packed, labelled), late ones first,
    then those at risk, then the rest; each group by its hand-over goal. One query, for all of
    them (a warehouse's open parcels are a day's orders at most; the page shows them in pages):
    the standing depends on the clock, so it is sorted here rather than in SQL."""
    now = now or timezone.now()
    shipments = (
        _scoped(merchant, warehouse)
        .filter(status__in=Shipment.IN_WAREHOUSE)
        .select_related("order__merchant", "warehouse")
        .defer(*PERSONAL)
        .annotate(units=_units("quantity"), picked_units=_units("picked"))
        .order_by("due_at", "id")
    )
    rows = [QueueRow(s, standing_of(s, now), s.units, s.picked_units) for s in shipments]
    rows.sort(key=lambda r: STANDING_RANK[r.standing])  # stable: due_at order within a group
    return rows


@dataclass(frozen=True)
class Dashboard:
    by_status: list[tuple[str, str, int]]  # (status, label, count), every status
    handed_over: int  # in the period
    met: int  # of those, in time
    compliance: float | None  # met / handed_over, None without any
    at_risk: int  # in the warehouse now
    late: int  # in the warehouse now, past the goal
    days: int = 7
    since: datetime | None = None

    @property
    def compliance_percent(self) -> int | None:
        return None if self.compliance is None else round(self.compliance * 100)

    @property
    def in_warehouse(self) -> int:
        return sum(n for status, _label, n in self.by_status if status in Shipment.IN_WAREHOUSE)


def dashboard(*, now: datetime | None = None, merchant=None, warehouse=None,
              days: int = 7) -> Dashboard:  # fmt: skip
    """Shipments per status; the share handed over in time among those handed over in the last
    `days` days (sla.compliance); how many in the warehouse are at risk or late. Three queries."""
    now = now or timezone.now()
    shipments = _scoped(merchant, warehouse)
    counts = dict(shipments.order_by().values_list("status").annotate(n=Count("id")))
    by_status = [(value, str(label), counts.get(value, 0)) for value, label in
                 Shipment.Status.choices]  # fmt: skip
    since = now - timedelta(days=days)
    finished = [
        sla.standing(paid_at=paid, handed_over_at=handed, now=now,
                     goal_hours=settings.FULFILLMENT_SLA_HOURS,
                     warning_hours=settings.FULFILLMENT_SLA_WARNING_HOURS)
        for paid, handed in shipments.filter(handed_over_at__gte=since, handed_over_at__lte=now)
        .order_by()
        .values_list("paid_at", "handed_over_at")
    ]  # fmt: skip
    waiting = [
        sla.standing(paid_at=paid, handed_over_at=None, now=now,
                     goal_hours=settings.FULFILLMENT_SLA_HOURS,
                     warning_hours=settings.FULFILLMENT_SLA_WARNING_HOURS)
        for paid in shipments.filter(status__in=Shipment.IN_WAREHOUSE)
        .order_by()
        .values_list("paid_at", flat=True)
    ]  # fmt: skip
    return Dashboard(
        by_status=by_status,
        handed_over=len(finished),
        met=sum(s == sla.MET for s in finished),
        compliance=sla.compliance(finished),
        at_risk=sum(s == sla.AT_RISK for s in waiting),
        late=sum(s == sla.LATE for s in waiting),
        days=days,
        since=since,
    )


# --- one shipment (work screen, label, hand-over) --------------------------------------------


def shipment_for_console(*, shipment_id: int, merchant=None) -> Shipment | None:
    """A shipment with its order, warehouse, pick list (lots, SKUs, products) and carrier
    events; None if it does not exist or belongs to another merchant than `merchant`."""
    return (
        _scoped(merchant)
        .filter(pk=shipment_id)
        .select_related("order__merchant", "warehouse")
        .defer(*PERSONAL)
        .prefetch_related(
            Prefetch("pick_lines", queryset=PickLine.objects.select_related("sku__product", "lot")),
            Prefetch("events", queryset=TrackingEvent.objects.order_by("occurred_at", "id")),
        )
        .first()
    )


def shipment_by_waybill(*, waybill_number: str, merchant=None) -> Shipment | None:
    number = "".join((waybill_number or "").split()).upper()
    if not number:
        return None
    return (
        _scoped(merchant)
        .filter(waybill_number__iexact=number)
        .select_related("order", "warehouse")
        .defer(*PERSONAL)
        .first()
    )


@dataclass(frozen=True)
class WeightGuide:
    expected_kg: Decimal
    tolerance_kg: Decimal

    @property
    def low_kg(self) -> Decimal:
        return self.expected_kg - self.tolerance_kg

    @property
    def high_kg(self) -> Decimal:
        return self.expected_kg + self.tolerance_kg


def weight_guide(shipment: Shipment) -> WeightGuide:
    """What the scale should read (the pack check's tolerance, from the settings)."""
    expected = shipment.expected_weight_kg
    check = weighing.check(
        expected_kg=expected, measured_kg=expected,
        tolerance_percent=Decimal(str(settings.FULFILLMENT_WEIGHT_TOLERANCE_PERCENT)),
        tolerance_min_kg=Decimal(str(settings.FULFILLMENT_WEIGHT_TOLERANCE_MIN_KG)),
    )  # fmt: skip
    return WeightGuide(expected, check.tolerance_kg)


@dataclass
class PickRow:
    line: PickLine
    next: bool = False  # the first open line in walk order: where the picker goes now

    @property
    def done(self) -> bool:
        return self.line.picked >= self.line.quantity


def pick_list(shipment: Shipment) -> list[PickRow]:
    """The pick lines in walk order (bins aisle by aisle, lines without a bin last)."""
    rows = [PickRow(line) for line in picking.walk_order(list(shipment.pick_lines.all()))]
    first_open = next((r for r in rows if not r.done), None)
    if first_open is not None:
        first_open.next = True
    return rows


@dataclass(frozen=True)
class LabelData:
    shipment: Shipment
    carrier_name: str
    routing_code: str
    origin: str
    destination: str
    weight_kg: Decimal
    pieces: int
    printed_at: datetime | None


def label_of(shipment: Shipment) -> LabelData:
    """What the printed label shows. The carrier is asked for the label again (its routing
    code): carriers answer a reprint of the same waybill with the same label."""
    from .carriers import get_carrier
    from .services import parcel_of

    parcel = parcel_of(shipment)
    carrier = get_carrier(shipment.carrier)
    printed = carrier.label(parcel)
    return LabelData(
        shipment=shipment, carrier_name=printed.carrier_name, routing_code=printed.routing_code,
        origin=f"{parcel.origin_province}{parcel.origin_city}",
        destination=f"{parcel.destination_province}{parcel.destination_city}",
        weight_kg=parcel.weight_kg, pieces=parcel.pieces, printed_at=shipment.labelled_at,
    )  # fmt: skip


def waiting_for_pickup(*, warehouse=None) -> list[Shipment]:
    """Labelled parcels the carrier has not taken yet, oldest goal first."""
    return list(
        _scoped(None, warehouse)
        .filter(status=Shipment.Status.LABELLED)
        .select_related("order", "warehouse")
        .defer(*PERSONAL)
        .order_by("due_at", "id")
    )


def handed_over_today(*, now: datetime | None = None, warehouse=None) -> list[Shipment]:
    """Parcels handed to a carrier since local midnight, the latest first."""
    now = now or timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return list(
        _scoped(None, warehouse)
        .filter(handed_over_at__gte=midnight, handed_over_at__lte=now)
        .select_related("order", "warehouse")
        .defer(*PERSONAL)
        .order_by("-handed_over_at", "-id")
    )
