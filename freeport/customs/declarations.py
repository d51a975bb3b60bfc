"""Customs declarations: build an order's messages, send them through the outbox, apply receipts.

    declaration_create(source=OrderDeclaration(...))   # when an order is paid (transaction core)
    outbox -> deliver_message()                       # "customs.submit": one message to the gateway
    receipts_poll() -> receipts_apply([...])           # periodic job: receipts drive the status
    declaration_resubmit(declaration=..., actor=...)   # operator, after a rejection
    return_declare(order_no=..., cop_no=..., lines={gnum: qty}, reason=...)   # CEB625
    declaration_withdraw(order_no=...)                 # the order was cancelled: CEB623

Every write is one transaction; the gateway is only called from the outbox, after commit, and
is idempotent by message guid, so a crash or an outage loses nothing and sends nothing twice.
"""

import logging
import uuid
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from pydantic import TypeAdapter

from freeport.kernel.audit import audit_record
from freeport.kernel.outbox import outbox_put

from . import messages, receipts, returns, withdrawal
from .gateway import Receipt, get_gateway
from .identity import id_index_of
from .messages.inputs import CancelDeclaration, OrderDeclaration, ReturnDeclaration, ReturnLine
from .models import (
    CustomsCancellation,
    CustomsReturn,
    Declaration,
    DeclarationMessage,
    DeclarationReceipt,
    QuotaEntry,
)
from .quota import cancel_reference, quota_year
from .services import quota_restore_return

SUBMIT_TOPIC = "customs.submit"
STATUS_TOPIC = "customs.declaration_status"  # handled by the orders app
ORDER_KINDS = ("CEB311", "CEB411", "CEB511", "CEB621")
_source = TypeAdapter(OrderDeclaration)
_return_source = TypeAdapter(ReturnDeclaration)

log = logging.getLogger(__name__)


class DeclarationError(Exception):
    pass


def source_of(declaration: Declaration) -> OrderDeclaration:
    return _source.validate_json(declaration.source)


def _build(kind: str, source: OrderDeclaration, guid: str, at: datetime, app_type: str) -> bytes:
    builders = {
        "CEB311": messages.build_order,
        "CEB411": messages.build_payment,
        "CEB511": messages.build_waybill,
        "CEB621": messages.build_inventory,
    }
    try:  # builders check the input and validate their own output against the XSD
        return builders[kind](source, guid=guid, app_time=at, app_type=app_type)
    except messages.DeclarationError as exc:
        raise DeclarationError(f"{kind}: {exc}") from exc


def _queue_messages(declaration: Declaration, source: OrderDeclaration, app_type: str) -> None:
    at = timezone.now()
    for kind in ORDER_KINDS:
        guid = str(uuid.uuid4()).upper()
        xml = _build(kind, source, guid, at, app_type)
        message = DeclarationMessage.objects.create(
            declaration=declaration, kind=kind, guid=guid, attempt=declaration.attempt,
            xml=xml.decode(),
        )  # fmt: skip
        outbox_put(topic=SUBMIT_TOPIC, key=f"customs:{guid}", payload={"message": message.pk})


@transaction.atomic
def declaration_create(*, source: OrderDeclaration) -> Declaration:
    """Build, validate and queue the four messages of a paid order; the same order twice is one."""
    existing = Declaration.objects.filter(order_no=source.order_no).first()
    if existing:
        return existing
    declaration = Declaration.objects.create(
        order_no=source.order_no,
        source=_source.dump_json(source).decode(),
        id_index=id_index_of(source.buyer.id_number),
        dutiable_value=source.goods_value + source.amounts.freight + source.amounts.insured_fee,
    )
    _queue_messages(declaration, source, app_type="1")
    return declaration


@transaction.atomic
def declaration_resubmit(*, declaration_id: int, actor, reason: str = "") -> Declaration:
    """Send a rejected declaration again: new messages (appType 2, a correction), new guids."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration_id)
    if declaration.status != Declaration.Status.REJECTED:
        raise DeclarationError("only a rejected declaration can be resubmitted")
    if CustomsCancellation.objects.filter(declaration=declaration).exists():
        raise DeclarationError("the order was cancelled: its declaration is withdrawn, not resent")
    declaration.attempt += 1
    declaration.status = Declaration.Status.QUEUED
    declaration.invt_no = ""  # the refused attempt's number names nothing customs keeps
    declaration.save(update_fields=["attempt", "status", "invt_no", "updated_at"])
    _queue_messages(declaration, source_of(declaration), app_type="2")
    audit_record(actor=actor, action="customs.resubmit", obj=declaration, reason=reason)
    return declaration


def deliver_message(key: str, payload: dict) -> None:
    """Outbox handler: hand one message to the gateway (raises while the gateway is down)."""
    message = DeclarationMessage.objects.select_related("declaration").get(pk=payload["message"])
    get_gateway().submit(kind=message.kind, guid=message.guid, xml=message.xml.encode())
    now = timezone.now()
    with transaction.atomic():
        updated = DeclarationMessage.objects.filter(pk=message.pk, submitted_at=None).update(
            submitted_at=now
        )
        if updated and message.customs_return_id:
            CustomsReturn.objects.filter(
                pk=message.customs_return_id, status=CustomsReturn.Status.QUEUED
            ).update(status=CustomsReturn.Status.SUBMITTED, updated_at=now)
        elif updated and message.cancellation_id:
            # A receipt may have decided it already (status stays), but it was sent now.
            CustomsCancellation.objects.filter(pk=message.cancellation_id).update(
                submitted_at=now, updated_at=now, status=Case(
                    When(status=CustomsCancellation.Status.QUEUED,
                         then=Value(CustomsCancellation.Status.SUBMITTED)),
                    default=F("status"),
                ),
            )  # fmt: skip
        elif updated:
            _refresh(Declaration.objects.select_for_update().get(pk=message.declaration_id))


def _refresh(declaration: Declaration) -> None:
    current = declaration.messages.filter(attempt=declaration.attempt, kind__in=ORDER_KINDS)
    statuses = {m.kind: m.return_status for m in current}
    submitted = any(m.submitted_at for m in current)
    status = receipts.outcome(statuses, submitted)
    if status != declaration.status:
        declaration.status = status
        declaration.save(update_fields=["status", "updated_at"])
        # The order follows its declaration (orders.events reads the status afresh, so a late or
        # repeated event cannot move it backwards).
        outbox_put(
            topic=STATUS_TOPIC,
            key=f"declaration:{declaration.order_no}:{declaration.attempt}:{status}",
            payload={"order_no": declaration.order_no, "status": status},
        )


def receipts_apply(items: list[Receipt]) -> int:
    """Record receipts (duplicates and late ones change nothing); returns how many were new."""
    new = 0
    for item in items:
        with transaction.atomic():
            message = (
                DeclarationMessage.objects.select_for_update()
                .filter(guid=item.guid)
                .select_related("declaration")
                .first()
            )
            if message is None:
                continue  # not ours (another platform's guid): ignore
            _, created = DeclarationReceipt.objects.get_or_create(
                message=message, return_status=item.return_status, return_time=item.return_time,
                defaults={"return_info": item.return_info[:1000]},
            )  # fmt: skip
            if not created:
                continue
            new += 1
            message.return_status = receipts.advance(message.return_status, item.return_status)
            message.save(update_fields=["return_status"])
            if message.customs_return_id:
                _return_receipt(message, item)
                continue
            if message.cancellation_id:
                _cancel_receipt(message, item)
                continue
            declaration = Declaration.objects.select_for_update().get(pk=message.declaration_id)
            current = message.attempt == declaration.attempt
            if item.invt_no and current and not declaration.invt_no:
                declaration.invt_no = item.invt_no
                declaration.save(update_fields=["invt_no"])
            if item.return_status == receipts.REJECTED and current:
                declaration.reason = f"{message.kind}: {item.return_info}"[:500]
                declaration.save(update_fields=["reason"])
            _refresh(declaration)
            if message.kind == "CEB621":  # the receipt that may let a withdrawal go (or end it)
                waiting = CustomsCancellation.objects.select_for_update().filter(
                    declaration=declaration, status=CustomsCancellation.Status.WAITING
                )
                for cancellation in waiting:
                    _withdrawal_follow(declaration, cancellation, now=timezone.now())
    return new


def receipts_poll(*, now: datetime | None = None) -> int:
    """Fetch receipts from the gateway and apply them (the periodic job)."""
    return receipts_apply(get_gateway().poll(now=now))


class ReturnError(Exception):
    pass


def released_at(declaration: Declaration):
    """When customs released the declaration (its CEB621 release receipt), or None."""
    receipt = (
        DeclarationReceipt.objects.filter(
            message__declaration=declaration,
            message__kind="CEB621",
            message__attempt=declaration.attempt,
            return_status=receipts.RELEASED,
        )
        .order_by("return_time")
        .first()
    )
    return receipt.return_time if receipt else None


@transaction.atomic
def return_declare(
    *, order_no: str, cop_no: str, lines: dict[int, Decimal], reason: str, now=None
) -> CustomsReturn:
    """Apply to customs for a return (CEB625) of lines of a released order; queued for sending.

    Refused unless the order was released and the application is within 30 days of release
    (`returns.py`); the same `cop_no` twice is one return.
    """
    existing = CustomsReturn.objects.filter(cop_no=cop_no).first()
    if existing:
        return existing
    now = now or timezone.now()
    declaration = Declaration.objects.select_for_update().filter(order_no=order_no).first()
    if declaration is None:
        raise ReturnError(f"no customs declaration for order {order_no}")
    released = released_at(declaration)
    if declaration.status != Declaration.Status.RELEASED or released is None:
        raise ReturnError(f"order {order_no} has not been released by customs")
    deadline = returns.application_deadline(released)
    if now > deadline:
        raise ReturnError(f"the 30-day return window closed on {deadline:%Y-%m-%d}")
    source = source_of(declaration)
    declared = [returns.DeclaredLine(li.gnum, li.price, Decimal(li.qty)) for li in source.lines]
    problems = returns.check_lines(declared, lines)
    if problems:
        raise ReturnError("; ".join(problems))
    extras = source.amounts.freight + source.amounts.insured_fee
    ret = ReturnDeclaration(
        original=source, invt_no=declaration.invt_no, cop_no=cop_no, reason=reason,
        lines=tuple(ReturnLine(gnum=g, qty=q) for g, q in sorted(lines.items())),
    )  # fmt: skip
    customs_return = CustomsReturn.objects.create(
        declaration=declaration, cop_no=cop_no, source=_return_source.dump_json(ret).decode(),
        amount=returns.restored_value(declared, extras, lines),
    )  # fmt: skip
    guid = str(uuid.uuid4()).upper()
    try:
        xml = messages.build_return(ret, guid=guid, app_time=now)
    except messages.DeclarationError as exc:
        raise ReturnError(str(exc)) from exc
    message = DeclarationMessage.objects.create(
        declaration=declaration, customs_return=customs_return, kind="CEB625", guid=guid,
        attempt=declaration.attempt, xml=xml.decode(),
    )  # fmt: skip
    outbox_put(topic=SUBMIT_TOPIC, key=f"customs:{guid}", payload={"message": message.pk})
    return customs_return


def _return_receipt(message: DeclarationMessage, item: Receipt) -> None:
    """Customs accepted (120) or refused (100) a return; only acceptance restores the quota."""
    customs_return = CustomsReturn.objects.select_for_update().get(pk=message.customs_return_id)
    if customs_return.status in (CustomsReturn.Status.ACCEPTED, CustomsReturn.Status.REJECTED):
        return
    if item.return_status == receipts.ACCEPTED:
        declaration = customs_return.declaration
        quota_restore_return(
            id_index=declaration.id_index,
            reference=customs_return.cop_no,
            amount=customs_return.amount,
            year=quota_year(source_of(declaration).payment.paid_at),
        )
        customs_return.status = CustomsReturn.Status.ACCEPTED
    elif item.return_status == receipts.REJECTED or item.return_status < 0:
        customs_return.status = CustomsReturn.Status.REJECTED
        customs_return.reason = item.return_info[:500]
    customs_return.save(update_fields=["status", "reason", "updated_at"])


# ----------------------------------------------------------------------------- withdrawal (CEB623)

# InvtCancel.reason: the same words for every cancelled order (an operator's own reason, which
# may name the buyer, stays in the order's timeline and the audit log, not in customs' records).
WITHDRAW_REASON = "订单取消，货物未出区 / order cancelled before the goods left the bonded zone"


@transaction.atomic
def declaration_withdraw(
    *, order_no: str, reason: str = WITHDRAW_REASON, now: datetime | None = None
) -> CustomsCancellation | None:
    """A declared order was cancelled: withdraw its inventory list from customs (CEB623).

    Called in the cancelling transaction (orders.services). None when the order was never
    declared (the refund gives the allowance back then). Otherwise one `CustomsCancellation` per
    declaration (a replay returns it unchanged): its CEB623 is queued now when customs has given
    the inventory its number, or as soon as the receipt carrying it arrives (`receipts_apply`);
    not needed when customs refused the inventory. Rules: `withdrawal.next_step`.
    """
    declaration = Declaration.objects.select_for_update().filter(order_no=order_no).first()
    if declaration is None:
        return None
    existing = CustomsCancellation.objects.filter(declaration=declaration).first()
    if existing:
        return existing
    # What the order counted toward the buyer's year (nothing if it was never counted).
    counted = QuotaEntry.objects.filter(kind=QuotaEntry.Kind.ORDER, reference=order_no).first()
    cancellation = CustomsCancellation.objects.create(
        declaration=declaration, reason=reason[:500],
        amount=counted.amount if counted else Decimal("0.00"),
        year=counted.year if counted else quota_year(source_of(declaration).payment.paid_at),
    )  # fmt: skip
    _withdrawal_follow(declaration, cancellation, now=now or timezone.now())
    return cancellation


@transaction.atomic
def withdrawal_resend(
    *, cancellation_id: int, actor, reason: str, now: datetime | None = None
) -> CustomsCancellation:
    """Send a withdrawal customs rejected again, once the cause is fixed: a new CEB623 (new
    guid) when the inventory number is known, else it waits for it as at the cancel. Only a
    rejected withdrawal; a reason is required; audited (`customs.withdrawal_resend`). Late
    answers to the earlier application are ignored (`_cancel_receipt`)."""
    cancellation = CustomsCancellation.objects.select_for_update().get(pk=cancellation_id)
    declaration = Declaration.objects.select_for_update().get(pk=cancellation.declaration_id)
    if cancellation.status != CustomsCancellation.Status.REJECTED:
        raise DeclarationError("only a withdrawal customs rejected can be sent again")
    if not reason.strip():
        raise DeclarationError("a reason is required")
    cancellation.status = CustomsCancellation.Status.WAITING
    cancellation.customs_info, cancellation.decided_at = "", None
    cancellation.save(update_fields=["status", "customs_info", "decided_at", "updated_at"])
    _withdrawal_follow(declaration, cancellation, now=now or timezone.now())
    audit_record(
        actor=actor, action="customs.withdrawal_resend", obj=cancellation, reason=reason.strip()
    )
    return cancellation


def _withdrawal_follow(
    declaration: Declaration, cancellation: CustomsCancellation, *, now: datetime
) -> None:
    """A waiting withdrawal: send it, close it as not needed, or keep waiting (both rows locked)."""
    inventory = (
        declaration.messages.filter(kind="CEB621", attempt=declaration.attempt)
        .values_list("return_status", flat=True)
        .first()
    )
    step = withdrawal.next_step(invt_no=declaration.invt_no, inventory_status=inventory)
    if step == withdrawal.SEND:
        try:
            _withdrawal_queue(declaration, cancellation, now=now)
        except (DeclarationError, messages.SigningConfigError) as exc:
            # The application cannot be built (a signing key or certificate problem, a number
            # customs gave that the schema refuses): keep waiting and say why, rather than
            # failing the cancel (and its refund) or the receipt that brought the number (the
            # gateway would not hand it over again). The next CEB621 receipt tries again.
            log.error("withdrawal of %s not sent: %s", declaration.order_no, exc)
            cancellation.customs_info = f"not sent: {exc}"[:1000]
            cancellation.save(update_fields=["customs_info", "updated_at"])
    elif step == withdrawal.NOT_NEEDED:
        cancellation.status = CustomsCancellation.Status.NOT_NEEDED
        cancellation.customs_info = declaration.reason[:1000]
        cancellation.decided_at = now
        cancellation.save(update_fields=["status", "customs_info", "decided_at", "updated_at"])
        _allowance_back(declaration, cancellation)


def _withdrawal_queue(
    declaration: Declaration, cancellation: CustomsCancellation, *, now: datetime
) -> None:
    source = source_of(declaration)
    cancel = CancelDeclaration(
        original=source, invt_no=declaration.invt_no, cop_no=source.cop_no,
        reason=cancellation.reason,
    )  # fmt: skip
    guid = str(uuid.uuid4()).upper()
    try:  # checks the input, signs, validates against the XSD
        xml = messages.build_cancel(cancel, guid=guid, app_time=now)
    except messages.DeclarationError as exc:
        raise DeclarationError(f"CEB623: {exc}") from exc
    message = DeclarationMessage.objects.create(
        declaration=declaration, cancellation=cancellation, kind="CEB623", guid=guid,
        attempt=declaration.attempt, xml=xml.decode(),
    )  # fmt: skip
    outbox_put(topic=SUBMIT_TOPIC, key=f"customs:{guid}", payload={"message": message.pk})
    cancellation.status = CustomsCancellation.Status.QUEUED
    cancellation.queued_at = now
    cancellation.customs_info = ""  # a reason it could not be sent before is no longer true
    cancellation.save(update_fields=["status", "queued_at", "customs_info", "updated_at"])


def _allowance_back(declaration: Declaration, cancellation: CustomsCancellation) -> None:
    """Give the buyer's year back what the cancelled order counted (once per order)."""
    if cancellation.amount:
        quota_restore_return(
            id_index=declaration.id_index, reference=cancel_reference(declaration.order_no),
            amount=cancellation.amount, year=cancellation.year,
        )  # fmt: skip


def _cancel_receipt(message: DeclarationMessage, item: Receipt) -> None:
    """CEB624: 120/399 the withdrawal is done and the allowance comes back; 100 (4, negative)
    customs refused it, with its reason; 1/2/3 change nothing. The first decision stays."""
    cancellation = (
        CustomsCancellation.objects.select_for_update()
        .select_related("declaration")
        .get(pk=message.cancellation_id)
    )
    if cancellation.status not in CustomsCancellation.OPEN:
        return
    latest = cancellation.messages.order_by("-pk").values_list("pk", flat=True).first()
    if message.pk != latest:  # a late answer to an application sent again since (resend)
        return
    outcome = withdrawal.receipt_outcome(item.return_status)
    if outcome is None:
        return
    if outcome == withdrawal.ACCEPTED:
        _allowance_back(cancellation.declaration, cancellation)
        cancellation.status = CustomsCancellation.Status.ACCEPTED
    else:
        cancellation.status = CustomsCancellation.Status.REJECTED
        cancellation.customs_info = item.return_info[:1000]
    cancellation.decided_at = item.return_time
    cancellation.save(update_fields=["status", "customs_info", "decided_at", "updated_at"])
