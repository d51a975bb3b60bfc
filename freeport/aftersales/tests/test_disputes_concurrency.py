"""Dispute races on PostgreSQL: threads, each with its own connection, at once."""

from decimal import Decimal

import pytest
from django.conf import settings

from freeport.aftersales import disputes
from freeport.aftersales.models import Dispute, DisputeMessage
from freeport.console.services import staff_create
from freeport.payments.models import Payment, Refund
from freeport.payments.selectors import payments_reconcile
from freeport.payments.tests.test_concurrency import race  # threads released together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]


def test_eight_tabs_open_one_dispute(delivered):
    results, errors = race(
        8,
        lambda i: disputes.dispute_open(
            user=delivered.user, order_number=delivered.number, topic="other",
            subject=f"tab {i}", message="m",
        ),
    )  # fmt: skip
    assert len(results) == 1 and len(errors) == 7
    assert all(getattr(e, "code", None) == "already_open" for e in errors), errors
    assert Dispute.objects.count() == 1 and DisputeMessage.objects.count() == 1


def test_two_operators_resolving_at_once_refund_once(delivered):
    operators = [
        staff_create(username=f"op{i}", password="dispute-pass-1", role="operator")
        for i in range(4)
    ]
    dispute = disputes.dispute_open(
        user=delivered.user, order_number=delivered.number, topic="damaged", subject="s",
        message="m",
    )  # fmt: skip
    results, errors = race(
        4,
        lambda i: disputes.dispute_resolve(
            dispute=dispute.pk, operator=operators[i], outcome="refund_partial",
            amount="15.00", note=f"op{i}",
        ),
    )  # fmt: skip
    assert len(results) == 1 and [e.code for e in errors] == ["resolved"] * 3
    assert Refund.objects.count() == 1
    assert Payment.objects.get().refunded_amount == Decimal("15.00")
    assert DisputeMessage.objects.filter(action="resolved").count() == 1
    assert payments_reconcile() == []
