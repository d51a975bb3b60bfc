"""The sandbox provider: a stand-in for a real payment provider that moves no money.

It behaves like one: its own cashier page (/pay/sandbox/<reference>/) where the shopper presses
Pay or Decline, its own record of each transaction (SandboxTransaction), refunds (synchronous),
queries, and asynchronous notifications signed RSA-SHA256 (PKCS#1 v1.5) with a key pair made for
this installation on first use (ProviderKey; private key encrypted at rest). Notifications go
through the outbox (topic NOTIFY_TOPIC), so they are retried until the platform accepts them:
in-process to `services.notification_apply` (the function behind the HTTP endpoint), or by HTTP
POST to settings.PAYMENTS_SANDBOX_NOTIFY_URL when set.
"""

from __future__ import annotations

import json
import logging
import secrets
import urllib.request
from datetime import timedelta
from functools import lru_cache, partial

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from freeport.kernel import outbox
from freeport.kernel.db import insert_or_skip

from ..errors import PaymentError
from ..models import Payment, ProviderKey, SandboxTransaction
from ..notices import (
    Notice,
    NoticeError,
    key_generate,
    load_private,
    load_public,
    notice_body,
    notice_parse,
    private_pem,
    public_pem,
    sign,
    verify,
)
from .base import Checkout, ProviderState, RefundResult

log = logging.getLogger(__name__)

NAME = "sandbox"
NOTIFY_TOPIC = "payments.sandbox_notify"
SIGNATURE_HEADER = "X-Sandbox-Signature"
HTTP_TIMEOUT_SECONDS = 10


def _id(prefix: str) -> str:
    return f"{prefix}{timezone.localdate():%Y%m%d}{secrets.randbelow(10**16):016d}"


# --- the installation's key pair ----------------------------------------------------------------


# The key pair never changes once made: each process keeps the row after its first read (one
# query less per signature and per verification). Kept only once committed (on_commit): a key
# made in a transaction that rolls back must not outlive it. Per database, for tests and
# benchmarks that switch databases in one process.
_keys: dict[str, ProviderKey] = {}


def sandbox_key() -> ProviderKey:
    """The sandbox's key pair, generated and stored on first use.

    Race-safe: concurrent first uses (several web workers) each generate a key, the unique
    `provider` column lets one insert win and the others read the winner's.
    """
    database = connection.settings_dict["NAME"]
    key = _keys.get(database)
    if key is None:
        key = _key_load()
        transaction.on_commit(partial(_keys.__setitem__, database, key))
    return key


def forget_key() -> None:
    """Drop the kept key pair (tests: their rows are rolled back)."""
    _keys.clear()


def _key_load() -> ProviderKey:
    key = ProviderKey.objects.filter(provider=NAME).first()
    if key is not None:
        return key
    private = key_generate()
    try:
        with transaction.atomic():
            return ProviderKey.objects.create(
                provider=NAME, public_pem=public_pem(private), private_pem=private_pem(private)
            )
    except IntegrityError:
        return ProviderKey.objects.get(provider=NAME)


@lru_cache(maxsize=8)
def _public(pem: str):
    return load_public(pem)


@lru_cache(maxsize=8)
def _private(pem: str):
    # Parsing the PEM costs ~60 ms of CPU (benchmarks/checkout.py): once per process and key.
    return load_private(pem)


def public_key_pem() -> str:
    return sandbox_key().public_pem


def notice_sign(body: bytes) -> str:
    """The sandbox's signature of `body` (base64), as sent in the X-Sandbox-Signature header."""
    return sign(_private(sandbox_key().private_pem), body)


def notify_url() -> str:
    return getattr(settings, "PAYMENTS_SANDBOX_NOTIFY_URL", "") or ""


# --- the provider -------------------------------------------------------------------------------


class SandboxProvider:
    name = NAME
    checkout_is_pure = True  # the cashier page's URL, from the reference alone

    def checkout(self, payment) -> Checkout:
        return Checkout(url=reverse("payments:sandbox_cashier", args=[payment.reference]))

    def notice_verify(self, body: bytes, signature: str) -> Notice:
        valid = verify(_public(sandbox_key().public_pem), body, signature or "")
        if not valid and _keys:  # the kept key may be stale (a database restored): read again
            forget_key()
            valid = verify(_public(sandbox_key().public_pem), body, signature or "")
        if not valid:
            raise PaymentError(
                "bad_signature", _("The notification's signature is not valid."), "signature"
            )
        try:
            return notice_parse(body)
        except NoticeError as exc:
            raise PaymentError(
                exc.code,
                _("The notification cannot be read: %(field)s %(reason)s.")
                % {"field": exc.field or "body", "reason": exc},
                exc.field,
            ) from None

    def query(self, payment) -> ProviderState:
        txn = SandboxTransaction.objects.filter(out_trade_no=payment.reference).first()
        if txn is None:
            return ProviderState(status="not_paid")
        return ProviderState(
            status=txn.status,
            transaction_id=txn.transaction_id,
            amount=txn.amount,
            currency=txn.currency,
            refunded=txn.refunded,
            paid_at=txn.paid_at,
        )

    def refund(self, *, payment, refund) -> RefundResult:
        txn = (
            SandboxTransaction.objects.select_for_update()
            .filter(out_trade_no=payment.reference, status=SandboxTransaction.Status.SUCCEEDED)
            .first()
        )
        if txn is None or txn.refunded + refund.amount > txn.amount:
            raise PaymentError(
                "refund_refused", _("The payment provider refused the refund."), "amount"
            )
        # The new sum is computed here, under the row lock: SQLite would add F("refunded") + amount
        # as floats (1543.66 + 21.66 = 1565.3200000000002) and break the refunded <= amount check.
        SandboxTransaction.objects.filter(pk=txn.pk).update(refunded=txn.refunded + refund.amount)
        return RefundResult(status="succeeded", provider_refund_id=_id("SBR"))

    # What the cashier page's buttons do (sandbox only; called by services.sandbox_pay).
    def pay(self, *, payment: Payment, outcome: str, deliver_now: bool = True):
        """Take (or decline) the money once, and queue the signed notification."""
        now = timezone.now()
        if now >= payment.expires_at:
            existing = SandboxTransaction.objects.filter(out_trade_no=payment.reference).first()
            if existing is not None:
                return existing  # pressed twice: the first press stands
            raise PaymentError("expired", _("This payment has expired."))
        succeeded = outcome == SandboxTransaction.Status.SUCCEEDED
        txn = SandboxTransaction(
            transaction_id=_id("SBX"),
            out_trade_no=payment.reference,
            notify_id=_id("SBN"),
            amount=payment.amount,
            currency=payment.currency,
            status=outcome,
            paid_at=now if succeeded else None,
        )
        if not insert_or_skip(txn):  # out_trade_no is unique: pressed twice, the first stands
            return SandboxTransaction.objects.get(out_trade_no=payment.reference)
        body = notice_body(
            Notice(
                notify_id=txn.notify_id,
                reference=txn.out_trade_no,
                transaction_id=txn.transaction_id,
                status=txn.status,
                amount=txn.amount,
                currency=txn.currency,
                paid_at=txn.paid_at,
                sent_at=now,
            )
        )
        key = f"{NOTIFY_TOPIC}:{txn.notify_id}"
        payload = {"body": body.decode(), "signature": notice_sign(body)}
        at_once = deliver_now and not notify_url()
        # Delivered at once: the dispatcher leaves the message alone for a lease's time (no
        # lease transaction per payment); it sends it only if this delivery never reports.
        outbox.outbox_put(
            topic=NOTIFY_TOPIC, key=key, payload=payload,
            deliver_at=now + timedelta(seconds=outbox.LEASE_SECONDS) if at_once else None,
        )  # fmt: skip
        if at_once:
            transaction.on_commit(partial(deliver_now_after_commit, key, payload))
        return txn


# --- delivery of notifications ------------------------------------------------------------------


def _post(url: str, body: bytes, signature: str) -> None:
    if not url.startswith(("http://", "https://")):
        raise ValueError("PAYMENTS_SANDBOX_NOTIFY_URL must be an http(s) URL")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", SIGNATURE_HEADER: signature},
    )
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
        answer = json.loads(response.read() or b"{}")
    if answer.get("status") != "ok":
        raise RuntimeError(f"the platform did not accept the notification: {answer!r}")


def notify_deliver(key: str, payload: dict) -> None:
    """Outbox handler: hand one signed notification to the platform (raises to be retried).

    Like a real provider it resends the same bytes and signature until it gets "ok"; a 4xx
    answer (e.g. a mismatch) is retried too and ends as a dead message for an operator.
    """
    body, signature = payload["body"].encode(), payload["signature"]
    url = notify_url()
    if url:
        _post(url, body, signature)
        return
    from ..services import notification_apply

    notification_apply(provider=NAME, body=body, signature=signature)


def deliver_now_after_commit(key: str, payload: dict) -> None:
    """Deliver one queued notification at once (the shopper waits on the order page); if it
    fails it stays in the outbox with its back-off, and the sweeper retries it."""
    now = timezone.now()
    try:
        try:
            notify_deliver(key, payload)
            error = None
        except Exception as exc:  # kept on the message for operators; retried later
            error = f"{type(exc).__name__}: {exc}"[:2000]
        outbox.outbox_settle(key, error, now)
    except Exception:  # never break the shopper's page: the sweeper delivers it
        log.exception("immediate delivery of outbox message %s failed", key)
