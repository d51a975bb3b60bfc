"""After-sales writes: return and exchange requests from the shopper's request to the refund.

    return_request_create(user=..., order_number=..., kind=..., reason=..., items=[(line, qty)])
    return_label_issue(number=..., actor=...)      requested → approved (label FPR..., CEB625)
    return_shipped(number=..., user=...)           approved → in_transit
    return_receive(number=..., actor=...)          in_transit → received (by ship_back_by)
    return_inspect(number=..., actor=..., grades=[...])   received → inspected (stock)
    return_refund(number=..., actor=...)           inspected → refunded (money; tax after customs)
    return_tax_settle(number=...)                  the tax part once customs answered the CEB625
    return_refuse(number=..., actor=..., reason=...) / return_cancel(number=..., user=...)

Each is one transaction with keyword-only arguments. Bad input raises `ReturnError` (a
ValueError: `field`, localized `message`, stable `code`) and changes nothing. Every step appends
a ReturnEvent and tells the shopper (notifications.notify, one dedupe key per step). Repeating a
step that is already done returns the request unchanged. Rules: `policy.py`; docs/aftersales.md.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from freeport.checkout.promotions import unit_prices
from freeport.console.roles import is_operator
from freeport.customs import declarations
from freeport.customs.models import CustomsReturn, Declaration
from freeport.fulfillment.carriers import Parcel, get_carrier
from freeport.fulfillment.models import Shipment
from freeport.inventory import services as inventory
from freeport.inventory.models import Reservation, StockLot
from freeport.kernel.money import round_fen
from freeport.orders import states as order_states
from freeport.orders.models import Order, OrderLine
from freeport.payments.errors import PaymentError
from freeport.payments.models import Payment
from freeport.payments.services import payment_refund

from . import policy
from .models import ReturnEvent, ReturnItem, ReturnPhoto, ReturnRequest

Status = ReturnRequest.Status
Grade = ReturnItem.Grade
CHINA = ZoneInfo("Asia/Shanghai")

# [D] What a return parcel costs when the shopper pays it (change of mind, no free return left):
# one flat price, deducted from the refund (policy.decide `return_freight`). Operators change it
# with AFTERSALES_RETURN_FREIGHT; a carrier quote per parcel can replace it later.
RETURN_FREIGHT = Decimal("12.00")
TIER = "standard"  # no membership app yet: every shopper is "standard" (0 free returns a year)
DESCRIPTION_MAX = 2000
REASON_MAX = 300
MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Pillow is not a dependency: a photo is accepted on its declared type *and* its first bytes.
PHOTO_TYPES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),  # + "WEBP" at offset 8, checked below
}
PACKAGING_KG = Decimal("0.150")
DELIVERED_STATES = (order_states.DELIVERED, order_states.COMPLETED)


log = logging.getLogger(__name__)


class ReturnError(ValueError):
    """A request the after-sales cannot honour: `field` names the input, `message` (localized)
    says why, `code` is stable for the API; a policy refusal carries every `reasons` entry."""

    def __init__(self, field: str, message, *, code: str = "invalid", reasons=()):
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.code = field, str(message), code
        self.reasons = tuple(reasons)


# --- helpers ------------------------------------------------------------------------------------


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(number: str) -> ReturnRequest:
    request = (
        ReturnRequest.objects.select_for_update()
        .select_related("order", "order__group", "user")
        .filter(number=str(number or ""))
        .first()
    )
    if request is None:
        raise ReturnError("number", _("No such return request."), code="not_found")
    return request


def _require(request: ReturnRequest, *allowed: str) -> None:
    if request.status not in allowed:
        raise ReturnError(
            "status",
            _("This return request is %(status)s: that step is not possible now.")
            % {"status": request.get_status_display()},
            code="wrong_status",
        )


def _event(request: ReturnRequest, action: str, *, actor=None, note: str = "", at=None) -> None:
    ReturnEvent.objects.create(
        request=request, at=at or timezone.now(), actor=_actor(actor), action=action, note=note
    )


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "-"


def _tell(request: ReturnRequest, step: str, title, body) -> None:
    """Tell the shopper, once per request and step (rendered in the site language, as
    fulfillment/notices.py: shoppers have no stored language yet)."""
    from freeport.notifications.services import notify

    with translation.override(settings.LANGUAGE_CODE):
        notify(
            user=request.user, kind=f"return.{step}", title=str(title()), body=str(body()),
            link=reverse("orders:group", args=[request.order.group.number]),
            dedupe_key=f"return.{step}:{request.number}",
        )  # fmt: skip


def _save(request: ReturnRequest, actor, *fields: str) -> None:
    request.last_actor = _actor(actor) or request.last_actor
    request.save(update_fields=[*fields, "last_actor", "updated_at"])


def _close(request: ReturnRequest, status: str, at: datetime) -> None:
    request.status, request.closed_at = status, at
    ReturnItem.objects.filter(request=request).update(is_open=False)


def _released_at(order: Order) -> datetime | None:
    """When customs released the order's inventory list (the CEB621 "released" receipt time:
    the instant the 30/45-day clocks start, read exactly as customs.declarations does)."""
    declaration = Declaration.objects.filter(order_no=order.number).first()
    if declaration is None:
        return None
    return declarations.released_at(declaration)


def _root_category(sku) -> str:
    category = sku.product.category
    while category.parent_id:
        category = category.parent
    return category.slug


def _paid_line(line: OrderLine) -> policy.PaidLine:
    return policy.PaidLine(
        quantity=line.quantity, goods=line.goods, freight=line.freight, discount=line.discount,
        tariff=line.tariff, consumption_tax=line.consumption_tax, vat=line.vat,
        payable=line.payable,
    )  # fmt: skip


def _already(line_ids: Iterable[int], *, exclude: int | None = None) -> dict[int, int]:
    """Units of each line refunded by earlier returns (the policy's `already`)."""
    done = ReturnItem.objects.filter(
        order_line_id__in=list(line_ids),
        request__status=Status.REFUNDED,
        request__kind=ReturnRequest.Kind.RETURN,
    )
    if exclude:
        done = done.exclude(request_id=exclude)
    rows = done.values("order_line_id").annotate(n=Sum("quantity"))
    return {row["order_line_id"]: row["n"] for row in rows}


def _return_freight() -> Decimal:
    return round_fen(Decimal(str(getattr(settings, "AFTERSALES_RETURN_FREIGHT", RETURN_FREIGHT))))


def _free_used(user, at: datetime) -> int:
    """Free no-reason returns used this calendar year (China time); a request refused or
    cancelled gives its use back."""
    start = datetime(at.astimezone(CHINA).year, 1, 1, tzinfo=CHINA)
    return (
        ReturnRequest.objects.filter(user=user, free_return=True, created_at__gte=start)
        .exclude(status__in=[Status.REFUSED, Status.CANCELLED])
        .count()
    )


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _parts(parts: policy.Parts) -> dict:
    return {name: _money(getattr(parts, name)) for name in policy._PART_FIELDS} | {
        "tax": _money(parts.tax),
        "total": _money(parts.total),
    }


def _snapshot(decision: policy.Decision, *, tier: str, free_used: int, applied_at) -> dict:
    refund = decision.refund
    return {
        "allowed": decision.allowed,
        "kind": decision.kind,
        "reason": decision.reason,
        "reasons": [
            {"code": r.code, "text": str(r.text), "item": r.item} for r in decision.reasons
        ],  # fmt: skip
        "applied_at": applied_at.isoformat(),
        "window_closes": decision.window_closes.isoformat() if decision.window_closes else None,
        "cbec_apply_by": decision.cbec_apply_by.isoformat(),
        "ship_back_by": decision.ship_back_by.isoformat(),
        "tier": tier,
        "free_used": free_used,
        "shipping": {
            "payer": decision.shipping.payer,
            "free_return": decision.shipping.free_return,
            "code": decision.shipping.reason.code,
        }
        if decision.shipping
        else None,
        "refund": None
        if refund is None
        else _parts(refund)
        | {
            "freight_kept": _money(refund.freight_kept),
            "return_shipping": _money(refund.return_shipping),
            "lines": [_parts(p) for p in refund.lines],
        },
    }


def _check_photos(photos) -> list:
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ReturnError("photos", _("At most %(n)d photos.") % {"n": MAX_PHOTOS})
    for i, photo in enumerate(photos):
        field = f"photos[{i}]"
        size = getattr(photo, "size", None)
        content_type = (getattr(photo, "content_type", "") or "").lower()
        if not isinstance(size, int) or size <= 0:
            raise ReturnError(field, _("The photo is empty."))
        if size > MAX_PHOTO_BYTES:
            raise ReturnError(field, _("A photo may be at most 5 MB."))
        if content_type not in PHOTO_TYPES:
            raise ReturnError(field, _("Send a JPEG, PNG or WebP picture."))
        photo.seek(0)
        head = photo.read(12)
        photo.seek(0)
        ok = head.startswith(PHOTO_TYPES[content_type])
        if content_type == "image/webp":
            ok = ok and head[8:12] == b"WEBP"
        if not ok:
            raise ReturnError(field, _("The file is not the picture it claims to be."))
    return photos


def _items(order: Order, items, opened_line_ids) -> list[tuple[OrderLine, int, bool]]:
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or not items:
        raise ReturnError("items", _("Choose at least one item to send back."))
    lines = {
        line.pk: line
        for line in order.lines.select_related("sku__product__category__parent__parent")
    }
    opened = set()
    for value in opened_line_ids or ():
        if not isinstance(value, int) or value not in lines:
            raise ReturnError("opened_line_ids", _("Not an item of this order."))
        opened.add(value)
    chosen, seen = [], set()
    for i, entry in enumerate(items):
        if not isinstance(entry, (list, tuple)) or len(entry) != 2:
            raise ReturnError(f"items[{i}]", _("Expected (item, quantity)."))
        line_id, quantity = entry
        if isinstance(line_id, bool) or not isinstance(line_id, int) or line_id not in lines:
            raise ReturnError(f"items[{i}].line", _("Not an item of this order."))
        if line_id in seen:
            raise ReturnError(f"items[{i}].line", _("This item is listed twice."))
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ReturnError(f"items[{i}].quantity", _("Enter a whole number of at least 1."))
        if quantity > lines[line_id].quantity:
            raise ReturnError(
                f"items[{i}].quantity",
                _("You bought %(n)d of this item.") % {"n": lines[line_id].quantity},
            )
        seen.add(line_id)
        chosen.append((lines[line_id], quantity, line_id in opened))
    return chosen


# --- the shopper asks ---------------------------------------------------------------------------


@transaction.atomic
def return_request_create(
    *,
    user,
    order_number: str,
    kind: str,
    reason: str,
    items: Sequence[tuple[int, int]],
    description: str = "",
    photos: Sequence = (),
    opened_line_ids: Iterable[int] = (),
    now: datetime | None = None,
) -> ReturnRequest:
    """Ask to return (or exchange) units of lines of one delivered order.

    Only the order's owner (anyone else is told there is no such order), only a delivered order,
    one open request per order line. The policy decides (delivery and customs release times,
    tier, free returns used this year); a refusal raises with every policy reason and stores
    nothing. The decision is kept as a snapshot with the request.
    """
    now = now or timezone.now()
    if kind not in ReturnRequest.Kind.values:
        raise ReturnError("kind", _("Choose return or exchange."))
    if reason not in ReturnRequest.Reason.values:
        raise ReturnError("reason", _("Choose a reason."))
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise ReturnError("description", _("At most %(n)d characters.") % {"n": DESCRIPTION_MAX})
    photos = _check_photos(photos)
    order = (
        Order.objects.select_for_update()
        .select_related("group")
        .filter(number=str(order_number or ""))
        .first()
    )
    if order is None or user is None or order.user_id != getattr(user, "pk", None):
        raise ReturnError("order_number", _("No such order."), code="not_found")
    shipment = Shipment.objects.filter(order=order).first()
    delivered_at = shipment.delivered_at if shipment else None
    if order.state not in DELIVERED_STATES or delivered_at is None:
        raise ReturnError(
            "order_number", _("This order has not been delivered yet."), code="not_delivered"
        )
    released_at = _released_at(order)
    if released_at is None:
        raise ReturnError(
            "order_number",
            _("Customs has no release on file for this order; please contact us."),
            code="not_released",
        )
    chosen = _items(order, items, opened_line_ids)
    busy = set(
        ReturnItem.objects.filter(
            order_line_id__in=[line.pk for line, _q, _o in chosen], is_open=True
        ).values_list("order_line_id", flat=True)
    )
    for i, (line, _q, _o) in enumerate(chosen):
        if line.pk in busy:
            raise ReturnError(
                f"items[{i}].line",
                _("This item already has a return request in progress."),
                code="open_request",
            )
    already = _already(line.pk for line, _q, _o in chosen)
    free_used = _free_used(user, now)
    try:
        decision = policy.decide(
            kind=kind, reason=reason,
            items=[policy.Item(line=_paid_line(line), category=_root_category(line.sku),
                               quantity=qty, already=already.get(line.pk, 0), opened=opened)
                   for line, qty, opened in chosen],
            delivered_at=delivered_at, released_at=released_at, applied_at=now, tier=TIER,
            free_used=free_used, return_freight=_return_freight(),
        )  # fmt: skip
    except policy.PolicyInputError as exc:
        raise ReturnError(exc.field, exc.message) from None
    if not decision.allowed:
        first = decision.reasons[0]
        raise ReturnError(
            "reason" if first.item is None else f"items[{first.item}]",
            " ".join(str(r.text) for r in decision.reasons),
            code="refused",
            reasons=decision.reasons,
        )
    seq = ReturnRequest.objects.filter(order=order).count() + 1
    payer = decision.shipping.payer
    request = ReturnRequest.objects.create(
        number=f"R{order.number}{seq:02d}", order=order, user=user, kind=kind, reason=reason,
        description=description, status=Status.REQUESTED,
        decision=_snapshot(decision, tier=TIER, free_used=free_used, applied_at=now),
        tier=TIER, free_return=decision.shipping.free_return, shipping_payer=payer,
        return_freight=_return_freight() if payer == policy.SHOPPER else Decimal("0.00"),
        released_at=released_at, delivered_at=delivered_at, ship_back_by=decision.ship_back_by,
        created_at=now, last_actor=_actor(user),
    )  # fmt: skip
    try:
        with transaction.atomic():
            ReturnItem.objects.bulk_create(
                ReturnItem(request=request, order_line=line, quantity=qty, opened=opened)
                for line, qty, opened in chosen
            )
    except IntegrityError:  # a racing request on the same line won (one open per line)
        raise ReturnError(
            "items", _("An item already has a return request in progress."), code="open_request"
        ) from None
    for photo in photos:
        ReturnPhoto.objects.create(
            request=request, file=photo, content_type=photo.content_type, size=photo.size
        )
    codes = ", ".join(r.code for r in decision.reasons)
    _event(request, "requested", actor=user, at=now, note=f"{kind} / {reason}: {codes}")
    total = decision.refund.total if decision.refund else None
    _tell(request, "requested",
          lambda: _("Return %(number)s received") % {"number": request.number},
          lambda: (_("We have your request for order %(order)s. Expected refund: ¥%(total)s. "
                     "We will send you a return label.")
                   % {"order": order.number, "total": _money(total)}) if total is not None
          else _("We have your exchange request for order %(order)s. We will send you a "
                 "return label.") % {"order": order.number})  # fmt: skip
    return request


# --- the label, the journey back ----------------------------------------------------------------


def _cop_no(request: ReturnRequest) -> str:
    """The CEB625 copNo (at most 20 characters): R + date + the request's id."""
    return f"R{request.created_at.astimezone(CHINA):%Y%m%d}{request.pk:011d}"


def _declared_lines(request: ReturnRequest) -> dict[int, Decimal]:
    """The request's units as inventory-list lines (gnum → quantity).

    The order was declared line by line, a line whose units got price cuts a fen apart as two
    goods lines (orders/declaring.py): gnums are recounted the same way. Units of a split line
    are taken from its first goods line onwards, after those of earlier customs returns.
    """
    lines = list(request.order.lines.order_by("id"))
    earlier = (
        ReturnItem.objects.filter(
            request__order=request.order, request__customs_return__isnull=False
        )
        .exclude(request__customs_return__status=CustomsReturn.Status.REJECTED)
        .exclude(request=request)
        .values("order_line_id")
        .annotate(n=Sum("quantity"))
    )
    used = {row["order_line_id"]: row["n"] for row in earlier}
    wanted = {item.order_line_id: item.quantity for item in request.items.all()}
    result: dict[int, Decimal] = {}
    gnum = 0
    for line in lines:
        skip, take = used.get(line.pk, 0), wanted.get(line.pk, 0)
        for _price, count in unit_prices(line.unit_price, line.quantity, line.price_cut):
            gnum += 1
            passed = min(skip, count)
            skip -= passed
            here = min(take, count - passed)
            if here:
                result[gnum] = Decimal(here)
                take -= here
    return result


def _parcel(request: ReturnRequest, waybill: str) -> Parcel:
    order = request.order
    items = list(request.items.select_related("order_line__sku"))
    weight = sum((i.order_line.sku.gross_weight_kg * i.quantity for i in items), PACKAGING_KG)
    return Parcel(
        waybill_number=waybill, order_number=order.number, origin_city=order.city,
        origin_province=order.province, destination_city=order.warehouse.city,
        destination_province=order.warehouse.province, weight_kg=weight,
        pieces=sum(i.quantity for i in items),
    )  # fmt: skip


@transaction.atomic
def return_label_issue(*, number: str, actor=None, now: datetime | None = None) -> ReturnRequest:
    """Approve a request: apply to customs for the return (CEB625, returns only; the 30-day
    window is customs'), register the parcel back with the carrier and give the shopper the
    label (waybill FPR...). Again on an approved request: unchanged."""
    now = now or timezone.now()
    request = _locked(number)
    if request.status == Status.APPROVED and request.waybill_number:
        return request
    _require(request, Status.REQUESTED)
    if now > request.ship_back_by:
        raise ReturnError(
            "ship_back_by",
            _("The goods can no longer reach the bonded area in time (by %(at)s).")
            % {"at": _when(request.ship_back_by)},
            code="too_late",
        )
    if request.kind == ReturnRequest.Kind.RETURN:
        try:
            request.customs_return = declarations.return_declare(
                order_no=request.order.number, cop_no=_cop_no(request),
                lines=_declared_lines(request), reason=request.get_reason_display()[:100],
                now=now,
            )  # fmt: skip
        except declarations.ReturnError as exc:
            raise ReturnError("customs", str(exc), code="customs_refused") from None
    carrier = get_carrier(getattr(settings, "FULFILLMENT_CARRIER", None))
    waybill = f"FPR{request.number[3:]}"  # R FP <digits> <seq>  →  FPR <digits> <seq>
    label = carrier.label(_parcel(request, waybill))
    request.status, request.approved_at = Status.APPROVED, now
    request.carrier, request.waybill_number = carrier.code, label.waybill_number
    request.routing_code = label.routing_code
    _save(request, actor, "status", "approved_at", "carrier", "waybill_number", "routing_code",
          "customs_return")  # fmt: skip
    note = f"{carrier.code} {label.waybill_number}"
    if request.customs_return_id:
        note += f"; CEB625 {request.customs_return.cop_no}"
    _event(request, "approved", actor=actor, at=now, note=note)
    _tell(request, "approved",
          lambda: _("Return %(number)s approved: your return label") % {"number": request.number},
          lambda: _("Send the parcel with %(carrier)s, waybill %(waybill)s. It must reach our "
                    "bonded warehouse by %(by)s, or customs will not accept the return.")
          % {"carrier": label.carrier_name, "waybill": label.waybill_number,
             "by": _when(request.ship_back_by)})  # fmt: skip
    return request


@transaction.atomic
def return_shipped(*, number: str, user, now: datetime | None = None) -> ReturnRequest:
    """The shopper (or staff on their behalf) handed the parcel to the carrier."""
    now = now or timezone.now()
    request = _locked(number)
    if request.user_id != getattr(user, "pk", None) and not is_operator(user):
        raise ReturnError("number", _("No such return request."), code="not_found")
    if request.status == Status.IN_TRANSIT:
        return request
    _require(request, Status.APPROVED)
    request.status, request.shipped_at = Status.IN_TRANSIT, now
    _save(request, user, "status", "shipped_at")
    _event(request, "shipped", actor=user, at=now, note=request.waybill_number)
    _tell(request, "shipped",
          lambda: _("Return %(number)s is on its way back") % {"number": request.number},
          lambda: _("We will tell you when it arrives and has been checked."))  # fmt: skip
    return request


@transaction.atomic
def return_receive(*, number: str, actor, now: datetime | None = None) -> ReturnRequest:
    """The parcel is back in the bonded area. After `ship_back_by` (release + 45 days) customs
    does not accept it tax-free: the arrival is refused (refuse the request instead)."""
    now = now or timezone.now()
    request = _locked(number)
    if request.status == Status.RECEIVED:
        return request
    _require(request, Status.APPROVED, Status.IN_TRANSIT)
    if now > request.ship_back_by:
        raise ReturnError(
            "received_at",
            _("The parcel arrived after %(at)s, the last day customs allows: it cannot go back "
              "into the bonded area. Refuse the request and send the goods back to the shopper.")
            % {"at": _when(request.ship_back_by)},
            code="arrived_late",
        )  # fmt: skip
    request.status, request.received_at = Status.RECEIVED, now
    request.shipped_at = request.shipped_at or now
    _save(request, actor, "status", "received_at", "shipped_at")
    _event(request, "received", actor=actor, at=now)
    _tell(request, "received",
          lambda: _("Return %(number)s has arrived") % {"number": request.number},
          lambda: _("We are checking the items now."))  # fmt: skip
    return request


# --- inspection ---------------------------------------------------------------------------------


def _shipped_lots(order: Order, sku_id: int) -> list[StockLot]:
    lot_ids = (
        Reservation.objects.filter(
            reference=order.number, sku_id=sku_id, status=Reservation.Status.SHIPPED
        )
        .order_by("lot_id")
        .values_list("lot_id", flat=True)
    )
    return list(StockLot.objects.filter(pk__in=list(lot_ids)).order_by("pk"))


def _restock(request: ReturnRequest, item: ReturnItem, batch: str, actor) -> list[StockLot]:
    """Put a resellable item's units back into the lot(s) they were shipped from: the batch on
    the item when given, else the order's lots of that SKU (inventory caps each lot at what was
    shipped from it for the order)."""
    order = request.order
    lots = _shipped_lots(order, item.order_line.sku_id)
    if batch:
        lots = [lot for lot in lots if lot.batch_number == batch]
        if not lots:
            raise ReturnError(
                "batch", _("No batch %(batch)s was shipped for this item.") % {"batch": batch}
            )
    left, used = item.quantity, []
    for lot in lots:
        if not left:
            break
        take = min(_returnable(lot, order.number), left)
        if take <= 0:
            continue
        try:
            inventory.stock_return(
                lot=lot, quantity=take, reference=order.number,
                reason=f"return {request.number}: resellable", actor=_actor(actor),
            )  # fmt: skip
        except ValueError as exc:
            raise ReturnError("grades", getattr(exc, "message", str(exc))) from None
        left -= take
        used.append(lot)
    if left:
        raise ReturnError(
            "grades",
            _("More units than were shipped from this item's lots can go back into stock."),
        )
    return used


def _returnable(lot: StockLot, reference: str) -> int:
    from freeport.inventory.models import StockMovement

    shipped = Reservation.objects.filter(
        reference=reference, lot=lot, status=Reservation.Status.SHIPPED
    ).aggregate(n=Sum("quantity"))["n"]
    back = StockMovement.objects.filter(
        reference=reference, lot=lot, kind=StockMovement.Kind.RETURN
    ).aggregate(n=Sum("quantity"))["n"]
    return (shipped or 0) - (back or 0)


@transaction.atomic
def return_inspect(
    *, number: str, actor, grades: Sequence[Mapping], now: datetime | None = None
) -> ReturnRequest:
    """Grade every item of a received request: `grades` = [{"item": id, "grade": ..., "batch":
    "" , "note": ""}], one per item.

    resellable: the units go back into the lot they were shipped from (inventory.stock_return),
    sellable again. return_to_vendor / scrap: recorded only; the units do not become sellable
    stock. They stay in the bonded area in quarantine until the vendor takes them back or they
    are destroyed under customs supervision (steps not built yet: docs/aftersales.md).
    """
    now = now or timezone.now()
    request = _locked(number)
    if request.status == Status.INSPECTED:
        return request
    _require(request, Status.RECEIVED)
    items = {i.pk: i for i in request.items.select_related("order_line")}
    if isinstance(grades, (str, bytes)) or not isinstance(grades, Sequence):
        raise ReturnError("grades", _("Grade every item."))
    given: dict[int, Mapping] = {}
    for i, entry in enumerate(grades):
        item_id = entry.get("item") if isinstance(entry, Mapping) else None
        if isinstance(item_id, bool) or not isinstance(item_id, int) or item_id not in items:
            raise ReturnError(f"grades[{i}].item", _("Not an item of this return."))
        if item_id in given:
            raise ReturnError(f"grades[{i}].item", _("This item is graded twice."))
        if entry.get("grade") not in Grade.values:
            raise ReturnError(
                f"grades[{i}].grade", _("Choose resellable, return to vendor or scrap.")
            )
        if len(str(entry.get("note", ""))) > REASON_MAX:
            raise ReturnError(f"grades[{i}].note", _("At most %(n)d characters.") % {"n": 300})
        given[item_id] = entry
    if set(given) != set(items):
        raise ReturnError("grades", _("Grade every item."))
    summary = []
    for item_id, entry in sorted(given.items()):
        item = items[item_id]
        item.grade = entry["grade"]
        item.note = str(entry.get("note", "")).strip()
        item.inspected_by = _actor(actor)
        if item.grade == Grade.RESELLABLE:
            lots = _restock(request, item, str(entry.get("batch", "")).strip(), actor)
            item.lot = lots[0] if len(lots) == 1 else None
            if len(lots) > 1:
                batches = ", ".join(lot.batch_number for lot in lots)
                item.note = f"{item.note} [{batches}]".strip()[:REASON_MAX]
        item.save(update_fields=["grade", "note", "inspected_by", "lot"])
        summary.append(f"{item.order_line_id}x{item.quantity}: {item.grade}")
    request.status, request.inspected_at = Status.INSPECTED, now
    _save(request, actor, "status", "inspected_at")
    _event(request, "inspected", actor=actor, at=now, note="; ".join(summary))
    _tell(request, "inspected",
          lambda: _("Return %(number)s has been checked") % {"number": request.number},
          lambda: _("Your refund is on its way.") if request.kind == ReturnRequest.Kind.RETURN
          else _("We will contact you about the replacement."))  # fmt: skip
    return request


# --- money --------------------------------------------------------------------------------------


def _payment(order: Order) -> Payment:
    payment = (
        Payment.objects.filter(group_id=order.group_id, status__in=Payment.CAPTURED)
        .order_by("pk")
        .first()
    )
    if payment is None:
        raise ReturnError("payment", _("No captured payment to refund."), code="no_payment")
    return payment


def refund_due(request: ReturnRequest) -> policy.Refund:
    """The refund of `request` now: the policy's figure with the units already refunded on its
    lines by other returns, so every return of a line adds up exactly to what was paid."""
    items = list(request.items.select_related("order_line__sku__product__category"))
    already = _already((i.order_line_id for i in items), exclude=request.pk)
    deduct = request.return_freight if request.shipping_payer == policy.SHOPPER else Decimal(0)
    return policy.refund(
        [policy.Item(line=_paid_line(i.order_line), category=_root_category(i.order_line.sku),
                     quantity=i.quantity, already=already.get(i.order_line_id, 0))
         for i in items],
        reason=request.reason, return_shipping=round_fen(deduct),
    )  # fmt: skip


def _pay(request: ReturnRequest, amount: Decimal, part: str, actor):
    try:
        return payment_refund(
            payment=_payment(request.order), amount=amount,
            reason=f"return {request.number} ({part})", key=f"return:{request.number}:{part}",
            actor=_actor(actor),
        )  # fmt: skip
    except PaymentError as exc:
        raise ReturnError("payment", str(exc), code=exc.code) from None


@transaction.atomic
def return_refund(*, number: str, actor=None, now: datetime | None = None) -> ReturnRequest:
    """Pay back an inspected return: the policy figure less its import tax now, the tax once
    customs accepts the return (D9: `return_tax_settle`, also tried here at once)."""
    from .disputes import refundable_left

    now = now or timezone.now()
    # The order first, then the request: the lock order disputes use, so a dispute refund and
    # this one cannot both spend the same money.
    order_id = ReturnRequest.objects.filter(number=str(number or "")).values("order_id")
    Order.objects.select_for_update().filter(pk__in=order_id).first()
    request = _locked(number)
    if request.status == Status.REFUNDED:
        return request
    _require(request, Status.INSPECTED)
    if request.kind != ReturnRequest.Kind.RETURN:
        raise ReturnError("kind", _("An exchange is not refunded."), code="exchange")
    due = refund_due(request)
    total = due.total
    left = refundable_left(request.order)
    if total > left:  # e.g. a dispute already refunded part of this order
        raise ReturnError(
            "amount",
            _("Only ¥%(left)s is left to refund on this order (¥%(due)s due): settle it through "
              "the order's dispute.") % {"left": _money(left), "due": _money(total)},
            code="exceeds_refundable",
        )  # fmt: skip
    goods_part = max(total - due.tax, Decimal("0.00"))
    request.refund_amount, request.refund_tax = total, total - goods_part
    if goods_part > 0:
        request.goods_refund = _pay(request, goods_part, "goods", actor)
    request.refunded_at = now
    _close(request, Status.REFUNDED, now)
    _save(request, actor, "status", "closed_at", "refund_amount", "refund_tax", "goods_refund",
          "refunded_at")  # fmt: skip
    _event(
        request,
        "refunded",
        actor=actor,
        at=now,
        note=f"{_money(goods_part)} now, tax {_money(request.refund_tax)} after customs",
    )
    _tell(request, "refunded",
          lambda: _("Return %(number)s: ¥%(amount)s refunded")
          % {"number": request.number, "amount": _money(goods_part)},
          lambda: _("The import tax of ¥%(tax)s follows once customs accepts the return.")
          % {"tax": _money(request.refund_tax)} if request.refund_tax
          else _("The money goes back the way you paid."))  # fmt: skip
    try:
        with transaction.atomic():  # a failed tax refund leaves the goods refund standing
            _settle(request, actor, now)
    except ReturnError as exc:
        request.tax_settled = ""  # the returns_tax_settle job tries again
        log.warning("return %s: tax refund not paid yet: %s", request.number, exc)
    return request


def _settle(request: ReturnRequest, actor, now: datetime) -> None:
    if request.tax_settled:
        return
    if not request.refund_tax:
        request.tax_settled = "none"
        _save(request, actor, "tax_settled")
        return
    customs_return = request.customs_return
    if customs_return is None:
        return
    customs_return.refresh_from_db()
    if customs_return.status == CustomsReturn.Status.ACCEPTED:
        request.tax_refund = _pay(request, request.refund_tax, "tax", actor)
        request.tax_settled = "refunded"
        _save(request, actor, "tax_refund", "tax_settled")
        _event(
            request,
            "tax_refunded",
            actor=actor,
            at=now,
            note=f"{_money(request.refund_tax)}; CEB625 {customs_return.cop_no} accepted",
        )
        _tell(
            request,
            "tax_refunded",
            lambda: _("Return %(number)s: import tax refunded") % {"number": request.number},
            lambda: (
                _(
                    "Customs accepted the return: ¥%(tax)s of import tax refunded and your "
                    "annual allowance restored."
                )
                % {"tax": _money(request.refund_tax)}
            ),
        )
    elif customs_return.status == CustomsReturn.Status.REJECTED:
        request.tax_settled = "refused"
        _save(request, actor, "tax_settled")
        _event(
            request,
            "customs_refused",
            actor=actor,
            at=now,
            note=f"CEB625 {customs_return.cop_no}: {customs_return.reason}",
        )
        _tell(request, "customs_refused",
              lambda: _("Return %(number)s: customs did not accept the return")
              % {"number": request.number},
              lambda: _("The import tax stays with customs for now and your annual allowance is "
                        "unchanged. Our team will contact you."))  # fmt: skip


@transaction.atomic
def return_tax_settle(*, number: str, actor=None, now: datetime | None = None) -> ReturnRequest:
    """After customs answers the CEB625: accepted → pay the tax part; refused → record and tell.
    Pending, or settled before: unchanged. Safe to run again (a periodic job's work)."""
    request = _locked(number)
    if request.status == Status.REFUNDED:
        _settle(request, actor, now or timezone.now())
    return request


# --- ending early -------------------------------------------------------------------------------

REFUSABLE = (Status.REQUESTED, Status.APPROVED, Status.IN_TRANSIT, Status.RECEIVED)


@transaction.atomic
def return_refuse(*, number: str, actor, reason: str, now: datetime | None = None) -> ReturnRequest:
    """An operator refuses a request before inspection (e.g. the parcel came back empty or
    late); the reason is kept and told to the shopper."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise ReturnError("reason", _("Give a reason (at most 300 characters)."))
    request = _locked(number)
    if request.status == Status.REFUSED:
        return request
    _require(request, *REFUSABLE)
    _close(request, Status.REFUSED, now)
    _save(request, actor, "status", "closed_at")
    note = reason
    if request.customs_return_id:
        note += f" (CEB625 {request.customs_return.cop_no} was already sent)"
    _event(request, "refused", actor=actor, at=now, note=note)
    _tell(request, "refused",
          lambda: _("Return %(number)s refused") % {"number": request.number},
          lambda: reason)  # fmt: skip
    return request


@transaction.atomic
def return_cancel(*, number: str, user, now: datetime | None = None) -> ReturnRequest:
    """The shopper withdraws a request not yet sent back."""
    now = now or timezone.now()
    request = _locked(number)
    if request.user_id != getattr(user, "pk", None):
        raise ReturnError("number", _("No such return request."), code="not_found")
    if request.status == Status.CANCELLED:
        return request
    _require(request, Status.REQUESTED, Status.APPROVED)
    _close(request, Status.CANCELLED, now)
    _save(request, user, "status", "closed_at")
    note = ""
    if request.customs_return_id:
        note = f"CEB625 {request.customs_return.cop_no} was already sent"
    _event(request, "cancelled", actor=user, at=now, note=note)
    _tell(request, "cancelled",
          lambda: _("Return %(number)s cancelled") % {"number": request.number},
          lambda: _("You withdrew the request; nothing more is needed."))  # fmt: skip
    return request
