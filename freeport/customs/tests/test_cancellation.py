"""Withdrawing a cancelled order's declaration: the CEB623 builder against the official XSD, the
rule of when to send, and the flow through the outbox, the simulator and CEB624 receipts."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from freeport.customs import declarations, messages, withdrawal
from freeport.customs.gateway import Receipt, get_gateway
from freeport.customs.messages import CancelDeclaration, XmlDsigSigner
from freeport.customs.models import CustomsCancellation, DeclarationMessage, QuotaEntry
from freeport.customs.selectors import quota_used
from freeport.customs.services import quota_record_order
from freeport.kernel.models import OutboxMessage
from freeport.kernel.outbox import outbox_dispatch

from .factories import BUYER_ID, order_declaration
from .test_declarations import FAST, run

INVT_NO = "425820261ABCDEF012"
SIGNER = XmlDsigSigner.generate()


def cancel_of(decl=None, **changes) -> CancelDeclaration:
    decl = decl or order_declaration()
    fields = {"original": decl, "invt_no": INVT_NO, "cop_no": decl.cop_no, "reason": "订单取消"}
    return CancelDeclaration(**(fields | changes))


# --- the CEB623 message ---------------------------------------------------------------------


def test_ceb623_is_valid_against_the_official_xsd_and_signed():
    xml = messages.build_cancel(cancel_of(), signer=SIGNER)
    assert messages.validate(xml) == []
    assert messages.verify_signature(xml, SIGNER)
    parsed = messages.parse(xml)
    assert (parsed.kind, parsed.signed, parsed.documents[0].name) == ("CEB623", True, "InvtCancel")
    assert messages.check_rules(xml) == []


def test_ceb623_fields_come_from_the_declaration_and_the_inventory():
    decl = order_declaration()
    at = timezone.now()
    cancel = cancel_of(decl, pre_no="I20261125000000001")
    xml = messages.build_cancel(
        cancel, signer=SIGNER, guid="a1b2c3d4-0000-4000-8000-000000000623", app_time=at
    )
    head = messages.parse(xml).head
    p = decl.parties
    assert head == {
        "guid": "A1B2C3D4-0000-4000-8000-000000000623", "appType": "1",
        "appTime": head["appTime"], "appStatus": "2",
        "customsCode": decl.site.customs_code, "orderNo": decl.order_no,
        "ebpCode": p.platform.code, "ebpName": p.platform.name,
        "ebcCode": p.seller.code, "ebcName": p.seller.name,
        "logisticsNo": decl.parcel.logistics_no,
        "logisticsCode": p.logistics.code, "logisticsName": p.logistics.name,
        "copNo": decl.cop_no, "preNo": "I20261125000000001", "invtNo": INVT_NO,
        "buyerIdType": "1", "buyerIdNumber": BUYER_ID, "buyerName": "王小明",
        "buyerTelephone": "13912345678", "agentCode": p.agent.code, "agentName": p.agent.name,
        "reason": "订单取消",
    }  # fmt: skip
    assert len(head["appTime"]) == 14
    # the head repeats the inventory list it withdraws (FIELDS.md §16)
    inventory = messages.build_inventory(decl, signer=SIGNER)
    assert messages.check_rules(inventory, xml) == []
    other = messages.build_cancel(
        cancel_of(replace(decl, parcel=replace(decl.parcel, logistics_no="YT-OTHER"))),
        signer=SIGNER,
    )
    problems = [str(v) for v in messages.check_rules(inventory, other)]
    assert len(problems) == 1 and "logisticsNo" in problems[0] and "Cancel" in problems[0]


def test_ceb623_without_its_inventory_number_or_reason_is_not_built():
    with pytest.raises(messages.DeclarationError) as error:
        messages.build_cancel(cancel_of(invt_no="", reason=""), signer=SIGNER)
    assert error.value.errors == ["invt_no: required", "reason: required"]
    with pytest.raises(messages.DeclarationError, match="maxLength"):
        messages.build_cancel(cancel_of(invt_no="4258" * 5), signer=SIGNER)  # 20 > 18


def test_a_draft_ceb623_still_carries_the_signature_the_xsd_requires():
    xml = messages.build_cancel(cancel_of(), signer=SIGNER, app_status="1")
    assert messages.validate(xml) == [] and messages.parse(xml).signed


# --- when to send, what a receipt decides (pure) ----------------------------------------------


@pytest.mark.parametrize(
    ("invt_no", "status", "step"),
    [
        (INVT_NO, 800, withdrawal.SEND),
        (INVT_NO, 500, withdrawal.SEND),
        (INVT_NO, 120, withdrawal.SEND),
        (INVT_NO, 100, withdrawal.NOT_NEEDED),  # a number with the 120, then refused
        (INVT_NO, -621018, withdrawal.NOT_NEEDED),
        ("", None, withdrawal.WAIT),  # not sent yet, or no answer
        ("", 120, withdrawal.WAIT),  # on file, number not known yet
        ("", 100, withdrawal.NOT_NEEDED),  # customs refused the inventory
        ("", 4, withdrawal.NOT_NEEDED),  # never reached customs
        ("", -621002, withdrawal.NOT_NEEDED),  # processing exception
    ],
)
def test_when_a_withdrawal_is_sent(invt_no, status, step):
    assert withdrawal.next_step(invt_no=invt_no, inventory_status=status) == step


@pytest.mark.parametrize(
    ("code", "outcome"),
    [(120, "accepted"), (399, "accepted"), (100, "rejected"), (4, "rejected"),
     (-623001, "rejected"), (1, None), (2, None), (3, None)],
)  # fmt: skip
def test_what_a_ceb624_receipt_decides(code, outcome):
    assert withdrawal.receipt_outcome(code) == outcome


# --- the flow ----------------------------------------------------------------------------------


@pytest.fixture
def customs(settings, db):
    settings.CUSTOMS_SIMULATOR = dict(FAST)
    return settings.CUSTOMS_SIMULATOR


def declared(order_no="FP202611250001"):
    """A declaration whose order counted its dutiable value toward the buyer's year."""
    source = order_declaration(order_no)
    declaration = declarations.declaration_create(source=source)
    quota_record_order(
        id_index=declaration.id_index, reference=order_no, amount=declaration.dutiable_value,
        at=source.payment.paid_at,
    )  # fmt: skip
    return declaration


def used(declaration) -> Decimal:
    return quota_used(declaration.id_index, order_declaration().payment.paid_at)


def cancel_messages():
    return DeclarationMessage.objects.filter(kind="CEB623")


def test_a_released_inventory_is_withdrawn_and_the_allowance_comes_back(customs):
    declaration = declared()
    run(0), run(2), run(10)
    declaration.refresh_from_db()
    assert declaration.status == "released" and declaration.invt_no
    assert used(declaration) == Decimal("1785.00")

    cancellation = declarations.declaration_withdraw(order_no=declaration.order_no)
    assert cancellation.status == "queued" and cancellation.queued_at
    assert cancellation.amount == Decimal("1785.00")
    message = cancellation.messages.get()
    assert message.kind == "CEB623" and messages.validate(message.xml.encode()) == []
    head = messages.parse(message.xml).head
    assert (head["invtNo"], head["orderNo"]) == (declaration.invt_no, declaration.order_no)
    assert OutboxMessage.objects.filter(key=f"customs:{message.guid}", status="pending").exists()
    assert used(declaration) == Decimal("1785.00")  # nothing comes back before customs accepts

    outbox_dispatch(now=timezone.now() + timedelta(seconds=12))  # sent
    cancellation.refresh_from_db()
    assert cancellation.status == "submitted" and cancellation.submitted_at
    run(14)  # CEB624 120
    cancellation.refresh_from_db()
    assert cancellation.status == "accepted" and cancellation.decided_at
    entry = QuotaEntry.objects.get(kind="return")
    assert (entry.reference, entry.amount) == (f"cancel:{declaration.order_no}", Decimal("-1785"))
    assert used(declaration) == 0
    receipts = list(message.receipts.values_list("return_status", flat=True))
    assert receipts == [120]


def test_cancelled_before_the_inventory_number_is_known_it_waits_for_the_receipt(customs):
    declaration = declared()
    cancellation = declarations.declaration_withdraw(order_no=declaration.order_no)
    assert cancellation.status == "waiting" and not cancel_messages().exists()
    run(0), run(2)  # sent, 120 on each: no inventory number yet
    cancellation.refresh_from_db()
    assert cancellation.status == "waiting"
    run(10)  # 800 with the number: the withdrawal is queued by that receipt
    cancellation.refresh_from_db()
    assert cancellation.status == "queued"
    declaration.refresh_from_db()
    assert messages.parse(cancel_messages().get().xml).head["invtNo"] == declaration.invt_no
    run(12), run(14)
    cancellation.refresh_from_db()
    assert cancellation.status == "accepted" and used(declaration) == 0


def test_an_inventory_customs_refused_needs_no_withdrawal(customs):
    declaration = declared()
    cancellation = declarations.declaration_withdraw(order_no=declaration.order_no)
    run(0)
    inventory = declaration.messages.get(kind="CEB621")
    refused = Receipt(inventory.guid, 100, "-621018 超过年度限值", timezone.now())
    assert declarations.receipts_apply([refused]) == 1
    cancellation.refresh_from_db()
    assert cancellation.status == "not_needed" and "-621018" in cancellation.customs_info
    assert not cancel_messages().exists()
    assert used(declaration) == 0  # customs has nothing on file: the allowance comes back now


def test_a_processing_exception_after_progress_still_ends_the_wait(customs):
    """2 (declaring), then a negative code: the inventory is refused, not still on its way."""
    declaration = declared()
    cancellation = declarations.declaration_withdraw(order_no=declaration.order_no)
    run(0)
    inventory = declaration.messages.get(kind="CEB621")
    now = timezone.now()
    declarations.receipts_apply([Receipt(inventory.guid, 2, "申报中", now)])
    declarations.receipts_apply([Receipt(inventory.guid, -621018, "-621018 超过年度限值", now)])
    cancellation.refresh_from_db()
    assert cancellation.status == "not_needed" and used(declaration) == 0
    assert not cancel_messages().exists()


def test_a_refused_inventory_is_not_withdrawn_even_with_a_number(customs):
    """Customs gave the inventory a number with its 120, then refused it (100): nothing is on
    file, so no CEB623 naming it; the allowance comes back at once."""
    declaration = declared()
    run(0)
    inventory = declaration.messages.get(kind="CEB621")
    now = timezone.now()
    declarations.receipts_apply(
        [Receipt(inventory.guid, 120, "入库", now, invt_no="22442026I000000001")]
    )
    declarations.receipts_apply([Receipt(inventory.guid, 100, "-621018 超过年度限值", now)])
    declaration.refresh_from_db()
    assert declaration.invt_no and declaration.status == "rejected"
    cancellation = declarations.declaration_withdraw(order_no=declaration.order_no)
    assert cancellation.status == "not_needed" and not cancel_messages().exists()
    assert used(declaration) == 0


def test_a_withdrawal_that_cannot_be_built_waits_and_loses_no_receipt(customs, monkeypatch):
    """A signing problem when the receipt with the inventory number arrives: the receipt is
    still applied (the gateway would not hand it over again), the withdrawal waits and says
    why; the next CEB621 receipt tries again."""
    declaration = declared()
    cancellation = declarations.declaration_withdraw(order_no=declaration.order_no)
    run(0), run(2)

    def broken(*args, **kwargs):
        raise messages.SigningConfigError("no signing certificate")

    monkeypatch.setattr(messages, "build_cancel", broken)
    run(10)  # 800 with the number
    declaration.refresh_from_db()
    cancellation.refresh_from_db()
    assert declaration.status == "released" and declaration.invt_no  # the receipt stands
    assert (
        cancellation.status == "waiting" and "no signing certificate" in cancellation.customs_info
    )
    assert not cancel_messages().exists()
    monkeypatch.undo()
    inventory = declaration.messages.get(kind="CEB621")
    declarations.receipts_apply([Receipt(inventory.guid, 899, "结关", timezone.now())])
    cancellation.refresh_from_db()
    assert cancellation.status == "queued" and cancel_messages().count() == 1


def test_a_withdrawal_customs_rejects_keeps_its_reason_and_restores_nothing(customs):
    declaration = declared()
    run(0), run(2), run(10)
    cancellation = declarations.declaration_withdraw(order_no=declaration.order_no)
    message = cancellation.messages.get()
    refused = Receipt(message.guid, 100, "-623005 货物已出区 / goods left the zone", timezone.now())
    declarations.receipts_apply([refused])
    cancellation.refresh_from_db()
    assert cancellation.status == "rejected"
    assert cancellation.customs_info == "-623005 货物已出区 / goods left the zone"
    assert not QuotaEntry.objects.filter(kind="return").exists()
    late = Receipt(message.guid, 120, "late", timezone.now() + timedelta(seconds=1))
    declarations.receipts_apply([late])  # the first decision stays
    cancellation.refresh_from_db()
    assert cancellation.status == "rejected" and used(declaration) == Decimal("1785.00")


def test_a_rejected_withdrawal_can_be_sent_again(customs, django_user_model):
    """The operator fixes the cause and sends it again: a new CEB623 (new guid), audited; a
    late answer to the first application changes nothing; customs accepts the new one."""
    from freeport.kernel.models import AuditLog

    operator = django_user_model.objects.create_user("op")
    declaration = declared()
    run(0), run(2), run(10)
    cancellation = declarations.declaration_withdraw(order_no=declaration.order_no)
    first = cancellation.messages.get()
    declarations.receipts_apply([Receipt(first.guid, 100, "-623099 系统繁忙", timezone.now())])
    with pytest.raises(declarations.DeclarationError):  # a reason is required
        declarations.withdrawal_resend(cancellation_id=cancellation.pk, actor=operator, reason=" ")
    cancellation.refresh_from_db()
    assert cancellation.status == "rejected" and cancellation.messages.count() == 1
    declarations.withdrawal_resend(
        cancellation_id=cancellation.pk, actor=operator, reason="customs system was busy"
    )
    cancellation.refresh_from_db()
    second = cancellation.messages.order_by("-pk").first()
    assert cancellation.status == "queued" and second.guid != first.guid
    assert AuditLog.objects.filter(action="customs.withdrawal_resend").count() == 1
    with pytest.raises(declarations.DeclarationError):  # not rejected any more
        declarations.withdrawal_resend(cancellation_id=cancellation.pk, actor=operator, reason="x")
    late = Receipt(first.guid, 100, "-623099 replayed", timezone.now())
    declarations.receipts_apply([late])
    cancellation.refresh_from_db()
    assert cancellation.status == "queued"  # the old application's answer is ignored
    declarations.receipts_apply([Receipt(second.guid, 120, "入库", timezone.now())])
    cancellation.refresh_from_db()
    assert cancellation.status == "accepted" and used(declaration) == 0


def test_a_withdrawal_altered_after_signing_is_refused_by_customs(customs):
    declaration = declared()
    run(0), run(2), run(10)
    cancellation = declarations.declaration_withdraw(order_no=declaration.order_no)
    message = cancellation.messages.get()
    message.xml = message.xml.replace("王小明", "王大明")
    message.save()
    run(12), run(14)
    cancellation.refresh_from_db()
    assert cancellation.status == "rejected" and "1001" in cancellation.customs_info
    assert used(declaration) == Decimal("1785.00")


def test_withdrawing_twice_and_replayed_receipts_change_nothing(customs):
    declaration = declared()
    run(0), run(2), run(10)
    first = declarations.declaration_withdraw(order_no=declaration.order_no)
    again = declarations.declaration_withdraw(order_no=declaration.order_no, reason="again")
    assert again.pk == first.pk and cancel_messages().count() == 1
    assert CustomsCancellation.objects.count() == 1
    at = timezone.now() + timedelta(seconds=14)
    outbox_dispatch(now=at)
    delivered = get_gateway().poll(now=at)
    assert declarations.receipts_apply(delivered) == 1
    assert declarations.receipts_apply(delivered) == 0  # the same receipts again
    assert QuotaEntry.objects.filter(kind="return").count() == 1
    assert used(declaration) == 0


def test_an_order_never_declared_has_nothing_to_withdraw(customs):
    assert declarations.declaration_withdraw(order_no="FP-NEVER") is None
    assert not CustomsCancellation.objects.exists()


def test_a_cancelled_orders_rejected_declaration_is_not_resubmitted(customs, django_user_model):
    declaration = declared()
    declarations.declaration_withdraw(order_no=declaration.order_no)
    run(0)
    inventory = declaration.messages.get(kind="CEB621")
    declarations.receipts_apply([Receipt(inventory.guid, 100, "x", timezone.now())])
    declaration.refresh_from_db()
    assert declaration.status == "rejected"
    actor = django_user_model.objects.create(username="op")
    with pytest.raises(declarations.DeclarationError, match="cancelled"):
        declarations.declaration_resubmit(declaration_id=declaration.pk, actor=actor)
    assert declaration.messages.count() == 4


# --- the simulator ------------------------------------------------------------------------------


def submit_cancel(cancel: CancelDeclaration, guid: str):
    get_gateway().submit(kind="CEB623", guid=guid, xml=messages.build_cancel(cancel, guid=guid))
    return [
        (r.return_status, r.return_info)
        for r in get_gateway().poll(now=timezone.now() + timedelta(seconds=5))
        if r.guid == guid
    ]


def test_the_simulator_refuses_what_it_cannot_match(customs):
    declaration = declared()
    run(0), run(2), run(10)
    declaration.refresh_from_db()
    source = declarations.source_of(declaration)
    unknown = submit_cancel(cancel_of(source), "0A0A0A0A-0000-4000-8000-000000000623")
    assert [(s, i[:7]) for s, i in unknown] == [(100, "-623001")]
    other = replace(source, order_no="FP-OTHER")
    wrong = submit_cancel(cancel_of(other, invt_no=declaration.invt_no),
                          "0A0A0A0A-0000-4000-8000-000000000624")  # fmt: skip
    assert [(s, i[:7]) for s, i in wrong] == [(100, "-623002")]
    mismatched = replace(source, buyer=replace(source.buyer, telephone="13800000000"))
    result = submit_cancel(cancel_of(mismatched, invt_no=declaration.invt_no),
                           "0A0A0A0A-0000-4000-8000-000000000625")  # fmt: skip
    assert [(s, i[:7]) for s, i in result] == [(100, "-623004")]
    assert "buyerTelephone" in result[0][1] and "139" not in result[0][1]
    ok = submit_cancel(cancel_of(source, invt_no=declaration.invt_no),
                       "0A0A0A0A-0000-4000-8000-000000000626")  # fmt: skip
    assert [s for s, _ in ok] == [120]
    twice = submit_cancel(cancel_of(source, invt_no=declaration.invt_no),
                          "0A0A0A0A-0000-4000-8000-000000000627")  # fmt: skip
    assert [(s, i[:7]) for s, i in twice] == [(100, "-623003")]


def test_a_withdrawn_inventory_no_longer_counts_in_the_simulators_annual_ledger(customs):
    # 15 released orders of 1,785 = 26,775 > 26,000: the 15th only fits once one is withdrawn
    first = declared("FP202611250100")
    run(0), run(2), run(10)
    first.refresh_from_db()
    for n in range(1, 14):
        declarations.declaration_create(source=order_declaration(f"FP2026112501{n:02d}"))
    run(20), run(22), run(30)
    declarations.declaration_withdraw(order_no=first.order_no)
    run(40), run(42)
    assert CustomsCancellation.objects.get().status == "accepted"
    last = declarations.declaration_create(source=order_declaration("FP202611250199"))
    run(50), run(52), run(60)
    last.refresh_from_db()
    assert last.status == "released", last.reason
