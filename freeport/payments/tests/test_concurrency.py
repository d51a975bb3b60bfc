"""Races on PostgreSQL: threads, each with its own connection, doing the same thing at once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from freeport.orders import states
from freeport.orders.models import Order, OrderTransition
from freeport.payments import services
from freeport.payments.errors import PaymentError
from freeport.payments.models import LedgerEntry, Payment, PaymentNotification, ProviderKey
from freeport.payments.providers import sandbox
from freeport.payments.selectors import payments_reconcile

from .conftest import queued_notification

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(n: int, work) -> tuple[list, list]:
    """Run `work(i)` in n threads released together; returns (results, errors)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    barrier, results, errors = threading.Barrier(n), [], []

    def run(i):
        from django.db import connection as own

        try:
            barrier.wait()
            results.append(work(i))
        except Exception as error:  # reported by the caller
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_twenty_copies_of_one_notification_apply_once(payment, group):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    body, signature = queued_notification()
    results, errors = race(
        20,
        lambda i: services.notification_apply(provider="sandbox", body=body, signature=signature),
    )
    assert errors == []
    assert sorted(r.outcome for r in results) == ["applied"] + ["duplicate"] * 19
    assert LedgerEntry.objects.filter(kind="charge").count() == 1
    assert Payment.objects.get().status == "succeeded"
    orders = Order.objects.filter(group=group)
    assert {o.state for o in orders} == {states.PAID}
    assert OrderTransition.objects.filter(order__group=group, event="pay").count() == len(orders)
    assert PaymentNotification.objects.filter(outcome="applied").count() == 1
    assert payments_reconcile() == []


def test_racing_refunds_never_exceed_the_captured_amount(payment):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    body, signature = queued_notification()
    services.notification_apply(provider="sandbox", body=body, signature=signature)
    part = Decimal("30.00")
    fits = int(payment.amount // part)
    results, errors = race(
        fits + 3,
        lambda i: services.payment_refund(payment=payment, amount=part, reason="race", key=f"r{i}"),
    )
    assert len(results) == fits
    assert len(errors) == 3 and all(
        isinstance(e, PaymentError) and e.code == "refund_exceeds_captured" for e in errors
    )
    payment.refresh_from_db()
    assert payment.refunded_amount == part * fits <= payment.amount
    assert payments_reconcile() == []


def test_first_uses_of_the_key_agree_on_one(db):
    results, errors = race(8, lambda i: sandbox.sandbox_key().public_pem)
    assert errors == [] and len(set(results)) == 1
    assert ProviderKey.objects.count() == 1
