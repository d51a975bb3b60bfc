"""Index updates that follow other apps' changes through the outbox (the project has no signals).

Stock changes do not touch the index in the writer's transaction: the writer enqueues
`stock_changed(product_ids)` with its change, and the outbox dispatcher (Huey, every minute, or
`manage.py outbox_dispatch`) re-indexes those products, refreshing their in-stock signal.
Re-indexing is idempotent, so at-least-once delivery is harmless.
"""

import uuid
from collections.abc import Iterable

from freeport.kernel.outbox import outbox_put

TOPIC = "search.index"


def stock_changed(product_ids: Iterable[int]) -> None:
    """Call inside the transaction that changed these products' stock."""
    ids = sorted(set(product_ids))
    if ids:
        outbox_put(topic=TOPIC, key=f"{TOPIC}:{uuid.uuid4().hex}", payload={"product_ids": ids})


def reindex(key: str, payload: dict) -> None:
    """Outbox handler."""
    from .services import index_products

    index_products(payload["product_ids"])
