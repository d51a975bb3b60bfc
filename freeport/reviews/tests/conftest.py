"""Delivered orders to review: two shoppers, three products of the merchant of `catalog`."""

import pytest
from django.utils import translation

from freeport.catalog.models import SKU
from freeport.orders.testing import shopper_make, stock_make, warehouse_make
from freeport.reviews.testing import order_make


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the site's default language is zh-Hans)."""
    with translation.override("en"):
        yield


@pytest.fixture
def skus(catalog):
    skus = {s.code: s for s in SKU.objects.select_related("product")}
    warehouse = warehouse_make()
    for sku in skus.values():
        stock_make(sku, 50, warehouse)
    return skus


@pytest.fixture
def shopper(catalog):
    return shopper_make()


@pytest.fixture
def other_shopper(catalog):
    return shopper_make("other")


@pytest.fixture
def delivered(skus, shopper):
    """The shopper's delivered order: 1 x F1-900 and 1 x C1-50 (two products)."""
    return order_make(*shopper, [(skus["F1-900"], 1), (skus["C1-50"], 1)], key="d1")


@pytest.fixture
def operator(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("op", "op@example.com", "pw")
