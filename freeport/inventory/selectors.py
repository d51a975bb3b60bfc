"""Inventory reads."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db.models import F, Q, Sum

from . import fefo
from .models import StockLot, Warehouse


def stock_by_warehouse(sku_ids: list[int]) -> list[dict]:
    """Available quantity per warehouse for the given SKUs, every warehouse listed (0 if none)."""
    totals = {
        row["warehouse_id"]: row["available"]
        for row in StockLot.objects.filter(sku_id__in=sku_ids)
        .values("warehouse_id")
        .annotate(available=Sum(F("quantity_on_hand") - F("quantity_reserved")))
    }
    return [
        {"warehouse": w, "available": totals.get(w.id, 0) or 0} for w in Warehouse.objects.all()
    ]


def sellable_quantity(sku_ids: list[int]) -> dict[int, int]:
    """Per SKU, what shoppers can buy now: bonded stock only, showroom display excluded."""
    rows = (
        StockLot.objects.filter(sku_id__in=sku_ids, warehouse__kind=Warehouse.Kind.BONDED)
        .values("sku_id")
        .annotate(available=Sum(F("quantity_on_hand") - F("quantity_reserved")))
    )
    return {r["sku_id"]: r["available"] or 0 for r in rows}


def available_by_warehouse(
    sku_ids: Iterable[int], deliver_by: date | None = None
) -> dict[tuple[int, int], int]:
    """{(sku_id, warehouse_id): available} over bonded warehouses, for the checkout.

    With `deliver_by`, only lots that stock_reserve may use for that promise count (still good
    INVENTORY_EXPIRY_MARGIN_DAYS after it). Pairs without stock are left out (read them as 0).
    """
    lots = StockLot.objects.filter(
        sku_id__in=list(sku_ids),
        warehouse__kind=Warehouse.Kind.BONDED,
        quantity_on_hand__gt=F("quantity_reserved"),
    )
    if deliver_by is not None:
        earliest = fefo.earliest_expiry(deliver_by, settings.INVENTORY_EXPIRY_MARGIN_DAYS)
        lots = lots.filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=earliest))
    rows = lots.values("sku_id", "warehouse_id").annotate(
        available=Sum(F("quantity_on_hand") - F("quantity_reserved"))
    )
    return {(r["sku_id"], r["warehouse_id"]): r["available"] for r in rows}
