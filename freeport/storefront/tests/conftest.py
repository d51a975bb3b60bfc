"""Storefront fixtures: stock in warehouses, a larger catalog.

Browser tests use the shared harness in freeport/testing/browser.py (fixtures browser, page,
shot, axe_check); they are marked `browser` and run in `make test`.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from freeport.catalog import services
from freeport.catalog.models import SKU
from freeport.catalog.testing import row_make
from freeport.inventory.models import StockLot, Warehouse


def warehouse_make(code: str, kind: str, position: int = 0) -> Warehouse:
    names = {
        "bonded": ("前海保税仓", "Qianhai bonded warehouse"),
        "showroom": ("前海展厅", "Qianhai showroom"),
    }
    zh, en = names[kind]
    return Warehouse.objects.create(
        code=code, name_zh=f"{zh} {code}", name_en=f"{en} {code}", kind=kind,
        province="广东", city="深圳", customs_area_code="5349", position=position,
    )  # fmt: skip


def lot_make(sku: SKU, warehouse: Warehouse, on_hand: int, reserved: int = 0, batch="B1"):
    return StockLot.objects.create(
        sku=sku, warehouse=warehouse, batch_number=batch, customs_entry_ref=f"E-{batch}",
        quantity_on_hand=on_hand, quantity_reserved=reserved, received_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def warehouses(db):
    return {
        "bonded": warehouse_make("qh-b1", "bonded", 1),
        "bonded2": warehouse_make("qh-b2", "bonded", 2),
        "showroom": warehouse_make("qh-s1", "showroom", 3),
    }


@pytest.fixture
def stock(catalog, warehouses):
    """F1: 120 in bonded 1 (in stock), 3 in bonded 2 (low), 2 on display; others empty."""
    f1_900 = SKU.objects.get(code="F1-900")
    f1_400 = SKU.objects.get(code="F1-400")
    lot_make(f1_900, warehouses["bonded"], 100, reserved=10)
    lot_make(f1_400, warehouses["bonded"], 30)
    lot_make(f1_900, warehouses["bonded2"], 5, reserved=2)
    lot_make(f1_900, warehouses["showroom"], 2)
    return warehouses


def more_products(n: int, *, skus_per_product: int = 2, prefix: str = "X") -> None:
    """n extra approved products (several brands, tags, certifications, origins)."""
    brands = [("kiwi-gold", "奇异金", "Kiwi Gold"), ("tui-farm", "图伊农场", "Tui Farm")]
    tags = ["grass-fed", "a2-protein|grass-fed", "sugar-free"]
    certs = ["halal", "halal|kosher", ""]
    origins = ["NZ", "AU", "IE"]
    rows = []
    for i in range(n):
        slug, zh, en = brands[i % len(brands)]
        for s in range(skus_per_product):
            rows.append(
                row_make(
                    product_code=f"{prefix}{i}", sku_code=f"{prefix}{i}-{s}",
                    price=f"{100 + i * 7 + s * 50}.00", brand=slug, brand_zh=zh, brand_en=en,
                    tags=tags[i % 3], certifications=certs[i % 3],
                    origin_country=origins[i % 3], title_en=f"Formula {prefix}{i}",
                    title_zh=f"奶粉 {prefix}{i}", variant_en=f"{400 + s * 500} g",
                    variant_zh=f"{400 + s * 500}克",
                )
            )  # fmt: skip
    result = services.catalog_import(rows=list(enumerate(rows, start=1)), status="approved")
    assert result.imported, result.errors


def spread_published(products) -> None:
    """Distinct publication times, oldest first in the given order."""
    base = timezone.now() - timedelta(days=30)
    for i, p in enumerate(products):
        type(p).objects.filter(pk=p.pk).update(published_at=base + timedelta(days=i))


# The browser harness (browser, page, shot, axe_check) is the shared plugin
# freeport.testing.browser, registered in freeport/conftest.py.
