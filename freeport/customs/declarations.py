"""Customs declarations: build an order's messages, send them through the outbox, apply receipts.

    declaration_create(source=OrderDeclaration(...))   # when an order is paid (transaction core)
    outbox -> deliver_message()                       # "customs.submit": one message to the gateway
    receipts_poll() -> receipts_apply([...])           # periodic job: receipts drive the status
    declaration_resubmit(declaration=..., actor=...)   # operator, after a rejection
    return_declare(order_no=..., cop_no=..., lines={gnum: qty}, reason=...)   # CEB625

Every write is one transaction; the gateway is only called from the outbox, after commit, and
is idempotent by message guid, so a crash or an outage loses nothing and sends nothing twice.
"""

import uuid
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from pydantic import TypeAdapter

from freeport.kernel.audit import audit_record
from freeport.kernel.outbox import outbox_put

from . import messages, receipts, returns
from .gateway import Receipt, get_gateway
from .identity import id_index_of
from .messages.inputs import OrderDeclaration, ReturnDeclaration, ReturnLine
from .models import CustomsReturn, Declaration, DeclarationMessage, DeclarationReceipt
from .quota import quota_year
from .services import quota_restore_return

SUBMIT_TOPIC = "customs.submit"
STATUS_TOPIC = "customs.declaration_status"  # handled by the orders app
ORDER_KINDS = ("CEB311", "CEB411", "CEB511", "CEB621")
_source = TypeAdapter(OrderDeclaration)
_return_source = TypeAdapter(ReturnDeclaration)


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
    declaration.attempt += 1
    declaration.status = Declaration.Status.QUEUED
    declaration.save(update_fields=["attempt", "status", "updated_at"])
    _queue_messages(declaration, source_of(declaration), app_type="2")
    audit_record(actor=actor, action="customs.resubmit", obj=declaration, reason=reason)
    return declaration


def deliver_message(key: str, payload: dict) -> None:
    """Outbox handler: hand one message to the gateway (raises while the gateway is down)."""
    message = DeclarationMessage.objects.select_related("declaration").get(pk=payload["message"])
    get_gateway().submit(kind=message.kind, guid=message.guid, xml=message.xml.encode())
    with transaction.atomic():
        updated = DeclarationMessage.objects.filter(pk=message.pk, submitted_at=None).update(
            submitted_at=timezone.now()
        )
        if updated and message.customs_return_id:
            CustomsReturn.objects.filter(
                pk=message.customs_return_id, status=CustomsReturn.Status.QUEUED
            ).update(status=CustomsReturn.Status.SUBMITTED, updated_at=timezone.now())
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
            declaration = Declaration.objects.select_for_update().get(pk=message.declaration_id)
            if item.invt_no and not declaration.invt_no:
                declaration.invt_no = item.invt_no
                declaration.save(update_fields=["invt_no"])
            if item.return_status == receipts.REJECTED and message.attempt == declaration.attempt:
                declaration.reason = f"{message.kind}: {item.return_info}"[:500]
                declaration.save(update_fields=["reason"])
            _refresh(declaration)
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
