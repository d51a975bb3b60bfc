"""Customs declarations: build an order's messages, send them through the outbox, apply receipts.

    declaration_create(source=OrderDeclaration(...))   # when an order is paid (transaction core)
    outbox -> deliver_message()                       # "customs.submit": one message to the gateway
    receipts_poll() -> receipts_apply([...])           # periodic job: receipts drive the status
    declaration_resubmit(declaration=..., actor=...)   # operator, after a rejection

Every write is one transaction; the gateway is only called from the outbox, after commit, and
is idempotent by message guid, so a crash or an outage loses nothing and sends nothing twice.
"""

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from pydantic import TypeAdapter

from freeport.kernel.audit import audit_record
from freeport.kernel.outbox import outbox_put

from . import messages, receipts
from .gateway import Receipt, get_gateway
from .identity import id_index_of
from .messages.inputs import OrderDeclaration
from .models import Declaration, DeclarationMessage, DeclarationReceipt

SUBMIT_TOPIC = "customs.submit"
ORDER_KINDS = ("CEB311", "CEB411", "CEB511", "CEB621")
_source = TypeAdapter(OrderDeclaration)


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
    # builders validate their own output against the XSD and raise on any problem
    return builders[kind](source, guid=guid, app_time=at, app_type=app_type)


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
        if updated:
            _refresh(Declaration.objects.select_for_update().get(pk=message.declaration_id))


def _refresh(declaration: Declaration) -> None:
    current = declaration.messages.filter(attempt=declaration.attempt)
    statuses = {m.kind: m.return_status for m in current}
    submitted = any(m.submitted_at for m in current)
    status = receipts.outcome(statuses, submitted)
    if status != declaration.status:
        declaration.status = status
        declaration.save(update_fields=["status", "updated_at"])


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
