"""Index updates that follow other apps' changes through the outbox (the project has no signals).

Stock changes do not touch the index in the writer's transaction: the writer enqueues
`stock_changed(product_ids)` with its change, and the outbox dispatcher (Huey, every minute, or
`manage.py outbox_dispatch`) re-indexes those products, refreshing their in-stock signal and
delivery promise (the fastest dispatch of the bonded warehouses holding their sellable stock).
A change to a warehouse's promise (`Warehouse.dispatch_hours`, its kind) calls
`warehouses_changed(warehouse_ids)`: the products with stock there are re-indexed the same way.
Re-indexing is idempotent, so at-least-once delivery is harmless.
"""

import uuid
from collections.abc import Iterable

from freeport.kernel.outbox import outbox_put

TOPIC = "search.index"


def products_changed(product_ids: Iterable[int]) -> None:
    """Call inside the transaction that changed something these products' index entries carry
    (stock, a warehouse promise, their rating): they are re-indexed after it commits."""
    ids = sorted(set(product_ids))
    if ids:
        outbox_put(topic=TOPIC, key=f"{TOPIC}:{uuid.uuid4().hex}", payload={"product_ids": ids})


stock_changed = products_changed  # the inventory's name for it


def warehouses_changed(warehouse_ids: Iterable[int]) -> None:
    """Call inside the transaction that changed these warehouses' dispatch promise or kind: the
    products with lots there (any quantity: cheap to over-include) are re-indexed."""
    from freeport.inventory.models import StockLot

    ids = sorted(set(warehouse_ids))
    if ids:
        lots = StockLot.objects.filter(warehouse_id__in=ids).order_by()
        stock_changed(lots.values_list("sku__product_id", flat=True).distinct())


def reindex(key: str, payload: dict) -> None:
    """Outbox handler."""
    from .services import index_products

    index_products(payload["product_ids"])
