"""An order's life: paid (stock committed, quota counted), declared, cleared; cancelled, expired,
late payments; every transition recorded and published."""

from datetime import timedelta

import pytest
from django.utils import timezone

from freeport.customs import declarations
from freeport.customs.models import Declaration, QuotaEntry
from freeport.inventory.models import Reservation, StockLot
from freeport.kernel.models import OutboxMessage
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders import services, states
from freeport.orders.models import Order

pytestmark = pytest.mark.django_db


def _pay(group, amount=None, currency="CNY"):
    return services.order_group_paid(
        group_number=group.number, transaction_id="T1",
        amount=group.total if amount is None else amount, currency=currency,
        paid_at=timezone.now(),
    )  # fmt: skip


def test_payment_commits_stock_counts_quota_and_records(placed):
    outcome = _pay(placed)
    assert outcome.accepted
    order = placed.orders.get()
    assert order.state == "paid" and order.transaction_id == "T1"
    assert set(Reservation.objects.values_list("status", flat=True)) == {"committed"}
    entry = QuotaEntry.objects.get(reference=order.number)
    assert entry.amount == order.dutiable_value and entry.id_index == order.buyer_id_index
    assert [t.event for t in order.transitions.all()] == ["place", "pay"]
    assert OutboxMessage.objects.filter(topic="orders.transition", key=f"order:{order.number}:2")


def test_paying_twice_changes_nothing(placed):
    _pay(placed)
    again = _pay(placed)
    assert again.accepted
    order = placed.orders.get()
    assert order.transitions.count() == 2 and QuotaEntry.objects.count() == 1


@pytest.mark.parametrize(("amount", "currency"), [("1.00", "CNY"), (None, "USD")])
def test_amount_or_currency_mismatch_is_refused_and_changes_nothing(placed, amount, currency):
    from decimal import Decimal

    with pytest.raises(services.OrderError) as info:
        _pay(placed, Decimal(amount) if amount else None, currency)
    assert info.value.code == "amount_mismatch"
    assert placed.orders.get().state == "pending_payment"
    assert not QuotaEntry.objects.exists()


def test_unpaid_orders_expire_and_release_stock(placed):
    assert services.orders_expire(now=timezone.now()) == 0  # not yet
    later = placed.expires_at + timedelta(seconds=1)
    assert services.orders_expire(now=later) == 1
    order = placed.orders.get()
    assert order.state == "cancelled"
    assert order.transitions.last().event == "expire"
    assert sum(StockLot.objects.values_list("quantity_reserved", flat=True)) == 0
    assert services.orders_expire(now=later) == 0  # idempotent


def test_a_payment_after_expiry_is_not_accepted(placed):
    services.orders_expire(now=placed.expires_at + timedelta(seconds=1))
    outcome = _pay(placed)
    assert not outcome.accepted  # the payment side refunds it
    assert placed.orders.get().state == "cancelled"
    assert not QuotaEntry.objects.exists()


def test_a_payment_after_the_stock_lapsed_cancels(placed):
    from freeport.inventory.services import reservations_expire

    reservations_expire(now=placed.expires_at + timedelta(seconds=1))  # the inventory job first
    outcome = _pay(placed)
    assert not outcome.accepted
    assert placed.orders.get().state == "cancelled"
    assert sum(StockLot.objects.values_list("quantity_reserved", flat=True)) == 0


def test_shopper_cancel_releases_stock(placed):
    assert services.order_group_cancel(group=placed, reason="changed my mind") == 1
    assert placed.orders.get().state == "cancelled"
    assert sum(StockLot.objects.values_list("quantity_reserved", flat=True)) == 0
    with pytest.raises(states.IllegalTransition):
        services.order_transition(order_id=placed.orders.get().pk, event="pay")


def test_paid_order_is_declared_then_follows_customs(placed, settings):
    settings.CUSTOMS_SIMULATOR = {"accept_seconds": 1, "release_seconds": 5,
                                  "inspection_every": 0, "down": False}  # fmt: skip
    _pay(placed)
    order = placed.orders.get()
    outbox_dispatch()  # orders.transition(pay) → declaration queued, order declared
    order.refresh_from_db()
    assert order.state == "declared"
    declaration = Declaration.objects.get(order_no=order.number)
    source = declarations.source_of(declaration)
    assert source.actural_paid == order.total  # declared = paid, to the fen
    at = timezone.now()
    for seconds in (0, 2, 10, 11, 12):
        outbox_dispatch(now=at + timedelta(seconds=seconds))
        declarations.receipts_poll(now=at + timedelta(seconds=seconds))
    outbox_dispatch(now=at + timedelta(seconds=20))
    order.refresh_from_db()
    assert order.state == "cleared", list(order.transitions.values_list("event", flat=True))
    assert [t.event for t in order.transitions.all()] == ["place", "pay", "declare", "clear"]


def test_the_declaration_uses_the_price_paid_not_todays(placed, skus):
    _pay(placed)
    skus["F1-900"].price = skus["F1-900"].price + 50  # the merchant changes the price later
    skus["F1-900"].save()
    outbox_dispatch()
    order = Order.objects.get(group=placed)
    source = declarations.source_of(Declaration.objects.get(order_no=order.number))
    assert source.actural_paid == order.total


def test_a_paid_order_cancelled_is_refunded_and_the_allowance_given_back(placed):
    from freeport.payments.models import LedgerEntry
    from freeport.payments.services import payment_start, sandbox_pay

    payment = payment_start(group=placed, user=placed.user)
    sandbox_pay(payment=payment, deliver_now=False)
    outbox_dispatch()  # the signed notification is applied: paid
    order = placed.orders.get()
    assert Order.objects.get(pk=order.pk).state == "paid"
    services.order_transition(order_id=order.pk, event="cancel", reason="shopper asked")
    outbox_dispatch()  # refund; the pay event's declaration sees a cancelled order and skips
    order.refresh_from_db()
    assert order.state == "refunded"
    assert not Declaration.objects.filter(order_no=order.number).exists()
    refunds = LedgerEntry.objects.filter(payment=payment, kind="refund")
    assert sum(e.amount for e in refunds) in (order.total, -order.total)
    used = sum(QuotaEntry.objects.values_list("amount", flat=True))
    assert used == 0  # counted when paid, given back on cancellation
    outbox_dispatch()  # nothing twice
    assert LedgerEntry.objects.filter(payment=payment, kind="refund").count() == refunds.count()
