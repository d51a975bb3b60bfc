"""Dispute writes: a shopper escalates an order (or a return request), operators answer and
resolve it within AFTERSALES_DISPUTE_HOURS (default 48).

    dispute_open(user=..., order_number=..., return_number=None, topic=..., subject=..., message=)
    dispute_message(dispute=..., author=..., text=...)      the shopper or an operator
    dispute_take(dispute=..., operator=...)                 assign to oneself (or take over)
    dispute_resolve(dispute=..., operator=..., outcome=..., amount=None, note=...)
    dispute_flag_overdue(now=...)                           the periodic job (dispute_tasks.py)

Each is one transaction with keyword-only arguments. Bad input raises `DisputeError` (a
ValueError: `field`, a localized `message`, a stable `code`) and changes nothing. Every action
appends a DisputeMessage (kept forever) and the shopper is told at open, at each operator reply
and at the resolution (notifications.notify, one dedupe key each). A refund outcome pays through
payments.payment_refund with the key `dispute:<order number>:<dispute id>`, never more than is
left to refund on the order. Timer rules: dispute_timer.py; docs/aftersales.md "Disputes".
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from freeport.console.roles import is_operator
from freeport.kernel.money import round_fen
from freeport.orders import states as order_states
from freeport.orders.models import Order
from freeport.payments.errors import PaymentError
from freeport.payments.models import Payment, Refund
from freeport.payments.services import payment_refund

from . import dispute_timer
from .models import Dispute, DisputeMessage, ReturnRequest

log = logging.getLogger(__name__)

Status = Dispute.Status
Outcome = Dispute.Outcome
Role = DisputeMessage.Role
SUBJECT_MAX = Dispute._meta.get_field("subject").max_length
TEXT_MAX = 2000
MONEY_OUTCOMES = (Outcome.REFUND_FULL, Outcome.REFUND_PARTIAL)
# An unpaid or cancelled-before-payment order has nothing to dispute.
NOT_DISPUTABLE = (order_states.PENDING_PAYMENT, order_states.CANCELLED)


class DisputeError(ValueError):
    """A dispute action that cannot be done: `field` names the input, `message` (localized) says
    why, `code` is stable for tests and the API. Nothing was changed."""

    def __init__(self, field: str, message, *, code: str = "invalid"):
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.code = field, str(message), code


def dispute_hours() -> int:
    hours = getattr(settings, "AFTERSALES_DISPUTE_HOURS", dispute_timer.DEFAULT_HOURS)
    return int(hours)


# --- helpers ------------------------------------------------------------------------------------


def _text(value, field: str, *, limit: int = TEXT_MAX, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DisputeError(field, _("This field cannot be empty."), code="required")
    if len(text) > limit:
        raise DisputeError(
            field,
            _("At most %(limit)d characters (this has %(n)d).") % {"limit": limit, "n": len(text)},
            code="too_long",
        )
    return text


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _pk(dispute) -> int | None:
    pk = dispute.pk if isinstance(dispute, Dispute) else dispute
    try:
        return int(pk)
    except (TypeError, ValueError):
        return None


def _locked(dispute) -> Dispute:
    pk = _pk(dispute)
    found = (
        Dispute.objects.select_for_update().select_related("order", "user").filter(pk=pk).first()
        if pk
        else None
    )
    if found is None:
        raise DisputeError("dispute", _("No such dispute."), code="not_found")
    return found


def _require_open(dispute: Dispute) -> None:
    if not dispute.is_open:
        raise DisputeError(
            "status",
            _("This dispute is already resolved: nothing more can be done on it."),
            code="resolved",
        )


def _require_operator(user) -> None:
    if not is_operator(user):
        raise DisputeError("operator", _("Only an operator can do this."), code="forbidden")


def _append(dispute: Dispute, action: str, *, role: str, author=None, text: str = "", at=None):
    return DisputeMessage.objects.create(
        dispute=dispute, at=at or timezone.now(), author=_user(author), role=role,
        action=action, text=text,
    )  # fmt: skip


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _tell(dispute: Dispute, step: str, key: str, title, body) -> None:
    """Tell the shopper once per `key`, in the site language (shoppers have no stored language
    yet: as the return notices)."""
    from freeport.notifications.services import notify

    with translation.override(settings.LANGUAGE_CODE):
        notify(
            user=dispute.user, kind=f"dispute.{step}", title=str(title()), body=str(body()),
            link=reverse("disputes:detail", args=[dispute.pk]), dedupe_key=key,
        )  # fmt: skip


# --- money --------------------------------------------------------------------------------------


def _payment(order: Order) -> Payment | None:
    return (
        Payment.objects.filter(group_id=order.group_id, status__in=Payment.CAPTURED)
        .order_by("pk")
        .first()
    )


def refunded_on_order(order: Order) -> Decimal:
    """What the order has given back or owes already: its cancellation refund, its returns'
    refunds (with a return's import tax still awaiting customs, which is owed), and the refunds
    of its disputes."""
    total = Decimal("0.00")
    cancel = Refund.objects.filter(
        payment__group_id=order.group_id, key=f"order-cancel:{order.number}"
    ).exclude(status=Refund.Status.FAILED)
    total += cancel.aggregate(s=Sum("amount"))["s"] or 0
    for request in ReturnRequest.objects.filter(order=order, refund_amount__isnull=False):
        goods = request.refund_amount - (request.refund_tax or 0)
        tax_owed = (request.refund_tax or 0) if request.tax_settled in ("", "refunded") else 0
        total += goods + tax_owed
    disputes = Dispute.objects.filter(order=order, refund_amount__isnull=False)
    total += disputes.aggregate(s=Sum("refund_amount"))["s"] or 0
    return round_fen(Decimal(total))


def refundable_left(order: Order) -> Decimal:
    """What a dispute may still refund on `order`: the order's total less what was refunded or
    is owed on it, and never more than is left on the checkout's payment."""
    payment = _payment(order)
    if payment is None:
        return Decimal("0.00")
    left = min(order.total - refunded_on_order(order), payment.amount - payment.refunded_amount)
    return max(round_fen(left), Decimal("0.00"))


def _amount(value) -> Decimal:
    if isinstance(value, float):
        value = None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        amount = None
    if amount is None or not amount.is_finite():
        raise DisputeError("amount", _("Enter an amount in yuan, e.g. 12.50."), code="invalid")
    if amount <= 0 or round_fen(amount) != amount:
        raise DisputeError(
            "amount", _("The amount must be more than zero, to the fen."), code="invalid"
        )
    return round_fen(amount)


# --- services -----------------------------------------------------------------------------------


@transaction.atomic
def dispute_open(
    *,
    user,
    order_number: str,
    return_number: str | None = None,
    topic: str,
    subject: str,
    message: str,
    now: datetime | None = None,
) -> Dispute:
    """The shopper escalates one of their paid orders, or one of its return requests."""
    now = now or timezone.now()
    if _user(user) is None:
        raise DisputeError("user", _("Sign in to open a dispute."), code="forbidden")
    order = (
        Order.objects.select_for_update()
        .filter(number=str(order_number or "").strip(), user=user)
        .first()
    )
    if order is None:  # someone else's order is not told apart from no order
        raise DisputeError("order", _("No such order."), code="not_found")
    if order.state in NOT_DISPUTABLE or order.paid_at is None:
        raise DisputeError(
            "order", _("Only a paid order can be disputed."), code="not_disputable"
        )  # fmt: skip
    request = None
    if return_number:
        request = ReturnRequest.objects.filter(
            number=str(return_number).strip(), order=order, user=user
        ).first()
        if request is None:
            raise DisputeError("return", _("No such return request on this order."),
                               code="not_found")  # fmt: skip
    if topic not in Dispute.Topic.values:
        raise DisputeError("topic", _("Choose what the dispute is about."), code="invalid")
    subject = _text(subject, "subject", limit=SUBJECT_MAX)
    message = _text(message, "message")
    existing = Dispute.objects.filter(order=order, status=Status.OPEN).first()
    if existing is not None:
        error = DisputeError(
            "order",
            _("This order already has an open dispute (no. %(id)s): write in it instead.")
            % {"id": existing.pk},
            code="already_open",
        )
        error.dispute_id = existing.pk
        raise error
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                order=order, return_request=request, user=user, topic=topic, subject=subject,
                opened_at=now, due_at=dispute_timer.due_at(now, dispute_hours()),
            )  # fmt: skip
    except IntegrityError:  # a second tab won the race (one open dispute per order)
        raise DisputeError(
            "order", _("This order already has an open dispute."), code="already_open"
        ) from None
    _append(dispute, "opened", role=Role.SHOPPER, author=user, text=message, at=now)
    _tell(dispute, "opened", f"dispute.opened:{dispute.pk}",
          lambda: _("Dispute %(id)s about order %(order)s received")
          % {"id": dispute.pk, "order": order.number},
          lambda: _("An operator answers by %(due)s (China time).")
          % {"due": timezone.localtime(dispute.due_at).strftime("%Y-%m-%d %H:%M")})  # fmt: skip
    return dispute


@transaction.atomic
def dispute_message(*, dispute, author, text: str, now: datetime | None = None) -> DisputeMessage:
    """A message from the dispute's shopper or from an operator (merchant staff only read)."""
    now = now or timezone.now()
    dispute = _locked(dispute)
    if _user(author) is not None and author.pk == dispute.user_id:
        role = Role.SHOPPER
    elif is_operator(author):
        role = Role.OPERATOR
    else:
        raise DisputeError("author", _("You cannot write in this dispute."), code="forbidden")
    _require_open(dispute)
    text = _text(text, "text")
    message = _append(dispute, "message", role=role, author=author, text=text, at=now)
    if role == Role.OPERATOR:
        _tell(dispute, "reply", f"dispute.reply:{message.pk}",
              lambda: _("New answer in dispute %(id)s") % {"id": dispute.pk},
              lambda: text[:300])  # fmt: skip
    return message


@transaction.atomic
def dispute_take(*, dispute, operator, now: datetime | None = None) -> Dispute:
    """The operator assigns the dispute to themself (taking it over from a colleague is
    allowed and recorded). Taking one's own dispute again changes nothing."""
    now = now or timezone.now()
    _require_operator(operator)
    dispute = _locked(dispute)
    _require_open(dispute)
    if dispute.assigned_to_id == operator.pk:
        return dispute
    before = dispute.assigned_to
    dispute.assigned_to, dispute.taken_at = operator, now
    dispute.save(update_fields=["assigned_to", "taken_at"])
    note = f"from {before.get_username()}" if before else ""
    _append(dispute, "taken", role=Role.OPERATOR, author=operator, text=note, at=now)
    return dispute


@transaction.atomic
def dispute_resolve(
    *,
    dispute,
    operator,
    outcome: str,
    note: str,
    amount=None,
    now: datetime | None = None,
) -> Dispute:
    """Close the dispute with an outcome and a note for the shopper. `refund_full` refunds what
    is left to refund on the order; `refund_partial` refunds `amount` (at most that). A dispute
    is resolved once: a second resolution is refused."""
    now = now or timezone.now()
    _require_operator(operator)
    pk = _pk(dispute)
    head = Dispute.objects.filter(pk=pk).values_list("order_id", flat=True).first() if pk else None
    if head is not None:  # lock the order before the dispute: the refund sum is per order
        Order.objects.select_for_update().filter(pk=head).first()
    dispute = _locked(dispute)
    _require_open(dispute)
    if outcome not in Outcome.values:
        raise DisputeError("outcome", _("Choose an outcome."), code="invalid")
    note = _text(note, "note")
    left = refundable_left(dispute.order)
    refund_amount = None
    if outcome == Outcome.REFUND_PARTIAL:
        refund_amount = _amount(amount)
    elif outcome == Outcome.REFUND_FULL:
        if amount not in (None, ""):
            raise DisputeError("amount", _("A full refund takes no amount: leave it empty."),
                               code="invalid")  # fmt: skip
        refund_amount = left
        if refund_amount <= 0:
            raise DisputeError("amount", _("Nothing is left to refund on this order."),
                               code="nothing_left")  # fmt: skip
    elif amount not in (None, ""):
        raise DisputeError("amount", _("Only a refund outcome takes an amount."), code="invalid")
    if refund_amount is not None and refund_amount > left:
        raise DisputeError(
            "amount",
            _("At most ¥%(left)s is left to refund on this order.") % {"left": _money(left)},
            code="exceeds_refundable",
        )
    if refund_amount is not None:
        payment = _payment(dispute.order)
        if payment is None:
            raise DisputeError("payment", _("No captured payment to refund."), code="no_payment")
        try:
            dispute.refund = payment_refund(
                payment=payment, amount=refund_amount,
                reason=f"dispute {dispute.pk} on order {dispute.order.number}",
                key=f"dispute:{dispute.order.number}:{dispute.pk}", actor=_user(operator),
            )  # fmt: skip
        except PaymentError as exc:
            raise DisputeError("amount", str(exc), code=exc.code) from None
        dispute.refund_amount = refund_amount
    dispute.status, dispute.outcome = Status.RESOLVED, outcome
    dispute.resolved_at, dispute.resolved_by = now, operator
    if dispute.assigned_to_id is None:
        dispute.assigned_to, dispute.taken_at = operator, now
    dispute.save(update_fields=["status", "outcome", "resolved_at", "resolved_by", "refund",
                                "refund_amount", "assigned_to", "taken_at"])  # fmt: skip
    with translation.override(settings.LANGUAGE_CODE):  # as the notices: the site language
        record = str(Outcome(outcome).label)
    record += f" · ¥{_money(refund_amount)}" if refund_amount else ""
    _append(dispute, "resolved", role=Role.OPERATOR, author=operator,
            text=f"{record}\n{note}", at=now)  # fmt: skip

    def body():
        said = Outcome(outcome).label
        if refund_amount:
            said = _("%(outcome)s: ¥%(amount)s goes back the way you paid.") % {
                "outcome": said, "amount": _money(refund_amount)}  # fmt: skip
        return f"{said}\n{note}"

    _tell(dispute, "resolved", f"dispute.resolved:{dispute.pk}",
          lambda: _("Dispute %(id)s resolved") % {"id": dispute.pk}, body)  # fmt: skip
    return dispute


def dispute_flag_overdue(*, now: datetime | None = None) -> list[int]:
    """Mark open disputes past their due time `overdue_at` (once each), record it in the thread,
    log it and tell the assigned operator. Safe to run twice. Returns the ids flagged."""
    from freeport.notifications.services import notify

    now = now or timezone.now()
    flagged = []
    candidates = Dispute.objects.filter(
        status=Status.OPEN, overdue_at__isnull=True, due_at__lte=now
    ).order_by("pk")
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            dispute = (
                Dispute.objects.select_for_update()
                .filter(Q(pk=pk), Q(status=Status.OPEN), Q(overdue_at__isnull=True))
                .first()
            )
            if dispute is None or not dispute_timer.is_overdue(due_at=dispute.due_at, now=now):
                continue
            dispute.overdue_at = now
            dispute.save(update_fields=["overdue_at"])
            _append(dispute, "overdue", role=Role.SYSTEM, at=now,
                    text=f"due {dispute.due_at.isoformat()}")  # fmt: skip
            log.warning("dispute %s overdue (due %s)", dispute.pk, dispute.due_at.isoformat())
            if dispute.assigned_to_id:
                with translation.override(settings.LANGUAGE_CODE):
                    notify(
                        user=dispute.assigned_to, kind="dispute.overdue",
                        title=_("Dispute %(id)s is overdue") % {"id": dispute.pk},
                        body=_("It was due %(due)s.")
                        % {"due": timezone.localtime(dispute.due_at).strftime("%Y-%m-%d %H:%M")},
                        link=reverse("console:disputes:detail", args=[dispute.pk]),
                        dedupe_key=f"dispute.overdue:{dispute.pk}", email=False,
                    )  # fmt: skip
            flagged.append(dispute.pk)
    return flagged
