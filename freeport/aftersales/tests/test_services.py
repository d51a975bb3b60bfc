"""Return requests from the shopper's request to the refund, on a real delivered order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Sum

from freeport.aftersales import policy, selectors, services
from freeport.aftersales.models import ReturnEvent, ReturnItem, ReturnPhoto, ReturnRequest
from freeport.customs.models import CustomsReturn, QuotaEntry
from freeport.inventory.models import StockLot, StockMovement
from freeport.notifications.models import Notification
from freeport.orders.testing import shopper_make
from freeport.payments.models import LedgerEntry, Payment
from freeport.payments.selectors import payments_reconcile

from .conftest import deliver, run

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64


def line(order, code):
    return order.lines.get(sku__code=code)


def day(order, days=1):
    """`days` after delivery."""
    return order.shipment.delivered_at + timedelta(days=days)


def create(order, *, user=None, kind="return", reason="quality", items=None, days=1, **extra):
    items = items if items is not None else [(line(order, "F1-900").pk, 1)]
    return services.return_request_create(
        user=user or order.user, order_number=order.number, kind=kind, reason=reason,
        items=items, now=day(order, days), **extra,
    )  # fmt: skip


def nothing_stored():
    assert not ReturnRequest.objects.exists()
    assert not ReturnItem.objects.exists() and not ReturnPhoto.objects.exists()
    assert not Notification.objects.filter(kind__startswith="return.").exists()


def through_inspection(request, order, grade="resellable"):
    services.return_label_issue(number=request.number, now=day(order, 1))
    services.return_shipped(number=request.number, user=order.user, now=day(order, 2))
    services.return_receive(number=request.number, actor=None, now=day(order, 4))
    grades = [{"item": i.pk, "grade": grade} for i in request.items.all()]
    return services.return_inspect(
        number=request.number, actor=None, grades=grades, now=day(order, 5)
    )


def captured(order):
    return Payment.objects.get(group=order.group)


# --- asking -------------------------------------------------------------------------------------


def test_a_request_keeps_the_policy_decision_and_tells_the_shopper(delivered, photo_root):
    f1 = line(delivered, "F1-900")
    photo = SimpleUploadedFile("crack.png", PNG, content_type="image/png")
    request = create(delivered, items=[(f1.pk, 1)], description="tin dented", photos=[photo])
    assert request.number == f"R{delivered.number}01" and request.status == "requested"
    expected = policy.line_share(services._paid_line(f1), 1)
    refund = request.decision["refund"]
    assert refund["total"] == f"{expected.total:.2f}" and refund["vat"] == f"{expected.vat:.2f}"
    assert [r["code"] for r in request.decision["reasons"]] == [
        "fault", "shipping_platform", "tax_after_customs",
    ]  # fmt: skip
    assert request.shipping_payer == "platform" and request.return_freight == 0
    assert request.ship_back_by == request.released_at + timedelta(days=45)
    assert (
        request.decision["cbec_apply_by"] == (request.released_at + timedelta(days=30)).isoformat()
    )
    stored = request.photos.get()
    assert stored.content_type == "image/png" and (photo_root / stored.file.name).exists()
    assert list(request.events.values_list("action", flat=True)) == ["requested"]
    notice = Notification.objects.get(kind="return.requested", user=delivered.user)
    assert request.number in notice.title and f"{expected.total:.2f}" in notice.body


def test_a_change_of_mind_keeps_the_delivery_fee_and_charges_the_return_parcel(delivered):
    f1 = line(delivered, "F1-900")
    request = create(delivered, reason="changed_mind", items=[(f1.pk, 2)])
    refund = request.decision["refund"]
    assert request.shipping_payer == "shopper" and request.free_return is False
    assert refund["return_shipping"] == "-12.00"
    assert Decimal(refund["freight_kept"]) == -f1.freight
    assert Decimal(refund["total"]) == f1.payable - f1.freight - Decimal("12.00")


@pytest.mark.parametrize(
    "kwargs, codes",
    [
        ({"kind": "exchange", "reason": "changed_mind"}, ["exchange_needs_fault"]),
        ({"reason": "changed_mind", "days": 8}, ["no_reason_window_passed"]),
        ({"reason": "quality", "days": 31}, ["fault_window_passed", "cbec_window_passed"]),
        ({"reason": "wrong_item", "days": 16}, ["fault_window_passed"]),
    ],
)
def test_refusals_name_every_rule_and_store_nothing(delivered, kwargs, codes):
    with pytest.raises(services.ReturnError) as info:
        create(delivered, **kwargs)
    assert info.value.code == "refused"
    assert [r.code for r in info.value.reasons] == codes
    assert info.value.message
    nothing_stored()


def test_an_opened_skincare_item_cannot_go_back_on_a_change_of_mind(delivered):
    c1 = line(delivered, "C1-50")
    with pytest.raises(services.ReturnError) as info:
        create(delivered, reason="changed_mind", items=[(c1.pk, 1)], opened_line_ids=[c1.pk])
    assert [r.code for r in info.value.reasons] == ["opened"]
    assert info.value.field == "items[0]"
    nothing_stored()
    assert create(delivered, reason="quality", items=[(c1.pk, 1)], opened_line_ids=[c1.pk])


def _bad_cases(order):
    f1, c1 = line(order, "F1-900").pk, line(order, "C1-50").pk
    big = SimpleUploadedFile("big.jpg", JPEG + b"\0" * services.MAX_PHOTO_BYTES, "image/jpeg")
    return [
        ({"kind": "swap"}, "kind"),
        ({"reason": "bored"}, "reason"),
        ({"items": []}, "items"),
        ({"items": "F1"}, "items"),
        ({"items": [(999999, 1)]}, "items[0].line"),
        ({"items": [([f1], 1)]}, "items[0].line"),
        ({"items": [(f1,)]}, "items[0]"),
        ({"items": [(f1, 0)]}, "items[0].quantity"),
        ({"items": [(f1, 3)]}, "items[0].quantity"),
        ({"items": [(f1, True)]}, "items[0].quantity"),
        ({"items": [(f1, 1), (f1, 1)]}, "items[1].line"),
        ({"items": [(f1, 1)], "opened_line_ids": [999999]}, "opened_line_ids"),
        ({"items": [(c1, 1)], "description": "x" * 2001}, "description"),
        ({"photos": [SimpleUploadedFile("a.gif", b"GIF89a", "image/gif")]}, "photos[0]"),
        ({"photos": [SimpleUploadedFile("a.png", JPEG, "image/png")]}, "photos[0]"),
        ({"photos": [big]}, "photos[0]"),
        ({"photos": [SimpleUploadedFile("e.png", b"", "image/png")]}, "photos[0]"),
        ({"photos": [SimpleUploadedFile(f"{i}.png", PNG, "image/png") for i in range(7)]},
         "photos"),
    ]  # fmt: skip


def test_bad_input_names_the_field_and_changes_nothing(delivered, photo_root):
    for kwargs, field in _bad_cases(delivered):
        with pytest.raises(services.ReturnError) as info:
            create(delivered, **kwargs)
        assert info.value.field == field, (kwargs, info.value)
        assert isinstance(info.value, ValueError) and info.value.message
        nothing_stored()
    assert not photo_root.exists() or not any(photo_root.rglob("*.*"))


def test_another_shopper_can_neither_ask_nor_see_nor_act(delivered):
    other, _buyer, _address = shopper_make("other")
    with pytest.raises(services.ReturnError) as info:
        create(delivered, user=other)
    assert (info.value.field, info.value.code) == ("order_number", "not_found")
    nothing_stored()
    request = create(delivered)
    assert selectors.request_of(other, request.number) is None
    assert list(selectors.requests_of(other)) == []
    assert selectors.request_of(delivered.user, request.number) == request
    assert list(selectors.requests_of(delivered.user)) == [request]
    for call in (services.return_cancel, services.return_shipped):
        with pytest.raises(services.ReturnError) as info:
            call(number=request.number, user=other)
        assert info.value.code == "not_found"
    assert ReturnRequest.objects.get().status == "requested"


def test_an_order_not_delivered_yet_cannot_be_returned(customs, skus, shopper):
    from freeport.orders.testing import group_make, stock_make

    stock_make(skus["F1-900"], 3)
    group = group_make(*shopper, [(skus["F1-900"], 1)])
    order = group.orders.get()
    with pytest.raises(services.ReturnError) as info:
        services.return_request_create(
            user=order.user, order_number=order.number, kind="return", reason="quality",
            items=[(order.lines.get().pk, 1)],
        )  # fmt: skip
    assert info.value.code == "not_delivered"
    nothing_stored()


def test_one_open_request_per_line(delivered):
    first = create(delivered)
    with pytest.raises(services.ReturnError) as info:
        create(delivered, items=[(line(delivered, "F1-900").pk, 1)])
    assert (info.value.field, info.value.code) == ("items[0].line", "open_request")
    assert ReturnRequest.objects.count() == 1
    other_line = create(delivered, items=[(line(delivered, "C1-50").pk, 1)])
    assert other_line.number.endswith("02")
    services.return_cancel(number=first.number, user=delivered.user, now=day(delivered, 1))
    again = create(delivered)
    assert again.number.endswith("03")


# --- the whole way ------------------------------------------------------------------------------


def test_a_fault_return_all_the_way_refunds_exactly_and_restores_the_quota(delivered):
    f1 = line(delivered, "F1-900")
    lots = {lot.pk: lot.quantity_on_hand for lot in StockLot.objects.filter(sku=f1.sku)}
    request = create(delivered, items=[(f1.pk, 2)])

    approved = services.return_label_issue(number=request.number, now=day(delivered, 1))
    assert approved.status == "approved" and approved.waybill_number.startswith("FPR")
    assert approved.waybill_number == f"FPR{delivered.number[2:]}01"
    assert approved.carrier == "simulator" and approved.routing_code
    customs_return = approved.customs_return
    assert customs_return.messages.get().kind == "CEB625"
    assert len(customs_return.cop_no) <= 20
    assert customs_return.amount == f1.dutiable_value  # the line's value comes back

    services.return_shipped(number=request.number, user=delivered.user, now=day(delivered, 2))
    services.return_receive(number=request.number, actor=None, now=day(delivered, 4))
    item = request.items.get()
    services.return_inspect(
        number=request.number, actor=None, now=day(delivered, 5),
        grades=[{"item": item.pk, "grade": "resellable", "note": "sealed"}],
    )  # fmt: skip
    # both units back into the two lots they were shipped from
    after = {lot.pk: lot.quantity_on_hand for lot in StockLot.objects.filter(sku=f1.sku)}
    assert sum(after.values()) == sum(lots.values()) + 2
    assert StockMovement.objects.filter(kind="return", reference=delivered.number).count() == 2
    call_command("inventory_check")  # exits 1 on any disagreement

    payment = captured(delivered)
    refunded = services.return_refund(number=request.number, now=day(delivered, 5))
    expected = policy.line_share(services._paid_line(f1), 2)
    assert refunded.status == "refunded"
    assert refunded.refund_amount == expected.total == f1.payable
    assert refunded.refund_tax == expected.tax
    assert refunded.goods_refund.amount == expected.total - expected.tax
    assert refunded.tax_settled == "" and refunded.tax_refund is None  # customs not answered yet
    assert not QuotaEntry.objects.filter(kind="return").exists()

    run(1, 5, 20, 30)  # the CEB625 goes out; customs accepts it (120): quota restored
    customs_return.refresh_from_db()
    assert customs_return.status == "accepted"
    assert QuotaEntry.objects.get(kind="return").amount == -f1.dutiable_value
    settled = services.return_tax_settle(number=request.number, now=day(delivered, 7))
    assert settled.tax_settled == "refunded" and settled.tax_refund.amount == expected.tax
    services.return_tax_settle(number=request.number)  # again: nothing more

    payment.refresh_from_db()
    assert payment.refunded_amount == expected.total
    ledger = LedgerEntry.objects.filter(payment=payment, kind="refund")
    assert ledger.aggregate(s=Sum("amount"))["s"] == -expected.total
    assert payments_reconcile() == []
    actions = list(request.events.values_list("action", flat=True))
    assert actions == ["requested", "approved", "shipped", "received", "inspected", "refunded",
                       "tax_refunded"]  # fmt: skip
    kinds = set(Notification.objects.filter(user=delivered.user).values_list("kind", flat=True))
    assert {"return.requested", "return.approved", "return.shipped", "return.received",
            "return.inspected", "return.refunded", "return.tax_refunded"} <= kinds  # fmt: skip
    assert not ReturnItem.objects.filter(is_open=True).exists()


def test_partial_returns_of_a_line_add_up_to_what_was_paid(delivered):
    f1 = line(delivered, "F1-900")
    total = Decimal(0)
    for n in (1, 2):
        request = create(delivered, items=[(f1.pk, 1)], days=n)
        through_inspection(request, delivered)
        total += services.return_refund(number=request.number, now=day(delivered, 6)).refund_amount
        assert request.number.endswith(f"0{n}")
    assert total == f1.payable
    run(1, 5, 20, 30)
    for request in ReturnRequest.objects.all():
        services.return_tax_settle(number=request.number)
    assert captured(delivered).refunded_amount == f1.payable
    assert payments_reconcile() == []
    with pytest.raises(services.ReturnError) as info:  # nothing left on the line
        create(delivered, items=[(f1.pk, 1)], days=3)
    assert [r.code for r in info.value.reasons] == ["quantity_exceeds_left"]


@pytest.mark.parametrize("grade", ["return_to_vendor", "scrap"])
def test_units_not_resellable_do_not_become_stock(delivered, grade):
    before = StockLot.objects.aggregate(s=Sum("quantity_on_hand"))["s"]
    request = create(delivered, items=[(line(delivered, "C1-50").pk, 1)])
    through_inspection(request, delivered, grade=grade)
    assert StockLot.objects.aggregate(s=Sum("quantity_on_hand"))["s"] == before
    assert not StockMovement.objects.filter(kind="return").exists()
    assert request.items.get().grade == grade
    call_command("inventory_check")


def test_a_batch_named_at_inspection_must_be_one_shipped(delivered):
    request = create(delivered, items=[(line(delivered, "C1-50").pk, 1)])
    services.return_label_issue(number=request.number, now=day(delivered, 1))
    services.return_receive(number=request.number, actor=None, now=day(delivered, 3))
    item = request.items.get()
    bad = [{"item": item.pk, "grade": "resellable", "batch": "NOPE"}]
    with pytest.raises(services.ReturnError) as info:
        services.return_inspect(number=request.number, actor=None, grades=bad)
    assert info.value.field == "batch"
    assert ReturnRequest.objects.get().status == "received"
    assert not StockMovement.objects.filter(kind="return").exists()
    lot = StockLot.objects.get(sku__code="C1-50")
    good = [{"item": item.pk, "grade": "resellable", "batch": lot.batch_number}]
    services.return_inspect(number=request.number, actor=None, grades=good)
    assert ReturnItem.objects.get().lot == lot


@pytest.mark.parametrize(
    "grades, field",
    [
        ([], "grades"),
        ([{"item": 999999, "grade": "scrap"}], "grades[0].item"),
        ([{"item": None, "grade": "resellable"}], "grades[0].item"),
        (["scrap"], "grades[0].item"),
        ([{"item": [1], "grade": "scrap"}], "grades[0].item"),
        ("ITEM", "grades"),
    ],
)
def test_bad_grades_change_nothing(delivered, grades, field):
    request = create(delivered)
    services.return_label_issue(number=request.number, now=day(delivered, 1))
    services.return_receive(number=request.number, actor=None, now=day(delivered, 3))
    with pytest.raises(services.ReturnError) as info:
        services.return_inspect(number=request.number, actor=None, grades=grades)
    assert info.value.field == field
    assert ReturnRequest.objects.get().status == "received"
    with pytest.raises(services.ReturnError) as info:
        item = request.items.get().pk
        services.return_inspect(number=request.number, actor=None,
                                grades=[{"item": item, "grade": "mint"}])  # fmt: skip
    assert info.value.field == "grades[0].grade"


def test_repeated_steps_change_nothing_and_steps_out_of_order_are_refused(delivered):
    request = create(delivered)
    for call in (services.return_receive, services.return_refund):
        with pytest.raises(services.ReturnError) as info:
            call(number=request.number, actor=None)
        assert info.value.code == "wrong_status"
    first = services.return_label_issue(number=request.number, now=day(delivered, 1))
    again = services.return_label_issue(number=request.number, now=day(delivered, 2))
    assert again.waybill_number == first.waybill_number
    assert CustomsReturn.objects.count() == 1
    number, user = request.number, delivered.user
    for _ in range(2):  # each step twice in a row: the second changes nothing
        services.return_shipped(number=number, user=user, now=day(delivered, 2))
    for _ in range(2):
        services.return_receive(number=number, actor=None, now=day(delivered, 3))
    grades = [{"item": request.items.get().pk, "grade": "resellable"}]
    for _ in range(2):
        services.return_inspect(number=number, actor=None, grades=grades, now=day(delivered, 4))
    assert StockMovement.objects.filter(kind="return").aggregate(s=Sum("quantity"))["s"] == 1
    assert ReturnEvent.objects.filter(request=request).count() == 5
    with pytest.raises(services.ReturnError) as info:  # a step already passed: refused clearly
        services.return_label_issue(number=number, now=day(delivered, 5))
    assert info.value.code == "wrong_status" and "inspected" in info.value.message
    refunds = [services.return_refund(number=request.number) for _ in range(2)]
    assert refunds[0].goods_refund == refunds[1].goods_refund
    assert LedgerEntry.objects.filter(kind="refund").count() == 1
    assert ReturnEvent.objects.filter(action="refunded").count() == 1
    assert Notification.objects.filter(kind="return.refunded").count() == 1
    with pytest.raises(services.ReturnError) as info:
        services.return_cancel(number=request.number, user=delivered.user)
    assert info.value.code == "wrong_status"
    with pytest.raises(services.ReturnError) as info:
        services.return_label_issue(number="R0000", now=day(delivered, 1))
    assert info.value.code == "not_found"


def test_a_parcel_after_the_45_days_is_not_received_and_can_be_refused(delivered):
    request = create(delivered)
    services.return_label_issue(number=request.number, now=day(delivered, 1))
    services.return_shipped(number=request.number, user=delivered.user, now=day(delivered, 2))
    late = request.ship_back_by + timedelta(seconds=1)
    with pytest.raises(services.ReturnError) as info:
        services.return_receive(number=request.number, actor=None, now=late)
    assert (info.value.field, info.value.code) == ("received_at", "arrived_late")
    assert ReturnRequest.objects.get().status == "in_transit"
    with pytest.raises(services.ReturnError) as info:
        services.return_refuse(number=request.number, actor=None, reason="  ")
    assert info.value.field == "reason"
    refused = services.return_refuse(number=request.number, actor=None, reason="arrived late")
    assert refused.status == "refused" and not ReturnItem.objects.filter(is_open=True).exists()
    assert "CEB625" in refused.events.get(action="refused").note
    assert "arrived late" in Notification.objects.get(kind="return.refused").body


def test_an_exchange_is_not_refunded_and_declares_nothing_to_customs(delivered):
    request = create(delivered, kind="exchange", reason="damaged")
    assert request.decision["refund"] is None
    through_inspection(request, delivered)
    assert not CustomsReturn.objects.exists()
    with pytest.raises(services.ReturnError) as info:
        services.return_refund(number=request.number)
    assert info.value.code == "exchange"
    assert ReturnRequest.objects.get().status == "inspected"


def test_a_free_return_is_counted_per_year_and_given_back_when_cancelled(delivered, monkeypatch):
    monkeypatch.setattr(services, "TIER", "silver")  # no membership app yet: tier patched in
    f1, c1 = line(delivered, "F1-900"), line(delivered, "C1-50")
    first = create(delivered, reason="changed_mind", items=[(f1.pk, 1)])
    assert first.free_return and first.shipping_payer == "platform"
    second = create(delivered, reason="changed_mind", items=[(c1.pk, 1)])
    assert not second.free_return and second.shipping_payer == "shopper"
    services.return_cancel(number=first.number, user=delivered.user)
    services.return_cancel(number=second.number, user=delivered.user)
    third = create(delivered, reason="changed_mind", items=[(f1.pk, 1)])
    assert third.free_return


def test_a_second_order_of_the_shopper_is_separate(delivered, skus, shopper):
    from freeport.orders.testing import stock_make

    stock_make(skus["F1-400"], 2)
    other = deliver(*shopper, [(skus["F1-400"], 1)], key="k2")
    request = services.return_request_create(
        user=other.user, order_number=other.number, kind="return", reason="damaged",
        items=[(other.lines.get().pk, 1)], now=day(other),
    )  # fmt: skip
    with pytest.raises(services.ReturnError) as info:  # a line of another order
        create(delivered, items=[(other.lines.get().pk, 1)])
    assert info.value.field == "items[0].line"
    assert list(selectors.requests_of(delivered.user)) == [request]
    assert list(selectors.requests_for_operators()) == [request]


def test_customs_refusing_the_return_keeps_the_tax_and_tells_the_shopper(delivered):
    request = create(delivered, items=[(line(delivered, "C1-50").pk, 1)])
    through_inspection(request, delivered)
    refunded = services.return_refund(number=request.number, now=day(delivered, 6))
    assert refunded.refund_tax > 0 and refunded.tax_settled == ""
    CustomsReturn.objects.filter(pk=refunded.customs_return_id).update(
        status=CustomsReturn.Status.REJECTED, reason="-625 test"
    )
    settled = services.return_tax_settle(number=request.number, now=day(delivered, 8))
    assert settled.tax_settled == "refused" and settled.tax_refund is None
    assert captured(delivered).refunded_amount == refunded.refund_amount - refunded.refund_tax
    assert Notification.objects.filter(kind="return.customs_refused").count() == 1
    services.return_tax_settle(number=request.number)  # settled: nothing more
    assert ReturnEvent.objects.filter(action="customs_refused").count() == 1
    assert not QuotaEntry.objects.filter(kind="return").exists()
    assert payments_reconcile() == []


def test_a_webp_photo_is_accepted(delivered, photo_root):
    webp = b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 32
    photo = SimpleUploadedFile("p.webp", webp, content_type="image/webp")
    request = create(delivered, photos=[photo])
    assert request.photos.get().size == len(webp)
    with pytest.raises(ValueError):
        _ = request.photos.get().file.url  # private: no public URL
