"""Stock received in the admin reaches search through the outbox (the in-stock signal)."""

import pytest
from django.urls import reverse

from freeport.catalog.models import SKU
from freeport.inventory.models import StockLot, StockMovement, Warehouse
from freeport.kernel.models import OutboxMessage
from freeport.kernel.outbox import outbox_dispatch
from freeport.search import events
from freeport.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_a_received_lot_puts_the_product_in_stock_in_search(login, operator, catalog):
    sku = SKU.objects.get(code="C1-50")
    doc = SearchDocument.objects.get(product_id=sku.product_id)
    assert doc.in_stock is False  # the shared catalog has no stock
    warehouse = Warehouse.objects.create(
        code="bw9", name_zh="保税仓九", name_en="Bonded 9", kind="bonded", province="上海",
        city="上海", customs_area_code="2244",
    )  # fmt: skip
    response = login(operator).post(
        reverse("admin:inventory_stocklot_add"),
        {"sku": sku.pk, "warehouse": warehouse.pk, "batch_number": "B-1",
         "expiry_date": "2028-01-31", "customs_entry_ref": "E-1", "quantity_on_hand": "12",
         "quantity_reserved": "0", "received_at_0": "2026-11-30", "received_at_1": "10:00:00",
         "movements-TOTAL_FORMS": "0", "movements-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    lot = StockLot.objects.get(batch_number="B-1")
    assert StockMovement.objects.filter(lot=lot, kind="receipt", quantity=12).exists()
    message = OutboxMessage.objects.get(topic=events.TOPIC)
    assert message.payload == {"product_ids": [sku.product_id]}
    doc.refresh_from_db()
    assert doc.in_stock is False  # not in the writer's transaction: the dispatcher does it
    assert outbox_dispatch()["done"] == 1
    doc.refresh_from_db()
    assert doc.in_stock is True
    assert outbox_dispatch()["done"] == 0  # delivered once
