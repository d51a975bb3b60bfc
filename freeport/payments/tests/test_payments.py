"""Payments: start, pay in the sandbox, apply notifications once, refund, reconcile."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from freeport.kernel.models import OutboxMessage
from freeport.kernel.outbox import LEASE_SECONDS, outbox_dispatch
from freeport.orders import states
from freeport.orders.models import Order, OrderGroup, OrderTransition
from freeport.orders.services import order_group_cancel, orders_expire
from freeport.payments import notices, services
from freeport.payments.errors import PaymentError
from freeport.payments.models import (
    LedgerEntry,
    Payment,
    PaymentNotification,
    ProviderKey,
    Refund,
    SandboxTransaction,
)
from freeport.payments.providers import sandbox
from freeport.payments.selectors import payments_reconcile

from .conftest import queued_notification, signed


def paid(payment) -> Payment:
    """Pay in the sandbox and deliver the notification through the outbox."""
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    assert outbox_dispatch()["done"] >= 1
    payment.refresh_from_db()
    return payment


def snapshot(group):
    """Everything a rejected notification must leave alone."""
    return (
        list(
            Payment.objects.order_by("pk").values_list(
                "status", "refunded_amount", "transaction_id", "paid_at"
            )
        ),
        list(LedgerEntry.objects.values_list("pk", "amount")),
        list(Refund.objects.values_list("pk", "status")),
        list(Order.objects.filter(group=group).values_list("state", "paid_at")),
        OrderTransition.objects.count(),
        list(SandboxTransaction.objects.values_list("status", "refunded")),
    )


def rejected(code: str) -> PaymentNotification:
    row = PaymentNotification.objects.latest("id")
    assert row.outcome == "rejected" and row.reason == code
    return row


# --- starting -----------------------------------------------------------------------------------


def test_start_opens_one_payment_for_the_owner(group, shopper):
    user = shopper[0]
    payment = services.payment_start(group=group, user=user)
    assert payment.reference.startswith("PAY") and payment.reference[3:].isdigit()
    assert (payment.amount, payment.currency, payment.status) == (group.total, "CNY", "created")
    assert payment.expires_at == group.expires_at
    assert payment.checkout_url == payment.pay_url() == f"/pay/sandbox/{payment.reference}/"
    assert services.payment_start(group=group, user=user) == payment  # reused, not a second
    assert Payment.objects.count() == 1


def test_start_by_number_and_a_reference_clash_draws_again(group, shopper, monkeypatch):
    taken = Payment.objects.create(
        reference="PAY20260101000000000001", group=group, provider="sandbox",
        amount=group.total, currency="CNY", expires_at=group.expires_at, status="failed",
    )  # fmt: skip
    draws = iter(["PAY20260101000000000001", "PAY20260101000000000002"])
    monkeypatch.setattr(services, "_reference", lambda: next(draws))
    payment = services.payment_start(group_number=group.number, user=shopper[0])
    assert payment.reference == "PAY20260101000000000002" and payment.pk != taken.pk
    assert payment.group == group and Payment.objects.count() == 2
    with pytest.raises(PaymentError) as err:  # someone else's number: as if it did not exist
        services.payment_start(group_number=group.number, user=get_user_model()(pk=10**6))
    assert err.value.code == "not_found"


class HostedCheckout(sandbox.SandboxProvider):
    """A provider whose checkout is a call with effects (as a real one's): stored rows only."""

    checkout_is_pure = False
    seen: list = []

    def checkout(self, payment):
        self.seen.append(Payment.objects.filter(pk=payment.pk).exists())
        return super().checkout(payment)


def test_a_provider_with_effects_is_asked_once_the_payment_is_stored(group, shopper, settings):
    settings.PAYMENT_PROVIDERS = {"hosted": f"{__name__}.HostedCheckout"}
    HostedCheckout.seen.clear()
    payment = services.payment_start(group=group, user=shopper[0], provider="hosted")
    assert HostedCheckout.seen == [True]  # once, for a stored payment
    payment.refresh_from_db()
    assert payment.checkout_url == f"/pay/sandbox/{payment.reference}/"


def test_three_reference_clashes_in_a_row_fail_loudly(group, shopper, monkeypatch):
    Payment.objects.create(
        reference="PAY20260101000000000009", group=group, provider="sandbox",
        amount=group.total, currency="CNY", expires_at=group.expires_at, status="failed",
    )  # fmt: skip
    monkeypatch.setattr(services, "_reference", lambda: "PAY20260101000000000009")
    with pytest.raises(IntegrityError):
        services.payment_start(group=group, user=shopper[0])
    assert Payment.objects.count() == 1


def test_only_the_owner_may_start(group, db):
    other = get_user_model().objects.create_user("mallory")
    for user in (other, None):
        with pytest.raises(PaymentError) as err:
            services.payment_start(group=group, user=user)
        assert err.value.code == "not_found"
    assert Payment.objects.count() == 0


def test_expired_or_cancelled_checkouts_are_refused(group, shopper):
    OrderGroup.objects.filter(pk=group.pk).update(expires_at=timezone.now() - timedelta(1))
    group.refresh_from_db()
    with pytest.raises(PaymentError) as err:
        services.payment_start(group=group, user=shopper[0])
    assert err.value.code == "expired"
    order_group_cancel(group=group, reason="changed my mind")
    with pytest.raises(PaymentError) as err:
        services.payment_start(group=group, user=shopper[0])
    assert err.value.code == "not_payable"
    assert Payment.objects.count() == 0


def test_unknown_provider_is_refused(group, shopper, settings):
    with pytest.raises(PaymentError) as err:
        services.payment_start(group=group, user=shopper[0], provider="alipay")
    assert err.value.code == "unknown_provider"
    settings.PAYMENT_PROVIDERS = {}  # sandbox switched off
    with pytest.raises(PaymentError):
        services.payment_start(group=group, user=shopper[0])


# --- the sandbox's key --------------------------------------------------------------------------


def test_key_made_once_and_private_key_encrypted_at_rest(db):
    key = sandbox.sandbox_key()
    assert sandbox.sandbox_key().pk == key.pk and ProviderKey.objects.count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_pem FROM payments_providerkey WHERE id = %s", [key.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:") and "PRIVATE KEY" not in stored
    assert "BEGIN PRIVATE KEY" in ProviderKey.objects.get().private_pem
    body = b'{"hello":"world"}'
    public = notices.load_public(sandbox.public_key_pem())
    assert notices.verify(public, body, sandbox.notice_sign(body))


def test_a_lost_race_for_the_key_reads_the_winner(db, monkeypatch):
    winner = sandbox.sandbox_key()
    real = ProviderKey.objects.filter
    calls = []

    def first_sees_nothing(*args, **kwargs):  # as if another worker inserted just after
        calls.append(1)
        qs = real(*args, **kwargs)
        return qs.none() if len(calls) == 1 else qs

    monkeypatch.setattr(ProviderKey.objects, "filter", first_sees_nothing)
    assert sandbox.sandbox_key().pk == winner.pk
    assert ProviderKey.objects.count() == 1


def test_the_key_is_kept_once_committed_and_only_then(
    db, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            sandbox.sandbox_key()  # made, then rolled back with its transaction
            raise RuntimeError
    assert not ProviderKey.objects.exists()
    assert sandbox._keys == {}  # a rolled-back key is never kept
    with django_capture_on_commit_callbacks(execute=True):
        key = sandbox.sandbox_key()
    with django_assert_num_queries(0):  # kept: signing and verifying read no row
        assert sandbox.sandbox_key().pk == key.pk
        assert notices.verify(
            notices.load_public(sandbox.public_key_pem()), b"x", sandbox.notice_sign(b"x")
        )


def test_a_stale_kept_key_is_read_again_before_a_signature_is_refused(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        old = sandbox.sandbox_key()  # kept by the process
    ProviderKey.objects.all().delete()  # e.g. a database restored from another installation
    private = notices.key_generate()
    ProviderKey.objects.create(
        provider="sandbox", public_pem=notices.public_pem(private),
        private_pem=notices.private_pem(private),
    )  # fmt: skip
    assert sandbox._keys and next(iter(sandbox._keys.values())).pk == old.pk
    with pytest.raises(PaymentError) as err:  # signed by the new key: the signature passes
        sandbox.SandboxProvider().notice_verify(b"{}", notices.sign(private, b"{}"))
    assert err.value.code != "bad_signature"
    with pytest.raises(PaymentError) as err:  # a forged one still fails
        sandbox.SandboxProvider().notice_verify(b"{}", notices.sign(notices.key_generate(), b"{}"))
    assert err.value.code == "bad_signature"


# --- paying -------------------------------------------------------------------------------------


def test_pay_applies_once_paid_orders_and_charge(payment, group):
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    message = OutboxMessage.objects.get(topic="payments.sandbox_notify")
    assert message.status == "pending"
    assert Payment.objects.get().status == "created"  # asynchronous: nothing yet
    outbox_dispatch()
    message.refresh_from_db()
    assert message.status == "done"
    payment.refresh_from_db()
    txn = SandboxTransaction.objects.get()
    assert payment.status == "succeeded" and payment.transaction_id == txn.transaction_id
    assert payment.paid_at == txn.paid_at
    orders = Order.objects.filter(group=group)
    assert {o.state for o in orders} == {states.PAID}
    assert {o.transaction_id for o in orders} == {txn.transaction_id}
    charge = LedgerEntry.objects.get()
    assert (charge.kind, charge.amount, charge.currency) == ("charge", group.total, "CNY")
    assert (charge.payment, charge.group_id) == (payment, group.pk)
    note = PaymentNotification.objects.get()
    assert (note.outcome, note.signature_valid, note.payment) == ("applied", True, payment)
    assert note.notify_id == txn.notify_id and json.loads(note.body)["amount"] == str(group.total)
    assert payments_reconcile() == []


def test_replays_change_nothing(payment, group):
    paid(payment)
    body, signature = queued_notification()
    before = snapshot(group)
    for _ in range(3):
        result = services.notification_apply(provider="sandbox", body=body, signature=signature)
        assert (result.outcome, result.status) == ("duplicate", "succeeded")
    assert snapshot(group) == before
    assert list(PaymentNotification.objects.values_list("outcome", flat=True)) == [
        "duplicate",
        "duplicate",
        "duplicate",
        "applied",
    ]


def test_pressing_pay_twice_keeps_the_first_press(payment):
    first = services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    again = services.sandbox_pay(payment=payment, outcome="failed", deliver_now=False)
    assert again == first and again.status == "succeeded"
    assert OutboxMessage.objects.filter(topic="payments.sandbox_notify").count() == 1


def test_decline_fails_the_payment_and_a_new_one_can_start(payment, group, shopper):
    services.sandbox_pay(payment=payment, outcome="failed", deliver_now=False)
    outbox_dispatch()
    payment.refresh_from_db()
    assert payment.status == "failed" and payment.paid_at is None
    assert LedgerEntry.objects.count() == 0
    assert set(Order.objects.filter(group=group).values_list("state", flat=True)) == {
        states.PENDING_PAYMENT
    }
    second = services.payment_start(group=group, user=shopper[0])
    assert second != payment and second.status == "created"
    paid(second)
    assert Payment.objects.get(pk=second.pk).status == "succeeded"
    with pytest.raises(PaymentError) as err:
        services.payment_start(group=group, user=shopper[0])
    assert err.value.code == "already_paid"


def test_a_late_failure_notice_is_ignored(payment, group):
    paid(payment)
    txn = SandboxTransaction.objects.get()
    body, signature = signed(
        notices.notice_body(
            notices.Notice(
                notify_id="SBN-LATE",
                reference=payment.reference,
                transaction_id=txn.transaction_id,
                status="failed",
                amount=payment.amount,
                currency="CNY",
                paid_at=None,
                sent_at=timezone.now(),
            )
        )
    )
    before = snapshot(group)
    result = services.notification_apply(provider="sandbox", body=body, signature=signature)
    assert (result.outcome, result.status) == ("ignored", "succeeded")
    assert snapshot(group) == before


def test_the_sandbox_refuses_to_take_money_after_the_deadline(payment):
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now())
    payment.refresh_from_db()
    with pytest.raises(PaymentError) as err:
        services.sandbox_pay(payment=payment, outcome="succeeded")
    assert err.value.code == "expired"
    assert SandboxTransaction.objects.count() == 0
    assert not OutboxMessage.objects.filter(topic="payments.sandbox_notify").exists()


def test_bad_outcome_is_refused(payment):
    with pytest.raises(PaymentError) as err:
        services.sandbox_pay(payment=payment, outcome="maybe")
    assert err.value.code == "invalid_outcome"


def test_pressing_pay_delivers_at_once_after_commit(payment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.sandbox_pay(payment=payment, outcome="succeeded")
    assert Payment.objects.get().status == "succeeded"
    message = OutboxMessage.objects.get(topic="payments.sandbox_notify")
    assert (message.status, message.attempts) == ("done", 1)


def test_a_delivery_that_never_reports_is_sent_by_the_dispatcher_after_a_lease(payment):
    """Delivered at once, the message is not the dispatcher's for a lease's time (no lease
    transaction per payment); if the process dies first, the dispatcher sends it then."""
    services.sandbox_pay(payment=payment, outcome="succeeded")  # on_commit never runs here
    message = OutboxMessage.objects.get(topic="payments.sandbox_notify")
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=LEASE_SECONDS - 5)
    outbox_dispatch()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 0)
    assert Payment.objects.get().status == "created"
    outbox_dispatch(now=timezone.now() + timedelta(seconds=LEASE_SECONDS + 1))
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("done", 1)
    assert Payment.objects.get().status == "succeeded"


def test_failed_delivery_is_retried_by_the_outbox(
    payment, monkeypatch, django_capture_on_commit_callbacks
):
    real = services.notification_apply

    def down(**kwargs):
        raise ConnectionError("platform down")

    monkeypatch.setattr(services, "notification_apply", down)
    with django_capture_on_commit_callbacks(execute=True):
        services.sandbox_pay(payment=payment, outcome="succeeded")
    message = OutboxMessage.objects.get(topic="payments.sandbox_notify")
    assert (message.status, message.attempts) == ("pending", 1)
    assert "platform down" in message.last_error
    assert Payment.objects.get().status == "created"
    monkeypatch.setattr(services, "notification_apply", real)
    outbox_dispatch(now=timezone.now() + timedelta(minutes=5))
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("done", 2)
    assert Payment.objects.get().status == "succeeded"


def test_delivery_over_http_when_a_url_is_set(payment, settings, monkeypatch, client):
    """The notification is POSTed (same bytes, signature header) to PAYMENTS_SANDBOX_NOTIFY_URL."""
    settings.PAYMENTS_SANDBOX_NOTIFY_URL = "http://shop.example/api/v1/payments/sandbox/notify"
    posted = []

    class Answer:
        def __init__(self, response):
            self.response = response

        def __enter__(self):
            if self.response.status_code >= 400:
                raise OSError(f"HTTP {self.response.status_code}")
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return self.response.content

    def urlopen(request, timeout):
        posted.append(request)
        response = client.post(
            "/api/v1/payments/sandbox/notify",
            data=request.data,
            content_type=request.headers["Content-type"],
            headers={"X-Sandbox-Signature": request.headers["X-sandbox-signature"]},
        )
        return Answer(response)

    monkeypatch.setattr(sandbox.urllib.request, "urlopen", urlopen)
    services.sandbox_pay(payment=payment, outcome="succeeded")  # no immediate in-process try
    outbox_dispatch()
    assert posted[0].full_url == settings.PAYMENTS_SANDBOX_NOTIFY_URL
    assert posted[0].data == queued_notification()[0]
    assert Payment.objects.get().status == "succeeded"


def test_query_asks_the_provider(payment):
    assert services.payment_query(payment=payment).status == "not_paid"
    paid(payment)
    state = services.payment_query(payment=payment)
    txn = SandboxTransaction.objects.get()
    assert (state.status, state.transaction_id, state.amount) == (
        "succeeded",
        txn.transaction_id,
        payment.amount,
    )


# --- notifications that are refused --------------------------------------------------------------


def test_forged_signature_is_rejected_and_changes_nothing(payment, group):
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    body, _ = queued_notification()
    forged = notices.sign(notices.key_generate(), body)  # someone else's key
    before = snapshot(group)
    for signature in (forged, "", "bm90IGEgc2lnbmF0dXJl"):
        with pytest.raises(PaymentError) as err:
            services.notification_apply(provider="sandbox", body=body, signature=signature)
        assert err.value.code == "bad_signature"
        row = rejected("bad_signature")
        assert not row.signature_valid and row.payment is None and row.body == body.decode()
    assert snapshot(group) == before
    assert row.notify_id == json.loads(body)["notify_id"]  # kept for the record


def test_tampered_amount_breaks_the_signature(payment, group):
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    body, signature = queued_notification()
    tampered = body.replace(f'"amount":"{payment.amount}"'.encode(), b'"amount":"0.01"')
    assert tampered != body
    before = snapshot(group)
    with pytest.raises(PaymentError) as err:
        services.notification_apply(provider="sandbox", body=tampered, signature=signature)
    assert err.value.code == "bad_signature"
    assert snapshot(group) == before


def _resigned(body: bytes, **changes):
    data = json.loads(body) | changes
    return signed(json.dumps(data, separators=(",", ":")).encode())


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"amount": "0.01"}, "amount_mismatch"),
        ({"currency": "USD"}, "currency_mismatch"),
        ({"out_trade_no": "PAY00000000000000000000"}, "unknown_payment"),
        ({"amount": 259.66}, "malformed_notification"),
        ({"paid_at": "soon"}, "malformed_notification"),
    ],
)
def test_signed_but_wrong_notifications_are_rejected(payment, group, changes, code):
    """Even with a valid signature: amount, currency, payment must match; nothing changes."""
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    body, signature = _resigned(queued_notification()[0], **changes)
    before = snapshot(group)
    with pytest.raises(PaymentError) as err:
        services.notification_apply(provider="sandbox", body=body, signature=signature)
    assert err.value.code == code
    row = rejected(code)
    assert row.signature_valid
    assert snapshot(group) == before


def test_malformed_json_is_rejected(db):
    for body in (b"{not json", b"", "价格".encode("gbk")):
        body, signature = signed(body)
        with pytest.raises(PaymentError) as err:
            services.notification_apply(provider="sandbox", body=body, signature=signature)
        assert err.value.code == "malformed_notification"
    assert PaymentNotification.objects.filter(outcome="rejected").count() == 3
    assert LedgerEntry.objects.count() == 0


def test_amount_must_also_match_the_checkout(payment, group):
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    OrderGroup.objects.filter(pk=group.pk).update(total=group.total + 1)
    before = snapshot(group)
    with pytest.raises(PaymentError) as err:
        services.notification_apply(
            provider="sandbox", body=queued_notification()[0], signature=queued_notification()[1]
        )
    assert err.value.code == "amount_mismatch"
    assert snapshot(group) == before


def test_a_second_transaction_for_a_paid_payment_is_rejected(payment, group):
    paid(payment)
    body, signature = _resigned(
        queued_notification()[0], notify_id="SBN-2", transaction_id="SBX-OTHER"
    )
    before = snapshot(group)
    with pytest.raises(PaymentError) as err:
        services.notification_apply(provider="sandbox", body=body, signature=signature)
    assert err.value.code == "transaction_mismatch"
    assert snapshot(group) == before


# --- late and duplicate payments ----------------------------------------------------------------


@pytest.mark.parametrize("how", ["cancelled", "expired"])
def test_late_payment_is_refunded_in_full(payment, group, how):
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    if how == "cancelled":
        order_group_cancel(group=group, reason="shopper cancelled")
    else:
        assert orders_expire(now=group.expires_at + timedelta(seconds=1)) == 1
    assert outbox_dispatch()["done"] >= 1
    payment.refresh_from_db()
    assert payment.status == "refunded" and payment.refunded_amount == payment.amount
    refund = Refund.objects.get()
    assert (refund.reason, refund.status, refund.amount) == (
        "late payment",
        "succeeded",
        payment.amount,
    )
    assert [e.amount for e in LedgerEntry.objects.all()] == [payment.amount, -payment.amount]
    assert set(Order.objects.filter(group=group).values_list("state", flat=True)) == {
        states.CANCELLED
    }
    assert SandboxTransaction.objects.get().refunded == payment.amount
    assert payments_reconcile() == []
    assert PaymentNotification.objects.get().outcome == "applied"


def test_a_second_payment_of_a_paid_checkout_is_refunded(payment, group, shopper):
    """If money arrives twice for one checkout (e.g. the provider turns a declined attempt into a
    success), the first payment keeps the orders and the second is refunded in full."""
    services.sandbox_pay(payment=payment, outcome="failed", deliver_now=False)
    outbox_dispatch()
    second = paid(services.payment_start(group=group, user=shopper[0]))
    SandboxTransaction.objects.filter(out_trade_no=payment.reference).update(
        status="succeeded", paid_at=timezone.now()
    )
    txn = SandboxTransaction.objects.get(out_trade_no=payment.reference)
    body, signature = _resigned(
        queued_notification()[0],
        out_trade_no=payment.reference,
        notify_id="SBN-RETRY",
        transaction_id=txn.transaction_id,
        status="succeeded",
        paid_at=timezone.now().isoformat(),
    )
    services.notification_apply(provider="sandbox", body=body, signature=signature)
    payment.refresh_from_db()
    assert payment.status == "refunded" and Refund.objects.get().reason == "duplicate payment"
    assert Payment.objects.get(pk=second.pk).status == "succeeded"
    assert LedgerEntry.objects.filter(group=group).count() == 3
    assert payments_reconcile() == []


# --- refunds ------------------------------------------------------------------------------------


def test_partial_then_full_refund(payment):
    paid(payment)
    total = payment.amount
    first = services.payment_refund(payment=payment, amount="50.00", reason="damaged box", key="r1")
    payment.refresh_from_db()
    assert (first.status, payment.status, payment.refunded_amount) == (
        "succeeded",
        "partially_refunded",
        Decimal("50.00"),
    )
    rest = total - Decimal("50.00")
    services.payment_refund(payment=payment, amount=rest, reason="order cancelled", key="r2")
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == ("refunded", total)
    assert [e.amount for e in LedgerEntry.objects.all()] == [total, Decimal("-50.00"), -rest]
    assert sum(e.amount for e in LedgerEntry.objects.all()) == 0
    assert services.payment_query(payment=payment).refunded == total
    assert payments_reconcile() == []


def test_refund_over_the_captured_amount_is_refused(payment, group):
    paid(payment)
    services.payment_refund(payment=payment, amount="100.00", reason="part", key="r1")
    before = snapshot(group)
    left = payment.amount - Decimal("100.00")
    with pytest.raises(PaymentError) as err:
        services.payment_refund(
            payment=payment, amount=left + Decimal("0.01"), reason="x", key="r2"
        )
    assert err.value.code == "refund_exceeds_captured" and err.value.field == "amount"
    assert f"{left:.2f}" in str(err.value)
    assert snapshot(group) == before


def test_the_database_refuses_refunds_over_the_amount(payment):
    paid(payment)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(refunded_amount=payment.amount + 1)


def test_refund_keys_are_idempotent(payment):
    paid(payment)
    first = services.payment_refund(payment=payment, amount="10.00", reason="a", key="k")
    assert services.payment_refund(payment=payment, amount="10.00", reason="a", key="k") == first
    with pytest.raises(PaymentError) as err:
        services.payment_refund(payment=payment, amount="11.00", reason="a", key="k")
    assert err.value.code == "idempotency_conflict"
    assert Refund.objects.count() == 1 and LedgerEntry.objects.count() == 2


@pytest.mark.parametrize(
    "amount, key, reason, code",
    [
        ("0", "k", "r", "invalid_amount"),
        ("-1.00", "k", "r", "invalid_amount"),
        ("1.001", "k", "r", "invalid_amount"),
        ("abc", "k", "r", "invalid_amount"),
        (1.5, "k", "r", "invalid_amount"),
        ("NaN", "k", "r", "invalid_amount"),
        ("1.00", "", "r", "invalid_key"),
        ("1.00", "k", " ", "invalid_reason"),
    ],
)
def test_bad_refund_requests_change_nothing(payment, group, amount, key, reason, code):
    paid(payment)
    before = snapshot(group)
    with pytest.raises(PaymentError) as err:
        services.payment_refund(payment=payment, amount=amount, reason=reason, key=key)
    assert err.value.code == code
    assert snapshot(group) == before


def test_an_unpaid_payment_cannot_be_refunded(payment):
    with pytest.raises(PaymentError) as err:
        services.payment_refund(payment=payment, amount="1.00", reason="r", key="k")
    assert err.value.code == "not_refundable"
    assert Refund.objects.count() == 0


# --- the ledger ---------------------------------------------------------------------------------


def test_the_ledger_is_append_only(payment):
    paid(payment)
    entry = LedgerEntry.objects.get()
    entry.amount = Decimal("1.00")
    for attempt in (
        entry.save,
        entry.delete,
        LedgerEntry.objects.all().delete,
        lambda: LedgerEntry.objects.update(amount=0),
    ):
        with pytest.raises(TypeError):
            attempt()
    assert LedgerEntry.objects.get().amount == payment.amount


def test_reconcile_finds_a_tampered_ledger_row(payment, group, capsys):
    paid(payment)
    services.payment_refund(payment=payment, amount="20.00", reason="r", key="k")
    call_command("payments_reconcile")
    assert "balanced" in capsys.readouterr().out
    charge = LedgerEntry.objects.get(kind="charge")
    with connection.cursor() as cursor:  # what the application never does
        cursor.execute(
            "UPDATE payments_ledgerentry SET amount = %s WHERE id = %s",
            [str(payment.amount - 1), charge.pk],
        )
    problems = payments_reconcile()
    assert {(p.scope, p.key) for p in problems} == {
        ("payment", payment.reference),
        ("group", group.number),
    }
    assert all(p.ledger == p.expected - 1 for p in problems)
    with pytest.raises(SystemExit) as exit_:
        call_command("payments_reconcile")
    assert exit_.value.code == 1
    assert "MISMATCH payment " + payment.reference in capsys.readouterr().out


def test_reconcile_finds_a_missing_charge_and_a_stray_row(payment, group):
    paid(payment)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE payments_ledgerentry SET currency = 'USD'")
    assert any("another currency" in p.detail for p in payments_reconcile())
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM payments_ledgerentry")
    problems = payments_reconcile()
    assert {(p.scope, p.ledger, p.expected) for p in problems} == {
        ("payment", 0, payment.amount),
        ("group", 0, payment.amount),
    }
