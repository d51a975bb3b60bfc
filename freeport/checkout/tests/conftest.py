import pytest

from freeport.catalog.models import SKU
from freeport.orders.testing import shopper_make, stock_make, warehouse_make


@pytest.fixture
def skus(catalog):
    return {s.code: s for s in SKU.objects.select_related("product")}


@pytest.fixture
def shopper(db):
    return shopper_make()


@pytest.fixture
def stocked(skus):
    """Every SKU in stock in the fast warehouse (24 h)."""
    warehouse = warehouse_make()
    for sku in skus.values():
        stock_make(sku, 30, warehouse)
    return warehouse
