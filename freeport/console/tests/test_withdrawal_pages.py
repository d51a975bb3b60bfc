"""Console: withdrawals of cancelled orders' declarations (CEB623) on the customs pages and the
order page; a cancel refused for an order already shipped."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from freeport.customs.models import CustomsCancellation
from freeport.kernel.models import AuditLog, OutboxMessage

from .customs_data import PERSONAL, declaration_make
from .test_orders_pages import (  # noqa: F401 (fixtures)
    buyer,
    detail_url,
    messages_of,
    orders,
    skus,
    step,
    walk,
)

WITHDRAWALS = reverse("console:customs_withdrawals")


def withdrawal_make(declaration, status, info=""):
    now = timezone.now()
    return CustomsCancellation.objects.create(
        declaration=declaration, status=status, reason="订单取消", customs_info=info,
        amount=Decimal("1785.00"), year=2026, queued_at=now, submitted_at=now,
        decided_at=now if status in ("accepted", "rejected", "not_needed") else None,
    )  # fmt: skip


def assert_masked(html: str):
    for value in PERSONAL:
        assert value not in html, value


@pytest.fixture
def withdrawals(db):
    accepted = declaration_make("FP202611250001", "released", invt_no="425820261ABCDEF012")
    rejected = declaration_make("FP202611250002", "released", invt_no="425820261ABCDEF013")
    waiting = declaration_make("FP202611250003", "submitted")
    return {
        "accepted": withdrawal_make(accepted, "accepted"),
        "rejected": withdrawal_make(rejected, "rejected", "-623005 货物已出区 / goods left"),
        "waiting": withdrawal_make(waiting, "waiting"),
    }


def test_the_customs_console_lists_withdrawals_by_status(login, operator, withdrawals):
    client = login(operator)
    response = client.get(WITHDRAWALS)
    assert response.status_code == 200
    html = response.content.decode()
    for number in ("FP202611250001", "FP202611250002", "FP202611250003"):
        assert number in html
    assert "-623005 货物已出区 / goods left" in html and 'id="customs-nav"' in html
    tabs = {value: n for value, _label, n in response.context["tabs"]}
    assert (tabs[""], tabs["accepted"], tabs["rejected"], tabs["waiting"]) == (3, 1, 1, 1)
    only = client.get(WITHDRAWALS, {"status": "rejected"})
    assert [w.status for w in only.context["page"].object_list] == ["rejected"]
    assert_masked(html)


def test_withdrawals_are_for_operators_only(login, kiwi_staff, shopper, withdrawals):
    assert login(kiwi_staff).get(WITHDRAWALS).status_code == 403
    assert login(shopper).get(WITHDRAWALS).status_code == 403


def test_the_declaration_page_shows_the_withdrawal_and_customs_reason(login, operator,
                                                                      withdrawals):  # fmt: skip
    declaration = withdrawals["rejected"].declaration
    html = login(operator).get(reverse("console:customs_declaration", args=[declaration.pk]))
    html = html.content.decode()
    assert 'id="withdrawal" data-status="rejected"' in html
    assert "rejected by customs" in html and "-623005 货物已出区 / goods left" in html
    assert "not given back" in html
    assert_masked(html)


def test_a_cancelled_orders_rejected_declaration_is_not_in_the_resubmit_queue(login, operator,
                                                                             db):  # fmt: skip
    plain = declaration_make("FP202611250010", "rejected", reason="CEB311: x")
    cancelled = declaration_make("FP202611250011", "rejected", reason="CEB621: y")
    withdrawal_make(cancelled, "not_needed", "CEB621: y")
    page = login(operator).get(reverse("console:customs_rejected")).context["page"]
    assert [d.pk for d in page.object_list] == [plain.pk]


def test_the_order_page_shows_its_withdrawal(login, operator, orders):  # noqa: F811
    order = walk(orders["paid"], "declare")
    declaration = declaration_make(order.number, "released", invt_no="425820261ABCDEF014")
    client = login(operator)
    assert 'id="order-withdrawal"' not in client.get(detail_url(order)).content.decode()
    assert step(client, order, "cancel", reason="out of stock").status_code == 302
    withdrawal = CustomsCancellation.objects.get(declaration=declaration)
    assert withdrawal.status == "queued"  # the cancel queued the CEB623
    withdrawal.status, withdrawal.customs_info = "rejected", "-623005 货物已出区"
    withdrawal.save()
    html = client.get(detail_url(order)).content.decode()
    assert 'id="order-withdrawal" data-status="rejected"' in html
    assert "-623005 货物已出区" in html and 'id="withdrawal-title"' in html


def test_cancelling_a_shipped_order_is_refused_and_changes_nothing(login, operator, orders,  # noqa: F811
                                                                   client, settings):  # fmt: skip
    order = walk(orders["paid"], "declare", "clear", "pick", "ship")
    declaration_make(order.number, "released", invt_no="425820261ABCDEF015")
    seen, outbox = order.transitions.count(), OutboxMessage.objects.count()
    response = step(login(operator), order, "cancel", state="shipped")
    assert response.status_code == 400
    assert messages_of(response) == [
        "An order that is shipped cannot be cancelled. Nothing was changed."
    ]  # fmt: skip
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = step(client, order, "cancel", state="shipped")
    assert response.status_code == 400
    assert messages_of(response) == ["状态为已发货的订单不能标记为已取消。未做任何更改。"]
    order.refresh_from_db()
    assert order.state == "shipped" and order.transitions.count() == seen
    assert OutboxMessage.objects.count() == outbox
    assert not CustomsCancellation.objects.exists() and not AuditLog.objects.exists()


def test_the_ceb623_on_the_declaration_page_is_masked(login, operator, db):
    """A real, signed CEB623 names the buyer in clear, as customs receives it: the page masks it."""
    from freeport.customs import declarations
    from freeport.customs.models import DeclarationMessage

    declaration = declaration_make("FP202611250020", "released", invt_no="425820261ABCDEF020")
    withdrawal = declarations.declaration_withdraw(order_no=declaration.order_no)
    message = DeclarationMessage.objects.get(kind="CEB623")
    assert withdrawal.status == "queued" and "王小明" in message.xml  # in clear, encrypted at rest
    response = login(operator).get(reverse("console:customs_declaration", args=[declaration.pk]))
    html = response.content.decode()
    assert "cancellation (withdrawal)" in html and "InvtCancel" in html
    assert "王**" in html and "110***********1239" in html
    assert_masked(html)


def test_an_operator_sends_a_rejected_withdrawal_again(login, operator, kiwi_staff, withdrawals):
    rejected = withdrawals["rejected"]
    url = reverse("console:customs_withdrawal_resend", args=[rejected.pk])
    page = reverse("console:customs_declaration", args=[rejected.declaration_id])
    html = login(operator).get(page).content.decode()
    assert f'action="{url}"' in html and 'name="note"' in html and "required" in html
    assert login(kiwi_staff).post(url, {"note": "fixed"}).status_code == 403
    client = login(operator)
    answer = client.post(url, {"note": ""})  # a reason is required
    assert answer.status_code == 302 and answer["Location"] == page
    rejected.refresh_from_db()
    assert rejected.status == "rejected" and not rejected.messages.exists()
    answer = client.post(url, {"note": "customs asked us to send it again"}, follow=True)
    rejected.refresh_from_db()
    assert rejected.status == "queued" and rejected.messages.get().kind == "CEB623"
    assert AuditLog.objects.filter(action="customs.withdrawal_resend").count() == 1
    assert "The withdrawal is queued." in messages_of(answer)
    again = client.post(url, {"note": "twice"}, follow=True)  # no longer rejected
    assert rejected.messages.count() == 1 and messages_of(again)
    assert client.post(reverse("console:customs_withdrawal_resend", args=[999999]),
                       {"note": "x"}).status_code == 404  # fmt: skip
