"""Inventory writes: receive, adjust, reserve, commit, release, pick, ship, return, expire.

Every write is one transaction (a savepoint inside the caller's) and appends StockMovement rows
whose deltas add up to the lot's counters (see StockMovement for the sign convention). Bad input
raises `StockError` (field + localized reason) and changes nothing; a reservation that cannot be
served in full raises `OutOfStock` and changes nothing.

Locking. Lots are locked in primary-key order (`select_for_update` or ordered `UPDATE ... F()`),
so two writers never wait on each other in a circle. Writers that start from a reference lock its
reservations first (in primary-key order), then its lots. Counters move with F() expressions and
the database refuses reserved > on hand (constraint `lot_reserved_within_on_hand`).

Every write that changes what can be sold publishes `search.events.stock_changed` in its
transaction, so the search index's in-stock signal follows.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from freeport.catalog.models import SKU
from freeport.search import events as search_events

from . import fefo
from .models import Reservation, StockLot, StockMovement, Warehouse

RELEASABLE = (Reservation.Status.HELD, Reservation.Status.COMMITTED, Reservation.Status.PICKED)
REASON_MAX = StockMovement._meta.get_field("reason").max_length
REFERENCE_MAX = Reservation._meta.get_field("reference").max_length


class InventoryError(Exception):
    """Base of the inventory's refusals."""


class StockError(InventoryError, ValueError):
    """Input the inventory cannot accept. `field` names it, `message` says why (localized)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Shortage(NamedTuple):
    sku_id: int
    warehouse_id: int
    requested: int
    available: int  # what the eligible lots can still give


class OutOfStock(InventoryError):
    """Some lines cannot be reserved in full; nothing was reserved. One Shortage per such line."""

    def __init__(self, shortages: list[Shortage]):
        super().__init__(
            "; ".join(
                f"sku {s.sku_id} in warehouse {s.warehouse_id}: "
                f"requested {s.requested}, available {s.available}"
                for s in shortages
            )
        )
        self.shortages = shortages


# ------------------------------------------------------------------ settings-driven rules


def reservation_expires_at(now: datetime | None = None) -> datetime:
    """When a hold taken at `now` lapses (INVENTORY_RESERVATION_TTL_MINUTES)."""
    now = now or timezone.now()
    return now + timedelta(minutes=settings.INVENTORY_RESERVATION_TTL_MINUTES)


def earliest_expiry(deliver_by: date) -> date:
    """Lots expiring before this date are not sold for delivery by `deliver_by`."""
    return fefo.earliest_expiry(deliver_by, settings.INVENTORY_EXPIRY_MARGIN_DAYS)


# ------------------------------------------------------------------ input checks


def _positive_int(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise StockError(field, _("Enter a whole number greater than zero."))
    return value


def _text(value, field: str, max_length: int, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise StockError(field, _("This is required."))
    value = value.strip()
    if len(value) > max_length:
        raise StockError(field, _("At most %(n)d characters, please.") % {"n": max_length})
    return value


def _reason(value, field: str = "reason") -> str:
    """A reason is required; a long one is cut to the column's width rather than refused."""
    if not isinstance(value, str) or not value.strip():
        raise StockError(field, _("Say why (a reason is required)."))
    return value.strip()[:REASON_MAX]


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


UNKNOWN = {
    SKU: gettext_lazy("Unknown SKU: %(id)s."),
    Warehouse: gettext_lazy("Unknown warehouse: %(id)s."),
    StockLot: gettext_lazy("Unknown stock lot: %(id)s."),
}


def _get(model, value, field: str, queryset=None):
    """The row that `value` (an instance or an id) names, or StockError on `field`."""
    pk = value.pk if isinstance(value, model) else value
    obj = None
    if isinstance(pk, int) and not isinstance(pk, bool):
        obj = (queryset if queryset is not None else model.objects).filter(pk=pk).first()
    if obj is None:
        raise StockError(field, str(UNKNOWN[model]) % {"id": pk})
    return obj


def _locked_lot(lot) -> StockLot:
    return _get(StockLot, lot, "lot", StockLot.objects.select_for_update())  # this row only


def _refresh(lot_argument, lot: StockLot) -> None:
    """Let a caller holding the StockLot instance see its new counters."""
    if isinstance(lot_argument, StockLot):
        lot_argument.refresh_from_db(fields=["quantity_on_hand", "quantity_reserved"])


def _product_ids(sku_ids) -> list[int]:
    return list(SKU.objects.filter(pk__in=set(sku_ids)).values_list("product_id", flat=True))


# ------------------------------------------------------------------ receiving and counting


@transaction.atomic
def stock_receive(
    *,
    sku,
    warehouse,
    batch_number: str,
    expiry_date: date | None,
    customs_entry_ref: str,
    quantity: int,
    received_at: datetime | None = None,
    reference: str = "",
    reason: str = "",
    bin_location: str = "",
    actor=None,
) -> StockLot:
    """Goods entered through customs: a new lot, or more of an existing batch; one receipt.

    `sku` and `warehouse` are instances or ids. Receiving more of a batch already held in the
    warehouse adds to that lot; its expiry date and customs entry must then be the same.
    """
    sku = _get(SKU, sku, "sku")
    warehouse = _get(Warehouse, warehouse, "warehouse")
    batch_number = _text(batch_number, "batch_number", 40)
    customs_entry_ref = _text(customs_entry_ref, "customs_entry_ref", 40)
    reference = _text(reference, "reference", REFERENCE_MAX, required=False)
    quantity = _positive_int(quantity, "quantity")
    bin_location = _text(bin_location, "bin_location", 20, required=False)
    if expiry_date is not None and (
        isinstance(expiry_date, datetime) or not isinstance(expiry_date, date)
    ):
        raise StockError("expiry_date", _("Enter a date."))
    lot, created = StockLot.objects.get_or_create(
        sku=sku,
        warehouse=warehouse,
        batch_number=batch_number,
        defaults={
            "expiry_date": expiry_date,
            "customs_entry_ref": customs_entry_ref,
            "received_at": received_at or timezone.now(),
            "bin_location": bin_location,
        },
    )
    if not created:
        if lot.expiry_date != expiry_date:
            raise StockError(
                "expiry_date",
                _("Batch %(batch)s is already held here with expiry date %(date)s.")
                % {"batch": batch_number, "date": lot.expiry_date or "-"},
            )
        if lot.customs_entry_ref != customs_entry_ref:
            raise StockError(
                "customs_entry_ref",
                _("Batch %(batch)s is already held here under customs entry %(entry)s.")
                % {"batch": batch_number, "entry": lot.customs_entry_ref},
            )
    StockLot.objects.filter(pk=lot.pk).update(quantity_on_hand=F("quantity_on_hand") + quantity)
    StockMovement.objects.create(
        lot=lot,
        kind=StockMovement.Kind.RECEIPT,
        quantity=quantity,
        reference=reference,
        reason=reason.strip()[:REASON_MAX] if isinstance(reason, str) else "",
        actor=_actor(actor),
    )
    search_events.stock_changed([sku.product_id])
    lot.refresh_from_db()
    return lot


@transaction.atomic
def stock_adjust(*, lot, delta: int, reason: str, actor=None) -> StockMovement:
    """Correct a lot's on-hand quantity by `delta` (a stock count, damage); reason required.

    On hand may not drop below what is reserved (release the reservations first).
    """
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise StockError("delta", _("Enter a whole number other than zero."))
    reason = _reason(reason)
    locked = _locked_lot(lot)
    if locked.quantity_on_hand + delta < locked.quantity_reserved:
        raise StockError(
            "delta",
            _("On hand would be %(after)d, below the %(reserved)d units reserved for orders.")
            % {"after": locked.quantity_on_hand + delta, "reserved": locked.quantity_reserved},
        )
    StockLot.objects.filter(pk=locked.pk).update(quantity_on_hand=F("quantity_on_hand") + delta)
    movement = StockMovement.objects.create(
        lot=locked,
        kind=StockMovement.Kind.ADJUSTMENT,
        quantity=delta,
        reason=reason,
        actor=_actor(actor),
    )
    search_events.stock_changed(_product_ids([locked.sku_id]))
    _refresh(lot, locked)
    return movement


@transaction.atomic
def stock_return(*, lot, quantity: int, reference: str, reason: str, actor=None) -> StockMovement:
    """Shipped units of `reference` come back into `lot` (on hand +quantity).

    At most what was shipped from this lot for the reference can come back, in total: a repeated
    call cannot make stock out of nothing.
    """
    quantity = _positive_int(quantity, "quantity")
    reference = _text(reference, "reference", REFERENCE_MAX)
    reason = _reason(reason)
    locked = _locked_lot(lot)
    shipped = (
        Reservation.objects.filter(
            reference=reference, lot=locked, status=Reservation.Status.SHIPPED
        ).aggregate(n=Sum("quantity"))["n"]
        or 0
    )
    returned = (
        StockMovement.objects.filter(
            reference=reference, lot=locked, kind=StockMovement.Kind.RETURN
        ).aggregate(n=Sum("quantity"))["n"]
        or 0
    )
    if returned + quantity > shipped:
        raise StockError(
            "quantity",
            _(
                "%(shipped)d units of this lot were shipped for %(reference)s and %(returned)d "
                "have come back already."
            )
            % {"shipped": shipped, "reference": reference, "returned": returned},
        )
    StockLot.objects.filter(pk=locked.pk).update(quantity_on_hand=F("quantity_on_hand") + quantity)
    movement = StockMovement.objects.create(
        lot=locked,
        kind=StockMovement.Kind.RETURN,
        quantity=quantity,
        reference=reference,
        reason=reason,
        actor=_actor(actor),
    )
    search_events.stock_changed(_product_ids([locked.sku_id]))
    _refresh(lot, locked)
    return movement


# ------------------------------------------------------------------ reservations


def _reserve_lines(lines) -> list[tuple[int, int, int, int]]:
    """Check the lines' shapes: [(index, sku_id, warehouse_id, quantity)].

    The same SKU and warehouse twice is one line of the sum (at the first one's index).
    """
    if not isinstance(lines, list | tuple) or not lines:
        raise StockError("lines", _("Nothing to reserve."))
    merged: dict[tuple[int, int], list[int]] = {}
    for i, line in enumerate(lines):
        if not isinstance(line, list | tuple) or len(line) != 3:
            raise StockError(f"lines[{i}]", _("Expected (SKU id, warehouse id, quantity)."))
        sku_id, warehouse_id, quantity = line
        for name, value in (("sku_id", sku_id), ("warehouse_id", warehouse_id)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise StockError(f"lines[{i}].{name}", _("Expected a whole-number id."))
        _positive_int(quantity, f"lines[{i}].quantity")
        merged.setdefault((sku_id, warehouse_id), [i, 0])[1] += quantity
    return [(i, s, w, q) for (s, w), (i, q) in merged.items()]


def _live(reference: str):
    return Reservation.objects.filter(reference=reference).exclude(
        status=Reservation.Status.RELEASED
    )


@transaction.atomic
def stock_reserve(
    *, reference: str, lines: list[tuple[int, int, int]], deliver_by: date, expires_at: datetime,
    products: dict[int, int] | None = None, bonded: set[int] | None = None,
) -> list[Reservation]:  # fmt: skip
    """Hold stock for order `reference`: all lines in full, or nothing (`OutOfStock`).

    `lines` are (sku_id, warehouse_id, quantity); only bonded warehouses sell. Each line is
    served first-expiry-first-out from the lots still good `INVENTORY_EXPIRY_MARGIN_DAYS` after
    `deliver_by` (a line may split over lots: one Reservation per lot). The holds lapse at
    `expires_at` unless committed. Idempotent: if `reference` already holds stock (held,
    committed, picked or shipped), those reservations are returned and nothing more is reserved.

    `products` (SKU id → product id) and `bonded` (ids of bonded warehouses): given by a caller
    that has just read them in this transaction (checkout), so they are not read again.
    """
    reference = _text(reference, "reference", REFERENCE_MAX)
    merged = _reserve_lines(lines)
    if isinstance(deliver_by, datetime) or not isinstance(deliver_by, date):
        raise StockError("deliver_by", _("Enter a date."))
    if not isinstance(expires_at, datetime) or timezone.is_naive(expires_at):
        raise StockError("expires_at", _("Enter a date and time with its time zone."))

    # (Whether `reference` already holds stock is checked once, under the lots' locks, below.)
    sku_ids = {s for _i, s, _w, _q in merged}
    warehouse_ids = {w for _i, _s, w, _q in merged}
    if products and bonded and sku_ids <= products.keys() and warehouse_ids <= bonded:
        skus, warehouses = products, dict.fromkeys(warehouse_ids, Warehouse.Kind.BONDED)
    else:
        skus = dict(SKU.objects.filter(pk__in=sku_ids).values_list("pk", "product_id"))
        warehouses = dict(Warehouse.objects.filter(pk__in=warehouse_ids).values_list("pk", "kind"))
    for i, sku_id, warehouse_id, _q in merged:
        if sku_id not in skus:
            raise StockError(f"lines[{i}].sku_id", str(UNKNOWN[SKU]) % {"id": sku_id})
        if warehouse_id not in warehouses:
            raise StockError(
                f"lines[{i}].warehouse_id", str(UNKNOWN[Warehouse]) % {"id": warehouse_id}
            )
        if warehouses[warehouse_id] != Warehouse.Kind.BONDED:
            raise StockError(
                f"lines[{i}].warehouse_id",
                _("Only bonded warehouses sell; display stock is not for sale."),
            )

    earliest = earliest_expiry(deliver_by)
    pairs = Q()
    for _i, sku_id, warehouse_id, _q in merged:
        pairs |= Q(sku_id=sku_id, warehouse_id=warehouse_id)
    locked = list(
        StockLot.objects.select_for_update()
        .filter(pairs)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=earliest))
        .order_by("pk")
    )
    # Another call for the same reference may have committed while we waited for the locks.
    existing = list(_live(reference).order_by("pk"))
    if existing:
        return existing

    by_pair: dict[tuple[int, int], list[fefo.Candidate]] = defaultdict(list)
    lots = {}
    for lot in locked:
        lots[lot.pk] = lot
        by_pair[(lot.sku_id, lot.warehouse_id)].append(
            fefo.Candidate(lot.pk, lot.expiry_date, lot.available)
        )
    allocations: list[tuple[int, int]] = []
    shortages: list[Shortage] = []
    for _i, sku_id, warehouse_id, quantity in merged:
        try:
            allocations += fefo.allocate(by_pair[(sku_id, warehouse_id)], quantity, earliest)
        except fefo.Shortfall as short:
            shortages.append(Shortage(sku_id, warehouse_id, quantity, short.sellable))
    if shortages:
        raise OutOfStock(shortages)

    allocations.sort()  # lot primary-key order
    for lot_id, quantity in allocations:
        StockLot.objects.filter(pk=lot_id).update(
            quantity_reserved=F("quantity_reserved") + quantity
        )
    held = Reservation.objects.bulk_create(
        [
            Reservation(
                reference=reference,
                lot_id=lot_id,
                sku_id=lots[lot_id].sku_id,
                warehouse_id=lots[lot_id].warehouse_id,
                quantity=quantity,
                status=Reservation.Status.HELD,
                expires_at=expires_at,
            )
            for lot_id, quantity in allocations
        ]
    )
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                lot_id=lot_id,
                kind=StockMovement.Kind.RESERVATION,
                quantity=quantity,
                reference=reference,
            )
            for lot_id, quantity in allocations
        ]
    )
    search_events.stock_changed(skus[s] for _i, s, _w, _q in merged)
    return held  # in lot order, as written (primary keys set): no read back


def _release(reservations: list[Reservation], reason: str) -> int:
    """Release locked reservations (any of RELEASABLE): counters, rows, movements."""
    if not reservations:
        return 0
    per_lot: dict[int, int] = defaultdict(int)
    for r in reservations:
        per_lot[r.lot_id] += r.quantity
    for lot_id in sorted(per_lot):
        StockLot.objects.filter(pk=lot_id).update(
            quantity_reserved=F("quantity_reserved") - per_lot[lot_id]
        )
    Reservation.objects.filter(pk__in=[r.pk for r in reservations]).update(
        status=Reservation.Status.RELEASED, updated_at=timezone.now()
    )
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                lot_id=r.lot_id,
                kind=StockMovement.Kind.RELEASE,
                quantity=r.quantity,
                reference=r.reference,
                reason=reason,
            )
            for r in reservations
        ]
    )
    search_events.stock_changed(_product_ids(r.sku_id for r in reservations))
    return len(reservations)


def _locked_reservations(reference: str, *statuses) -> list[Reservation]:
    qs = Reservation.objects.select_for_update().filter(reference=reference)
    if statuses:
        qs = qs.filter(status__in=statuses)
    return list(qs.order_by("pk"))


@transaction.atomic
def stock_release(*, reference: str, reason: str) -> int:
    """Give back what `reference` holds and has not shipped (held, committed or picked).

    For an order cancelled or expired, before or after payment. Idempotent: returns the number of
    reservations released, 0 when there is nothing (left) to release.
    """
    reference = _text(reference, "reference", REFERENCE_MAX)
    reason = _reason(reason)
    return _release(_locked_reservations(reference, *RELEASABLE), reason)


@transaction.atomic
def stock_commit(*, reference: str) -> bool:
    """The order is paid: its held stock stops expiring (committed, no expires_at).

    Returns False, changing nothing, when `reference` holds nothing any more (its reservations
    were released, e.g. by the expiry job before the payment came): the caller refunds. Returns
    True when committed now or before (idempotent). A hold past its `expires_at` that the job
    has not released yet is still committed: the stock is still there.
    """
    reference = _text(reference, "reference", REFERENCE_MAX)
    live = [r for r in _locked_reservations(reference) if r.status != Reservation.Status.RELEASED]
    if not live:
        return False
    Reservation.objects.filter(
        pk__in=[r.pk for r in live if r.status == Reservation.Status.HELD]
    ).update(status=Reservation.Status.COMMITTED, expires_at=None, updated_at=timezone.now())
    return True


def _require(reference: str, live: list[Reservation]) -> None:
    if not live:
        raise StockError(
            "reference", _("No stock is held for %(reference)s.") % {"reference": reference}
        )


def _advance(reference: str, *, before: str, after: str, kind: str, not_ready) -> list:
    """Move the live reservations of `reference` from `before` to `after` with one movement of
    `kind` each; `not_ready` (a message) if any live one is not yet at `before` or beyond."""
    reference = _text(reference, "reference", REFERENCE_MAX)
    live = [r for r in _locked_reservations(reference) if r.status != Reservation.Status.RELEASED]
    _require(reference, live)
    order = [s.value for s in Reservation.Status]
    if any(order.index(r.status) < order.index(before) for r in live):
        raise StockError("reference", not_ready % {"reference": reference})
    todo = [r for r in live if r.status == before]
    Reservation.objects.filter(pk__in=[r.pk for r in todo]).update(
        status=after, updated_at=timezone.now()
    )
    StockMovement.objects.bulk_create(
        StockMovement(lot_id=r.lot_id, kind=kind, quantity=r.quantity, reference=reference)
        for r in todo
    )
    return todo


@transaction.atomic
def stock_pick(*, reference: str) -> int:
    """The committed stock of `reference` is taken off the shelf (picked; still reserved).

    Returns the number of reservations picked now (0 if done before). Unpaid (held) stock
    cannot be picked.
    """
    todo = _advance(
        reference, before=Reservation.Status.COMMITTED, after=Reservation.Status.PICKED,
        kind=StockMovement.Kind.PICK,
        not_ready=_("%(reference)s is not paid: its stock is only held."),
    )  # fmt: skip
    return len(todo)


@transaction.atomic
def stock_ship(*, reference: str) -> int:
    """The picked stock of `reference` leaves with the carrier: on hand and reserved go down.

    Returns the number of reservations shipped now (0 if done before); everything must be
    picked first.
    """
    todo = _advance(
        reference, before=Reservation.Status.PICKED, after=Reservation.Status.SHIPPED,
        kind=StockMovement.Kind.SHIP,
        not_ready=_("Pick all of %(reference)s before shipping it."),
    )  # fmt: skip
    per_lot: dict[int, int] = defaultdict(int)
    for r in todo:
        per_lot[r.lot_id] += r.quantity
    for lot_id in sorted(per_lot):
        StockLot.objects.filter(pk=lot_id).update(
            quantity_on_hand=F("quantity_on_hand") - per_lot[lot_id],
            quantity_reserved=F("quantity_reserved") - per_lot[lot_id],
        )
    return len(todo)


def reservations_expire(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Release held reservations past their `expires_at` (the periodic job); returns how many.

    One transaction per reference, so an order's holds lapse together; a reference being
    committed at the same moment is waited for, then left alone (it is no longer held).
    """
    now = now or timezone.now()
    due = Reservation.objects.filter(status=Reservation.Status.HELD, expires_at__lt=now)
    references = list(
        due.order_by("reference").values_list("reference", flat=True).distinct()[:limit]
    )
    released = 0
    for reference in references:
        with transaction.atomic():
            rows = list(due.select_for_update().filter(reference=reference).order_by("pk"))
            released += _release(rows, "reservation expired")
    return released
