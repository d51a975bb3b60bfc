"""Payment reads: a shopper's payment, and the reconciliation of the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, Sum

from freeport.kernel.money import round_fen

from .models import LedgerEntry, Payment, Refund, SandboxTransaction

ZERO = Decimal("0.00")


def _fen(value) -> Decimal:
    """A database sum as exact fen (SQLite adds decimals as floats: 0.1 + 0.2 != 0.3)."""
    return round_fen(value) if value is not None else ZERO


def payment_for_user(*, reference: str, user) -> Payment | None:
    """The payment `reference` if `user` owns its checkout, else None (others see nothing)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Payment.objects.select_related("group")
        .filter(reference=reference, group__user=user)
        .first()
    )


def sandbox_transaction_of(payment: Payment) -> SandboxTransaction | None:
    return SandboxTransaction.objects.filter(out_trade_no=payment.reference).first()


def return_url(payment: Payment) -> str:
    """Where the shopper goes after paying: the checkout's order page, or the home page."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("orders:group", args=[payment.group.number])
    except NoReverseMatch:
        return "/"


@dataclass(frozen=True)
class Mismatch:
    scope: str  # "payment" or "group"
    key: str  # payment reference or group number
    expected: Decimal
    ledger: Decimal
    detail: str = ""

    def __str__(self):
        return (
            f"{self.scope} {self.key}: ledger {self.ledger:.2f}, expected "
            f"{self.expected:.2f}{' (' + self.detail + ')' if self.detail else ''}"
        )


def payments_reconcile() -> list[Mismatch]:
    """Prove the ledger: for every payment and every checkout, the sum of its ledger entries
    equals what was captured less what was refunded; every entry carries its payment's currency
    and checkout; a payment's refunded total equals its refunds. Returns what does not hold
    (an empty list: balanced)."""
    refunds = {
        "refunded": Sum("refunds__amount", filter=Q(refunds__status=Refund.Status.SUCCEEDED)),
        "pending": Sum("refunds__amount", filter=Q(refunds__status=Refund.Status.PENDING)),
    }
    ledger = {
        pk: _fen(s)
        for pk, s in LedgerEntry.objects.values("payment")
        .annotate(s=Sum("amount"))
        .values_list("payment", "s")
    }
    problems: list[Mismatch] = []
    groups: dict[int, list] = {}  # group id -> [expected, number]
    for p in Payment.objects.select_related("group").annotate(**refunds).order_by("pk"):
        captured = p.amount if p.status in Payment.CAPTURED else ZERO
        want = captured - _fen(p.refunded)
        got = ledger.get(p.pk, ZERO)
        if got != want:
            problems.append(Mismatch("payment", p.reference, want, got))
        if p.refunded_amount != _fen(p.refunded) + _fen(p.pending):
            problems.append(
                Mismatch(
                    "payment",
                    p.reference,
                    want,
                    got,
                    f"refunded_amount {p.refunded_amount:.2f} is not the sum of its refunds",
                )
            )
        groups.setdefault(p.group_id, [ZERO, p.group.number])[0] += want
    in_ledger = {
        row["group"]: (_fen(row["s"]), row["group__number"])
        for row in LedgerEntry.objects.values("group", "group__number").annotate(s=Sum("amount"))
    }
    for gid in sorted(set(groups) | set(in_ledger)):
        want, number = groups.get(gid, [ZERO, in_ledger.get(gid, (0, ""))[1]])
        got = in_ledger.get(gid, (ZERO, number))[0]
        if got != want:
            problems.append(Mismatch("group", number, want, got))
    strays = LedgerEntry.objects.filter(
        ~Q(currency=F("payment__currency")) | ~Q(group=F("payment__group"))
    ).select_related("payment")
    for entry in strays:
        problems.append(
            Mismatch(
                "payment",
                entry.payment.reference,
                ZERO,
                entry.amount,
                f"ledger entry {entry.pk} names another currency or checkout than its payment",
            )
        )
    return problems
