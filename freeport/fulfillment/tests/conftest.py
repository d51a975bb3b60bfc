import pytest
from django.utils import timezone, translation

from freeport.catalog.models import SKU
from freeport.orders import services as orders
from freeport.orders.testing import group_make, shopper_make, stock_make, warehouse_make


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the site's default language is zh-Hans)."""
    with translation.override("en"):
        yield


@pytest.fixture
def skus(catalog):
    return {s.code: s for s in SKU.objects.select_related("product")}


@pytest.fixture
def cleared(skus):
    """A paid order (2 x F1-900 over two lots, 1 x C1-50) that customs has released."""
    user, buyer, address = shopper_make()
    user.email = "shopper@example.com"
    user.save()
    warehouse = warehouse_make()
    stock_make(skus["F1-900"], 1, warehouse)
    stock_make(skus["F1-900"], 5, warehouse)
    stock_make(skus["C1-50"], 5, warehouse)
    group = group_make(user, buyer, address, [(skus["F1-900"], 2), (skus["C1-50"], 1)])
    orders.order_group_paid(group_number=group.number, transaction_id="T1", amount=group.total,
                            currency="CNY", paid_at=timezone.now())  # fmt: skip
    order = group.orders.get()
    orders.order_transition(order_id=order.pk, event="declare")
    orders.order_transition(order_id=order.pk, event="clear")
    order.refresh_from_db()
    return order
