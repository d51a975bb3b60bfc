"""Payments over HTTP: the sandbox's notification endpoint, its public key, a payment's status."""

import json

import pytest
from django.contrib.auth import get_user_model

from freeport.kernel.outbox import outbox_dispatch
from freeport.payments import notices, services
from freeport.payments.models import LedgerEntry, Payment, PaymentNotification

from .conftest import queued_notification, signed

NOTIFY = "/api/v1/payments/sandbox/notify"


def post(client, body: bytes, signature: str | None):
    headers = {} if signature is None else {"X-Sandbox-Signature": signature}
    return client.post(NOTIFY, data=body, content_type="application/json", headers=headers)


@pytest.fixture
def queued(payment):
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    return queued_notification()


def test_notification_applied_then_replayed(client, queued, payment):
    body, signature = queued
    r = post(client, body, signature)
    assert (r.status_code, r.json()) == (200, {"status": "ok"})
    assert Payment.objects.get().status == "succeeded"
    r = post(client, body, signature)  # the provider retries: same answer, nothing changes
    assert (r.status_code, r.json()) == (200, {"status": "ok"})
    assert LedgerEntry.objects.count() == 1
    assert list(PaymentNotification.objects.values_list("outcome", flat=True)) == [
        "duplicate",
        "applied",
    ]


def _changed(body: bytes, **changes) -> bytes:
    return json.dumps(json.loads(body) | changes).encode()


@pytest.mark.parametrize(
    "make, code, field",
    [
        (lambda b, s: (b, notices.sign(notices.key_generate(), b)), "bad_signature", "signature"),
        (lambda b, s: (b, None), "bad_signature", "signature"),
        (lambda b, s: (b.replace(b'"CNY"', b'"USD"'), s), "bad_signature", "signature"),
        (lambda b, s: signed(b"{oops"), "malformed_notification", ""),
        (lambda b, s: signed(_changed(b, amount="1.00")), "amount_mismatch", "amount"),
        (lambda b, s: signed(_changed(b, currency="HKD")), "currency_mismatch", "currency"),
        (lambda b, s: signed(_changed(b, out_trade_no="PAY1")), "unknown_payment", "out_trade_no"),
        (lambda b, s: signed(_changed(b, status="ok")), "malformed_notification", "status"),
    ],
)
def test_refused_notifications_get_400_with_a_code(client, queued, make, code, field):
    body, signature = make(*queued)
    r = post(client, body, signature)
    assert r.status_code == 400
    data = r.json()
    assert data["code"] == code and data["message"]
    assert [e["field"] for e in data["errors"]] == ([field] if field else [])
    assert Payment.objects.get().status == "created" and LedgerEntry.objects.count() == 0
    assert PaymentNotification.objects.get().reason == code


def test_oversized_body_is_refused(client, db):
    r = post(client, b"{" + b" " * 20000 + b"}", "x")
    assert r.status_code == 400 and r.json()["code"] == "malformed_notification"


def test_public_key_verifies_the_notifications(client, queued):
    r = client.get("/api/v1/payments/sandbox/public-key")
    assert r.status_code == 200 and r["Content-Type"] == "application/x-pem-file"
    pem = r.content.decode()
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    body, signature = queued
    assert notices.verify(notices.load_public(pem), body, signature)
    assert client.get("/api/v1/payments/sandbox/public-key").content.decode() == pem


def test_sandbox_switched_off_answers_404(client, queued, settings):
    settings.PAYMENT_PROVIDERS = {}
    assert post(client, *queued).status_code == 404
    assert client.get("/api/v1/payments/sandbox/public-key").status_code == 404
    assert Payment.objects.get().status == "created"


def test_payment_status_for_its_owner_only(client, payment, shopper):
    url = f"/api/v1/payments/{payment.reference}"
    assert client.get(url).status_code == 401
    other = get_user_model().objects.create_user("mallory")
    client.force_login(other)
    r = client.get(url)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    client.force_login(shopper[0])
    data = client.get(url).json()
    assert data["reference"] == payment.reference and data["status"] == "created"
    assert data["amount"] == f"{payment.amount:.2f}" and data["currency"] == "CNY"
    assert data["checkout_url"] == f"/pay/sandbox/{payment.reference}/"
    services.sandbox_pay(payment=payment, outcome="succeeded", deliver_now=False)
    outbox_dispatch()
    data = client.get(url).json()
    assert data["status"] == "succeeded" and data["paid_at"] and data["checkout_url"] is None
    assert client.get("/api/v1/payments/PAY404").status_code == 404


def test_the_endpoints_are_documented(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/payments/sandbox/notify",
        "/api/v1/payments/sandbox/public-key",
        "/api/v1/payments/{reference}",
    } <= set(paths)
    notify = paths["/api/v1/payments/sandbox/notify"]["post"]
    assert {"200", "400"} <= set(notify["responses"])
    assert any(p["name"] == "X-Sandbox-Signature" for p in notify["parameters"])
