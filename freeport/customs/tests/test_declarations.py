"""Declarations end to end with the customs simulator: outbox, receipts, match, outage, resubmit."""

import re
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from freeport.customs import declarations, messages
from freeport.customs.gateway import Receipt, get_gateway
from freeport.customs.models import (
    Declaration,
    DeclarationMessage,
    SimulatedCustomsMessage,
)
from freeport.kernel.models import AuditLog, OutboxMessage
from freeport.kernel.outbox import outbox_dispatch

from .factories import order_declaration

pytestmark = pytest.mark.django_db

FAST = {"accept_seconds": 1, "release_seconds": 5, "inspection_every": 0, "down": False}


@pytest.fixture
def customs(settings):
    settings.CUSTOMS_SIMULATOR = dict(FAST)
    return settings.CUSTOMS_SIMULATOR


def run(seconds: int) -> int:
    """Let time pass: deliver what is due, then poll receipts, `seconds` from now."""
    at = timezone.now() + timedelta(seconds=seconds)
    outbox_dispatch(now=at)
    return declarations.receipts_poll(now=at)


def test_a_paid_order_is_declared_accepted_and_released(customs):
    declaration = declarations.declaration_create(source=order_declaration())
    assert declaration.status == "queued"
    kinds = sorted(declaration.messages.values_list("kind", flat=True))
    assert kinds == ["CEB311", "CEB411", "CEB511", "CEB621"]
    for message in declaration.messages.all():
        assert messages.validate(message.xml.encode()) == []
    assert OutboxMessage.objects.filter(topic="customs.submit", status="pending").count() == 4

    run(0)
    declaration.refresh_from_db()
    assert declaration.status == "submitted"
    assert SimulatedCustomsMessage.objects.count() == 4
    run(2)  # 120 for each message
    declaration.refresh_from_db()
    assert declaration.status == "accepted"
    run(10)  # the three-document match passes: released
    declaration.refresh_from_db()
    assert declaration.status == "released"
    assert declaration.invt_no
    inventory = declaration.messages.get(kind="CEB621")
    assert [r.return_status for r in inventory.receipts.all()] == [120, 800]


def test_the_same_order_declared_twice_is_one_declaration(customs):
    first = declarations.declaration_create(source=order_declaration())
    again = declarations.declaration_create(source=order_declaration())
    assert first.pk == again.pk and DeclarationMessage.objects.count() == 4


def test_inspection_then_release(customs):
    customs["inspection_every"] = 1
    declaration = declarations.declaration_create(source=order_declaration())
    run(0), run(2), run(6)
    declaration.refresh_from_db()
    assert declaration.status == "inspection"
    run(12)
    declaration.refresh_from_db()
    assert declaration.status == "released"


def test_outage_then_recovery_sends_every_message_exactly_once(customs):
    customs["down"] = True
    declaration = declarations.declaration_create(source=order_declaration())
    assert outbox_dispatch()["retry"] == 4
    assert SimulatedCustomsMessage.objects.count() == 0
    assert "GatewayUnavailable" in OutboxMessage.objects.first().last_error
    customs["down"] = False
    later = timezone.now() + timedelta(minutes=5)
    assert outbox_dispatch(now=later)["done"] == 4
    outbox_dispatch(now=later + timedelta(hours=2))  # only the status event for the order is left
    assert OutboxMessage.objects.filter(topic="customs.submit", attempts__gt=2).count() == 0
    assert SimulatedCustomsMessage.objects.count() == 4
    guids = set(declaration.messages.values_list("guid", flat=True))
    assert set(SimulatedCustomsMessage.objects.values_list("guid", flat=True)) == guids


def test_a_message_delivered_twice_after_a_crash_is_taken_once(customs):
    declaration = declarations.declaration_create(source=order_declaration())
    message = declaration.messages.get(kind="CEB311")
    # the dispatcher handed the message over and died before recording it: it is sent again
    get_gateway().submit(kind=message.kind, guid=message.guid, xml=message.xml.encode())
    outbox_dispatch()
    assert SimulatedCustomsMessage.objects.filter(guid=message.guid).count() == 1
    assert SimulatedCustomsMessage.objects.count() == 4


def test_mismatched_documents_are_rejected_then_resubmitted(customs, django_user_model):
    declaration = declarations.declaration_create(source=order_declaration())
    payment = declaration.messages.get(kind="CEB411")
    # what a buggy payment adapter might send: another amount than the order's acturalPaid
    payment.xml = re.sub(r"<ceb:amountPaid>[^<]+<", "<ceb:amountPaid>1.00<", payment.xml)
    payment.save()
    run(0), run(2), run(10)
    declaration.refresh_from_db()
    assert declaration.status == "rejected"
    assert "amountPaid" in declaration.reason
    operator = django_user_model.objects.create_user("olga", is_staff=True)
    declarations.declaration_resubmit(declaration_id=declaration.pk, actor=operator, reason="fix")
    declaration.refresh_from_db()
    assert (declaration.status, declaration.attempt) == ("queued", 2)
    assert declaration.messages.count() == 8
    assert AuditLog.objects.filter(action="customs.resubmit").count() == 1
    run(20), run(22), run(40)
    declaration.refresh_from_db()
    assert declaration.status == "released"


def test_only_a_rejected_declaration_can_be_resubmitted(customs):
    declaration = declarations.declaration_create(source=order_declaration())
    with pytest.raises(declarations.DeclarationError):
        declarations.declaration_resubmit(declaration_id=declaration.pk, actor=None)


def test_duplicated_late_and_out_of_order_receipts_keep_the_right_status(customs):
    declaration = declarations.declaration_create(source=order_declaration())
    now = timezone.now()
    by_kind = {m.kind: m.guid for m in declaration.messages.all()}
    accepted = [Receipt(g, 120, "ok", now) for g in by_kind.values()]
    released = Receipt(by_kind["CEB621"], 800, "released", now + timedelta(minutes=1), "4258I1")
    assert declarations.receipts_apply([released] + accepted) == 5
    assert declarations.receipts_apply([released, accepted[0]]) == 0  # duplicates
    declaration.refresh_from_db()
    assert declaration.status == "released" and declaration.invt_no == "4258I1"
    unknown = Receipt("00000000-0000-0000-0000-000000000000", 120, "", now)
    assert declarations.receipts_apply([unknown]) == 0


def test_the_annual_limit_is_checked_by_customs(customs):
    big = replace(order_declaration().lines[1], gnum=1, qty=Decimal("1"), price=Decimal("4900.00"))
    for n in range(6):  # 6 x (4,900 + 10 freight) > 26,000
        source = order_declaration(f"FP20261125{n:04d}", lines=(big,))
        declarations.declaration_create(source=source)
    run(0), run(2), run(10)
    statuses = list(Declaration.objects.order_by("order_no").values_list("status", flat=True))
    assert statuses.count("released") == 5
    rejected = Declaration.objects.get(status="rejected")
    assert "-621018" in rejected.reason


def test_customs_messages_command_writes_the_xml_files(customs, tmp_path):
    declarations.declaration_create(source=order_declaration("FP202611259999"))
    call_command("customs_messages", "FP202611259999", "--out", str(tmp_path))
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [f"FP202611259999-CEB{k}.xml" for k in (311, 411, 511, 621)]
    for path in tmp_path.iterdir():
        assert messages.validate(path.read_bytes()) == []
    assert AuditLog.objects.filter(action="customs.export").exists()


def test_declarations_are_encrypted_and_follow_key_rotation(customs, settings):
    from django.db import connection

    from freeport.customs.identity import id_index_of

    from .factories import BUYER_ID

    declaration = declarations.declaration_create(source=order_declaration())
    with connection.cursor() as cursor:
        cursor.execute("SELECT source FROM customs_declaration")
        assert BUYER_ID not in cursor.fetchone()[0]
        cursor.execute("SELECT xml FROM customs_declarationmessage")
        assert all(BUYER_ID not in xml and "王小明" not in xml for (xml,) in cursor.fetchall())
    settings.FIELD_ENCRYPTION_KEYS = [
        "bmV3LWtleS1mb3ItZnJlZXBvcnQtcm90YXRpb24hISE=",
        *settings.FIELD_ENCRYPTION_KEYS,
    ]
    settings.BLIND_INDEX_KEY = "rotated-blind-index-key"
    call_command("reencrypt_personal_data", stdout=open("/dev/null", "w"))
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    fresh = Declaration.objects.get(pk=declaration.pk)
    assert fresh.id_index == id_index_of(BUYER_ID) != declaration.id_index
    assert BUYER_ID in fresh.messages.get(kind="CEB311").xml
