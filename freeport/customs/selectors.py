"""Customs reads."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum

from .models import (
    Buyer,
    CustomsCancellation,
    Declaration,
    DeclarationMessage,
    DeclarationReceipt,
    QuotaEntry,
)
from .quota import quota_year, remaining


def buyers_of(user) -> list[Buyer]:
    return list(Buyer.objects.filter(user=user))


def quota_used(id_index: str, at: datetime) -> Decimal:
    """Dutiable value counted this calendar year (China time) for one person, all accounts."""
    total = QuotaEntry.objects.filter(id_index=id_index, year=quota_year(at)).aggregate(
        s=Sum("amount")
    )["s"]
    return total or Decimal("0.00")


def quota_summary(id_index: str, at: datetime) -> dict[str, Decimal]:
    used = quota_used(id_index, at)
    return {"used": used, "remaining": remaining(used)}


def quota_entries(id_index: str, at: datetime) -> list[QuotaEntry]:
    """One person's ledger entries of the calendar year of `at` (China time), oldest first."""
    entries = QuotaEntry.objects.filter(id_index=id_index, year=quota_year(at))
    return list(entries.order_by("created_at", "id"))


def declaration_counts() -> dict[str, int]:
    """Declarations per status (every status listed, 0 if none), in one query."""
    found = dict(Declaration.objects.order_by().values_list("status").annotate(n=Count("id")))
    return {status: found.get(status, 0) for status in Declaration.Status.values}


def declarations_list(*, status: str | None = None) -> QuerySet[Declaration]:
    """Declarations newest first (by last change), optionally of one status.

    The encrypted `source` is left unread: lists never need it.
    """
    declarations = Declaration.objects.defer("source").order_by("-updated_at", "-id")
    return declarations.filter(status=status) if status else declarations


def declarations_rejected() -> QuerySet[Declaration]:
    """The rejected declarations to resubmit, oldest first (the longest waiting at the top); a
    cancelled order's declaration is withdrawn, not resubmitted, so it is not listed."""
    return (
        Declaration.objects.defer("source")
        .filter(status=Declaration.Status.REJECTED, cancellation__isnull=True)
        .order_by("updated_at", "id")
    )


def withdrawal_counts() -> dict[str, int]:
    """Withdrawals (CEB623) per status (every status listed, 0 if none), in one query."""
    found = dict(
        CustomsCancellation.objects.order_by().values_list("status").annotate(n=Count("id"))
    )
    return {status: found.get(status, 0) for status in CustomsCancellation.Status.values}


def withdrawals_list(*, status: str | None = None) -> QuerySet[CustomsCancellation]:
    """Withdrawals of cancelled orders' declarations, newest change first, with their order
    number (one query a page; the declaration's encrypted source is left unread)."""
    found = CustomsCancellation.objects.select_related("declaration").defer("declaration__source")
    found = found.order_by("-updated_at", "-id")
    return found.filter(status=status) if status else found


def declaration_detail(*, declaration_id: int) -> Declaration:
    """One declaration with its withdrawal, if any, its messages (newest attempt first) and their
    receipts (3 queries).

    Raises Declaration.DoesNotExist.
    """
    receipts = DeclarationReceipt.objects.order_by("return_time", "id")
    messages = DeclarationMessage.objects.order_by("-attempt", "kind", "id").prefetch_related(
        Prefetch("receipts", queryset=receipts)
    )
    return (
        Declaration.objects.defer("source")
        .select_related("cancellation")
        .prefetch_related(Prefetch("messages", queryset=messages))
        .get(pk=declaration_id)
    )


def declaration_get(*, declaration_id: int) -> Declaration:
    """One declaration without its messages (raises Declaration.DoesNotExist)."""
    return Declaration.objects.defer("source").get(pk=declaration_id)


def declaration_message_get(*, declaration_id: int, message_id: int) -> DeclarationMessage | None:
    """One message of one declaration, or None."""
    return DeclarationMessage.objects.filter(pk=message_id, declaration_id=declaration_id).first()
