"""Inventory reads."""

from django.db.models import F, Sum

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
