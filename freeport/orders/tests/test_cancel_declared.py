"""A declared order cancelled: the money is refunded at once, the declaration is withdrawn from
customs (CEB623 → simulator → CEB624) and the annual allowance comes back only when customs
accepts. End to end through the outbox and the customs simulator (SQLite and PostgreSQL)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from freeport.customs import declarations
from freeport.customs.models import CustomsCancellation, Declaration, DeclarationReceipt
from freeport.customs.selectors import quota_used
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders import services, states
from freeport.orders.models import Order

pytestmark = pytest.mark.django_db


@pytest.fixture
def customs(settings):
    settings.CUSTOMS_SIMULATOR = {"accept_seconds": 1, "release_seconds": 5,
                                  "inspection_every": 0, "down": False}  # fmt: skip


def paid_and_declared(group):
    """Pay through the sandbox (so the refund has a captured payment), then declare."""
    from freeport.payments.services import payment_start, sandbox_pay

    payment = payment_start(group=group, user=group.user)
    sandbox_pay(payment=payment, deliver_now=False)
    outbox_dispatch()  # the signed notification: paid
    outbox_dispatch()  # orders.transition(pay): declared, four messages queued
    order = group.orders.get()
    assert order.state == states.DECLARED
    return payment, order


def later(seconds: int, *, dispatch: bool = True) -> int:
    at = timezone.now() + timedelta(seconds=seconds)
    if dispatch:
        outbox_dispatch(now=at)
    return declarations.receipts_poll(now=at)


def used(order) -> Decimal:
    return quota_used(order.buyer_id_index, order.paid_at)


def refunded(payment) -> Decimal:
    from freeport.payments.models import LedgerEntry

    return abs(sum(LedgerEntry.objects.filter(payment=payment, kind="refund")
                   .values_list("amount", flat=True)))  # fmt: skip


def test_cancel_before_customs_answers_then_release_then_withdrawal(placed, customs):
    payment, order = paid_and_declared(placed)
    assert used(order) == order.dutiable_value

    services.order_transition(order_id=order.pk, event="cancel", reason="shopper asked")
    cancellation = CustomsCancellation.objects.get(declaration__order_no=order.number)
    assert cancellation.status == "waiting"  # no inventory number yet: nothing to name
    assert cancellation.amount == order.dutiable_value

    outbox_dispatch()  # the refund (it does not wait for customs); the four messages sent
    order.refresh_from_db()
    assert order.state == states.REFUNDED
    assert refunded(payment) == order.total
    assert used(order) == order.dutiable_value  # the allowance waits for customs

    later(2)  # 120 on each message
    later(10)  # 800 released, after the cancel: the withdrawal is queued by that receipt
    cancellation.refresh_from_db()
    assert cancellation.status == "queued"
    declaration = Declaration.objects.get(order_no=order.number)
    assert declaration.status == "released"
    later(11)  # the order's status event (ignored: refunded), CEB623 sent
    later(14)  # CEB624 120
    cancellation.refresh_from_db()
    assert cancellation.status == "accepted"
    assert used(order) == 0

    order.refresh_from_db()
    assert order.state == states.REFUNDED  # the release did not move the cancelled order on
    assert [t.event for t in order.transitions.all()] == [
        "place", "pay", "declare", "cancel", "refund"
    ]  # fmt: skip
    from freeport.fulfillment.models import Shipment

    assert not Shipment.objects.filter(order=order).exists()  # nothing to pick either

    # Everything again: receipts replayed, the outbox swept, cancel once more: nothing changes.
    receipts_before = DeclarationReceipt.objects.count()
    later(30), later(40)
    assert DeclarationReceipt.objects.count() == receipts_before
    with pytest.raises(states.IllegalTransition):
        services.order_transition(order_id=order.pk, event="cancel")
    assert declarations.declaration_withdraw(order_no=order.number).pk == cancellation.pk
    assert CustomsCancellation.objects.count() == 1 and used(order) == 0
    assert refunded(payment) == order.total


def test_cancel_after_the_inventory_number_came_sends_at_once(placed, customs):
    """Customs released the inventory, the order has not followed yet: cancelled in between."""
    payment, order = paid_and_declared(placed)
    later(0)  # sent
    later(2, dispatch=False), later(10, dispatch=False)  # 120s, then 800 with the number
    order.refresh_from_db()
    assert order.state == states.DECLARED  # its status event is still in the outbox
    services.order_transition(order_id=order.pk, event="cancel", reason="out of stock")
    cancellation = CustomsCancellation.objects.get()
    assert cancellation.status == "queued"  # in the cancelling transaction
    later(12), later(14)
    cancellation.refresh_from_db()
    order.refresh_from_db()
    assert (order.state, cancellation.status) == (states.REFUNDED, "accepted")
    assert used(order) == 0


def test_a_withdrawal_customs_refuses_restores_nothing(placed, customs):
    payment, order = paid_and_declared(placed)
    later(0), later(2, dispatch=False), later(10, dispatch=False)
    services.order_transition(order_id=order.pk, event="cancel", reason="out of stock")
    message = CustomsCancellation.objects.get().messages.get()
    message.xml = message.xml.replace("<ceb:appStatus>2", "<ceb:appStatus>1")  # breaks the seal
    message.save()
    later(12), later(14)
    cancellation = CustomsCancellation.objects.get()
    assert cancellation.status == "rejected"
    assert cancellation.customs_info.startswith("1001")
    order.refresh_from_db()
    assert order.state == states.REFUNDED and refunded(payment) == order.total
    assert used(order) == order.dutiable_value  # still counted: customs keeps the inventory


def test_a_paid_order_not_yet_declared_needs_no_withdrawal(placed, customs):
    from freeport.payments.services import payment_start, sandbox_pay

    sandbox_pay(payment=payment_start(group=placed, user=placed.user), deliver_now=False)
    outbox_dispatch()  # paid only: the declaration is the next outbox step
    order = Order.objects.get(group=placed)
    services.order_transition(order_id=order.pk, event="cancel", reason="shopper asked")
    outbox_dispatch()
    assert not CustomsCancellation.objects.exists()
    assert not Declaration.objects.filter(order_no=order.number).exists()
    order.refresh_from_db()
    assert order.state == states.REFUNDED and used(order) == 0


def test_the_shopper_sees_the_withdrawal_on_the_order_page(placed, customs, client, settings):
    from django.urls import reverse

    payment, order = paid_and_declared(placed)
    services.order_transition(order_id=order.pk, event="cancel", reason="shopper asked")
    outbox_dispatch()
    client.force_login(placed.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("orders:group", args=[placed.number])
    html = client.get(url).content.decode()
    assert f'id="withdrawal-{order.number}" data-withdrawal="waiting"' in html
    assert "customs declaration is being withdrawn" in html
    assert "allowance comes back once customs accepts" in html
    later(2), later(10), later(12), later(14)
    html = client.get(url).content.decode()
    assert 'data-withdrawal="accepted"' in html
    assert "allowance has been given back" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(url).content.decode()
    assert "海关已撤销本订单的申报" in html
