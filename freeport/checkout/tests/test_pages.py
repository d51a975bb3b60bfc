"""Shopper pages of the cart, checkout and orders: authorization, bad input, query budgets."""

import pytest
from django.test import Client

from freeport.checkout import services
from freeport.checkout.models import CartLine
from freeport.orders.testing import group_make, shopper_make

pytestmark = pytest.mark.django_db


def test_anonymous_cart_through_the_page_and_header_count(client, skus, stocked):
    response = client.post("/cart/add/", {"sku": skus["F1-400"].pk, "quantity": "2"})
    assert response.status_code == 302 and response["Location"] == "/cart/"
    page = client.get("/cart/").content.decode()
    assert 'id="grand-total"' in page and 'class="badge">2' in page
    client.post("/cart/update/", {"sku": skus["F1-400"].pk, "quantity": "0"})
    assert not CartLine.objects.exists()


@pytest.mark.parametrize("quantity", ["-1", "abc", "999"])
def test_bad_quantity_changes_nothing(client, skus, stocked, quantity):
    client.post("/cart/add/", {"sku": skus["F1-400"].pk, "quantity": quantity})
    assert not CartLine.objects.exists()


def test_checkout_needs_sign_in(client):
    assert client.get("/checkout/")["Location"].startswith("/accounts/login/")
    assert client.post("/checkout/place/")["Location"].startswith("/accounts/login/")


def test_a_shopper_cannot_see_or_touch_anothers_order(shopper, skus, stocked):
    user, buyer, address = shopper
    group = group_make(user, buyer, address, [(skus["F1-400"], 1)])
    other, _, _ = shopper_make("mallory")
    intruder = Client()
    intruder.force_login(other)
    for method, url in [("get", f"/orders/{group.number}/"),
                        ("post", f"/orders/{group.number}/cancel/"),
                        ("post", f"/orders/{group.number}/pay/")]:  # fmt: skip
        assert getattr(intruder, method)(url).status_code == 404
    assert group.orders.get().state == "pending_payment"
    assert group.number not in intruder.get("/orders/").content.decode()


def test_csrf_is_enforced_on_placing(shopper, skus, stocked):
    user, buyer, address = shopper
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    services.cart_add(user=user, sku_id=skus["F1-400"].pk, quantity=1)
    response = strict.post("/checkout/place/", {"idempotency_key": "k", "buyer": buyer.pk,
                                                "address": address.pk})  # fmt: skip
    assert response.status_code == 403


def test_page_query_budgets_do_not_grow(client, shopper, skus, stocked,
                                        django_assert_max_num_queries):  # fmt: skip
    user, buyer, address = shopper
    client.force_login(user)
    for code in ("F1-400", "F1-900", "F2-900", "C1-50"):
        services.cart_add(user=user, sku_id=skus[code].pk, quantity=1)
    # +1 on every signed-in page: the header's unread-notification count.
    with django_assert_max_num_queries(11):
        assert client.get("/cart/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/checkout/").status_code == 200
    group = group_make(user, buyer, address, [(skus["F1-400"], 1), (skus["F1-900"], 2),
                                              (skus["F2-900"], 1)], key="g")  # fmt: skip
    with django_assert_max_num_queries(7):
        assert client.get(f"/orders/{group.number}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/orders/").status_code == 200
