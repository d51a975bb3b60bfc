"""Payment writes: start a payment, apply the provider's notification, refund.

Every write is one transaction with keyword-only arguments. Rows are locked in one order,
checkout (orders.OrderGroup) before payment, so two notifications of one checkout never deadlock.
Money that moves is written to the append-only ledger in the same transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from freeport.kernel.audit import audit_record
from freeport.kernel.db import insert_or_skip
from freeport.kernel.money import round_fen
from freeport.orders import states as order_states
from freeport.orders.models import OrderGroup
from freeport.orders.services import OrderError, order_group_paid

from . import providers
from .errors import PaymentError
from .models import LedgerEntry, Payment, PaymentNotification, Refund
from .notices import SUCCEEDED, Notice, notice_id_of
from .providers.base import ProviderState

Status = Payment.Status
Outcome = PaymentNotification.Outcome

LATE_PAYMENT = "late payment"
DUPLICATE_PAYMENT = "duplicate payment"


def _reference() -> str:
    """PAY + date + 12 random digits, e.g. PAY20261130482193776512 (23 characters)."""
    return f"PAY{timezone.localdate():%Y%m%d}{secrets.randbelow(10**12):012d}"


# --- starting a payment -------------------------------------------------------------------------


def _check_payable(group: OrderGroup, now) -> None:
    states = set(group.orders.values_list("state", flat=True))
    if states and states <= order_states.PAID_STATES:
        raise PaymentError("already_paid", _("This order has already been paid."))
    if states != {order_states.PENDING_PAYMENT}:
        raise PaymentError("not_payable", _("This order can no longer be paid."))
    if group.expires_at <= now:
        raise PaymentError("expired", _("The time to pay for this order has run out."))
    if group.total <= 0:
        raise PaymentError("nothing_to_pay", _("There is nothing to pay for this order."))


@transaction.atomic
def payment_start(
    *, user, group: OrderGroup | None = None, group_number: str = "", provider: str = "sandbox"
) -> Payment:
    """A payment for a checkout (`group`, or the shopper's checkout `group_number`), or its open
    one (same provider) if there is one; `payment.group` is the checkout, as locked.

    Only the checkout's owner may pay (another's, or none: `not_found`); a checkout that is paid,
    cancelled or past its deadline is refused. The checkout row is locked, so two clicks never
    open two payments.
    """
    prov = providers.get(provider)
    number = group.number if group is not None else group_number
    locked = (
        OrderGroup.objects.select_for_update()
        .filter(number=number, user_id=getattr(user, "pk", None))
        .first()
        if user is not None and number
        else None
    )
    if locked is None:
        raise PaymentError("not_found", _("No such order."))
    group = locked
    now = timezone.now()
    _check_payable(group, now)
    open_payment = Payment.objects.filter(
        group=group, provider=provider, status=Status.CREATED
    ).first()
    if open_payment is not None:
        open_payment.group = group
        return open_payment
    # A provider whose checkout is only a URL made from the reference (the sandbox) has it
    # stored with the row; any other is asked once the payment is stored.
    pure = getattr(prov, "checkout_is_pure", False)
    for _attempt in range(3):
        payment = Payment(
            reference=_reference(),
            group=group,
            provider=provider,
            amount=group.total,
            currency=group.currency,
            expires_at=group.expires_at,
        )
        if pure:
            payment.checkout_url = prov.checkout(payment).url
        if insert_or_skip(payment):  # else a reference clash (rare): draw again
            break
    else:
        raise IntegrityError("three payment references in a row were taken")
    if not pure:
        payment.checkout_url = prov.checkout(payment).url
        payment.save(update_fields=["checkout_url", "updated_at"])
    return payment


@transaction.atomic
def sandbox_pay(*, payment: Payment, outcome: str = "succeeded", deliver_now: bool = True):
    """What the sandbox cashier's buttons do: the sandbox takes (or declines) the money and
    queues its signed notification (outbox). With `deliver_now` the notification is also handed
    over right after commit, so the order shows "paid" at once; retries cover any failure."""
    if outcome not in ("succeeded", "failed"):
        raise PaymentError("invalid_outcome", _("Choose Pay or Decline."), "outcome")
    if payment.provider != "sandbox":
        raise PaymentError("unknown_provider", _("This payment method is not available."))
    return providers.get("sandbox").pay(payment=payment, outcome=outcome, deliver_now=deliver_now)


# --- notifications ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplyResult:
    outcome: str  # "applied", "duplicate" or "ignored"
    payment: str  # the payment's reference
    status: str  # the payment's status afterwards
    detail: str = ""


def _record(
    provider,
    body: bytes,
    signature: str,
    *,
    outcome,
    notify_id="",
    payment=None,
    signature_valid=False,
    reason="",
    detail="",
    at=None,
) -> PaymentNotification:
    return PaymentNotification.objects.create(
        provider=provider[:20],
        notify_id=notify_id[:64],
        payment=payment,
        body=body.decode("utf-8", errors="replace"),
        signature=(signature or "")[:1000],
        signature_valid=signature_valid,
        outcome=outcome,
        reason=reason[:40],
        detail=str(detail)[:300],
        received_at=at or timezone.now(),
    )


def notification_apply(*, provider: str, body: bytes, signature: str) -> ApplyResult:
    """Verify a provider's notification and apply it to its payment, once.

    Applied: the payment is marked succeeded (or failed), the charge written to the ledger and
    the checkout's orders paid (orders.order_group_paid). If the orders were cancelled before the
    money came, the payment is refunded in full at once ("late payment"); if the checkout was
    already paid by another payment, this one is refunded ("duplicate payment"). A replay
    changes nothing (outcome "duplicate"). A bad signature, an unreadable body, an unknown
    payment or a mismatch raises PaymentError after recording the rejected notification, and
    changes nothing else. Two copies racing are serialised on the checkout and payment rows.
    """
    seen = {"notify_id": notice_id_of(body), "payment": None, "signature_valid": False}
    at = timezone.now()
    try:
        with transaction.atomic():
            return _apply(provider, body, signature, seen, at)
    except PaymentError as exc:
        _record(
            provider,
            body,
            signature,
            outcome=Outcome.REJECTED,
            reason=exc.code,
            detail=str(exc),
            at=at,
            **seen,
        )
        raise


def _apply(provider: str, body: bytes, signature: str, seen: dict, at) -> ApplyResult:
    prov = providers.get(provider)
    try:
        notice: Notice = prov.notice_verify(body, signature)
    except PaymentError as exc:  # signed correctly but unreadable: record the signature as valid
        seen["signature_valid"] = exc.code != "bad_signature"
        raise
    seen["signature_valid"] = True
    # Lock the checkout, then the payment (the order every path takes), found by the payment's
    # reference in one statement each.
    group = (
        OrderGroup.objects.select_for_update(of=("self",))
        .filter(payments__reference=notice.reference, payments__provider=provider)
        .first()
    )
    if group is None:
        raise PaymentError("unknown_payment", _("No such payment."), "out_trade_no")
    payment = Payment.objects.select_for_update().get(reference=notice.reference)
    seen["payment"] = payment

    def done(outcome, detail="", reason=""):
        _record(
            provider,
            body,
            signature,
            outcome=outcome,
            notify_id=notice.notify_id,
            payment=payment,
            signature_valid=True,
            reason=reason,
            detail=detail,
            at=at,
        )
        return ApplyResult(str(outcome), payment.reference, str(payment.status), detail)

    already = PaymentNotification.objects.filter(
        provider=provider, notify_id=notice.notify_id, outcome=Outcome.APPLIED
    ).exists()
    if already:
        return done(Outcome.DUPLICATE, "replay of an applied notification")
    if notice.currency != payment.currency or notice.currency != group.currency:
        raise PaymentError(
            "currency_mismatch",
            _("The notification's currency does not match the payment."),
            "currency",
        )
    if notice.amount != payment.amount or notice.amount != group.total:
        raise PaymentError(
            "amount_mismatch",
            _("The notification's amount does not match the payment."),
            "amount",
        )

    if notice.status != SUCCEEDED:
        if payment.status == Status.CREATED:
            payment.status = Status.FAILED
            payment.save(update_fields=["status", "updated_at"])
            return done(Outcome.APPLIED, "payment failed")
        return done(Outcome.IGNORED, f"failure reported for a payment that is {payment.status}")

    if payment.status in Payment.CAPTURED:
        if payment.transaction_id == notice.transaction_id:
            return done(Outcome.DUPLICATE, "payment already applied")
        raise PaymentError(
            "transaction_mismatch",
            _("The payment was already made under another transaction."),
            "transaction_id",
        )
    # One read for two questions: does another payment carry this transaction (a clash), and
    # has another payment of this checkout been captured already (a duplicate, refunded below)?
    others = list(
        Payment.objects.filter(
            Q(provider=provider, transaction_id=notice.transaction_id)
            | Q(group=group, status__in=Payment.CAPTURED)
        )
        .exclude(pk=payment.pk)
        .values_list("provider", "transaction_id", "group_id", "status")
    )
    if any(p == provider and t == notice.transaction_id for p, t, _g, _s in others):
        raise PaymentError(
            "transaction_mismatch",
            _("The transaction belongs to another payment."),
            "transaction_id",
        )

    # The money has come: record it, then give it to the orders (or give it back).
    payment.transaction_id, payment.paid_at = notice.transaction_id, notice.paid_at
    LedgerEntry.objects.create(
        kind=LedgerEntry.Kind.CHARGE,
        amount=payment.amount,
        currency=payment.currency,
        payment=payment,
        group=group,
        occurred_at=notice.paid_at,
    )
    if any(g == group.pk and s in Payment.CAPTURED for _p, _t, g, s in others):
        _refund_locked(
            payment,
            amount=payment.amount,
            reason=DUPLICATE_PAYMENT,
            key=f"auto:{DUPLICATE_PAYMENT}",
        )
        return done(Outcome.APPLIED, "the checkout was already paid: refunded in full")
    payment.status = Status.SUCCEEDED
    payment.save(update_fields=["status", "transaction_id", "paid_at", "updated_at"])
    try:
        paid = order_group_paid(
            group_number=group.number,
            transaction_id=notice.transaction_id,
            amount=notice.amount,
            currency=notice.currency,
            paid_at=notice.paid_at,
            locked_group=group,
        )
    except OrderError as exc:
        raise PaymentError(exc.code, str(exc)) from None
    if not paid.accepted:
        _refund_locked(
            payment, amount=payment.amount, reason=LATE_PAYMENT, key=f"auto:{LATE_PAYMENT}"
        )
        return done(Outcome.APPLIED, "the orders were cancelled first: refunded in full")
    return done(Outcome.APPLIED, "paid")


# --- refunds ------------------------------------------------------------------------------------


def _amount(value) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        amount = None
    if isinstance(value, float) or amount is None or not amount.is_finite():
        raise PaymentError("invalid_amount", _("Enter an amount in yuan, e.g. 12.50."), "amount")
    if amount <= 0 or round_fen(amount) != amount:
        raise PaymentError(
            "invalid_amount", _("The amount must be more than zero, to the fen."), "amount"
        )
    return round_fen(amount)


def _refund_locked(
    payment: Payment, *, amount: Decimal, reason: str, key: str, actor=None
) -> Refund:
    """Refund through the provider; the caller holds the payment's row lock and has checked
    that `amount` fits. Saves the payment (status, refunded amount) and writes the ledger."""
    refund = Refund.objects.create(
        payment=payment,
        key=key,
        amount=amount,
        reason=reason[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    result = providers.get(payment.provider).refund(payment=payment, refund=refund)
    refund.provider_refund_id = result.provider_refund_id
    payment.refunded_amount += amount
    payment.status = (
        Status.REFUNDED if payment.refunded_amount == payment.amount else Status.PARTIALLY_REFUNDED
    )
    payment.save(
        update_fields=["status", "refunded_amount", "transaction_id", "paid_at", "updated_at"]
    )
    if result.status == "succeeded":
        refund.status, refund.done_at = Refund.Status.SUCCEEDED, timezone.now()
        LedgerEntry.objects.create(
            kind=LedgerEntry.Kind.REFUND,
            amount=-amount,
            currency=payment.currency,
            payment=payment,
            group_id=payment.group_id,
            refund=refund,
            occurred_at=refund.done_at,
        )
    refund.save(update_fields=["provider_refund_id", "status", "done_at"])
    audit_record(actor=actor, action="payment.refund", obj=refund, reason=reason)
    return refund


@transaction.atomic
def payment_refund(*, payment: Payment, amount, reason: str, key: str, actor=None) -> Refund:
    """Give back `amount` (part or all) of a captured payment, once per `key`.

    The same key with the same amount returns the first refund; with another amount it is
    refused. Refunds together never exceed what was captured (checked under the payment's row
    lock, and by a database constraint). The sandbox refunds at once (ledger entry written).
    """
    amount = _amount(amount)
    key = (key or "").strip()
    if not key or len(key) > 80:
        raise PaymentError(
            "invalid_key", _("An idempotency key of 1 to 80 characters is needed."), "key"
        )
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError("invalid_reason", _("Give a reason for the refund."), "reason")
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    existing = Refund.objects.filter(payment=payment, key=key).first()
    if existing is not None:
        if existing.amount == amount:
            return existing
        raise PaymentError(
            "idempotency_conflict",
            _("This refund key was already used for another amount."),
            "key",
        )
    if payment.status not in Payment.CAPTURED:
        raise PaymentError("not_refundable", _("This payment has not been captured."))
    if amount > payment.amount - payment.refunded_amount:
        raise PaymentError(
            "refund_exceeds_captured",
            _("Refunds cannot exceed the amount paid (%(left)s left to refund).")
            % {"left": f"{payment.amount - payment.refunded_amount:.2f}"},
            "amount",
        )
    return _refund_locked(payment, amount=amount, reason=reason, key=key, actor=actor)


def payment_query(*, payment: Payment) -> ProviderState:
    """Ask the provider what it recorded about `payment` (the sandbox: its own record)."""
    return providers.get(payment.provider).query(payment)
