"""No oversell and one order per key through the whole checkout, under real concurrency.

Real parallel transactions need PostgreSQL (SQLite serialises writers); these run there.
"""

import pytest
from django.db import connection

from freeport.checkout import services
from freeport.checkout.models import Coupon
from freeport.inventory.models import StockLot
from freeport.inventory.tests.test_concurrency import run_in_threads
from freeport.orders.models import Order, OrderGroup
from freeport.orders.testing import shopper_make, stock_make, warehouse_make

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]


def _shoppers(n, sku):
    people = []
    for i in range(n):
        user, buyer, address = shopper_make(f"s{i}")
        services.cart_add(user=user, sku_id=sku.pk, quantity=1)
        people.append((user, buyer, address))
    return people


def test_fifty_shoppers_for_the_last_ten_units(skus):
    sku = skus["F1-900"]
    stock_make(sku, 10, warehouse_make())
    people = _shoppers(50, sku)

    def buy(i):
        user, buyer, address = people[i]
        return services.order_place(user=user, idempotency_key=f"k{i}", buyer_id=buyer.pk,
                                    address_id=address.pk)  # fmt: skip

    results = run_in_threads(50, buy)
    placed = [r for r in results if isinstance(r, OrderGroup)]
    refused = [r for r in results if isinstance(r, services.CheckoutError)]
    assert len(placed) == 10, [r for r in results if not isinstance(r, OrderGroup)][:3]
    assert len(refused) == 40 and {e.code for e in refused} == {"out_of_stock"}
    lot = StockLot.objects.get(sku=sku)
    assert lot.quantity_reserved == 10 == lot.quantity_on_hand
    assert Order.objects.count() == 10


def test_one_key_sent_twenty_times_at_once_places_once(skus):
    sku = skus["F1-400"]
    stock_make(sku, 100, warehouse_make())
    (user, buyer, address), = _shoppers(1, sku)  # fmt: skip

    def place(_):
        return services.order_place(user=user, idempotency_key="same", buyer_id=buyer.pk,
                                    address_id=address.pk)  # fmt: skip

    results = run_in_threads(20, place)
    assert all(isinstance(r, OrderGroup) for r in results), results[:3]
    assert len({r.pk for r in results}) == 1
    assert OrderGroup.objects.count() == 1
    assert StockLot.objects.get(sku=sku).quantity_reserved == 1


def test_a_coupon_with_one_left_is_taken_once(skus):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    sku = skus["F1-400"]
    stock_make(sku, 100, warehouse_make())
    now = timezone.now()
    Coupon.objects.create(
        code="LAST", name_zh="x", name_en="x", kind="fixed", amount=Decimal(5),
        funded_by="platform", total_limit=1, valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=1),
    )  # fmt: skip
    people = _shoppers(10, sku)

    def buy(i):
        user, buyer, address = people[i]
        return services.order_place(user=user, idempotency_key="k", buyer_id=buyer.pk,
                                    address_id=address.pk, coupon_code="LAST")  # fmt: skip

    results = run_in_threads(10, buy)
    assert sum(isinstance(r, OrderGroup) for r in results) == 1
    assert {r.code for r in results if isinstance(r, services.CheckoutError)} == {"coupon_refused"}


def test_one_cart_placed_twice_at_once_with_two_keys_is_placed_once(skus):
    sku = skus["F1-400"]
    stock_make(sku, 100, warehouse_make())
    (user, buyer, address), = _shoppers(1, sku)  # fmt: skip

    def place(i):
        return services.order_place(user=user, idempotency_key=f"tab-{i}", buyer_id=buyer.pk,
                                    address_id=address.pk)  # fmt: skip

    results = run_in_threads(2, place)
    placed = [r for r in results if isinstance(r, OrderGroup)]
    assert len(placed) == 1, results  # the other finds the cart empty
    refused = [e for e in results if isinstance(e, services.CheckoutError)]
    assert [list(e.errors) for e in refused] == [["cart"]]  # "your cart is empty"
    assert Order.objects.count() == 1
    assert StockLot.objects.get(sku=sku).quantity_reserved == 1
