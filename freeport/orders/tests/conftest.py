import pytest

from freeport.catalog.models import SKU
from freeport.orders.testing import group_make, shopper_make, stock_make, warehouse_make


@pytest.fixture
def skus(catalog):
    return {s.code: s for s in SKU.objects.select_related("product")}


@pytest.fixture
def placed(skus):
    """An unpaid checkout of 2 x F1-900 and 1 x C1-50, with stock reserved."""
    user, buyer, address = shopper_make()
    warehouse = warehouse_make()
    for sku in skus.values():
        stock_make(sku, 10, warehouse)
    return group_make(user, buyer, address, [(skus["F1-900"], 2), (skus["C1-50"], 1)])
