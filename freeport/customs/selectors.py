"""Customs reads."""

from datetime import datetime
from decimal import Decimal

from django.db.models import Sum

from .models import Buyer, QuotaEntry
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
