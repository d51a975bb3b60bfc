"""Orders over HTTP: placing (idempotent), listing, reading and cancelling one's own checkouts;
nobody reads or cancels another's; personal data only masked; a fixed query budget."""

import json

import pytest
from django.test import Client

from freeport.catalog.models import Product
from freeport.checkout import services as checkout
from freeport.checkout.models import CartLine
from freeport.customers.models import Address
from freeport.inventory.models import Reservation, Warehouse
from freeport.orders.models import Order, OrderGroup
from freeport.orders.testing import group_make, shopper_make, stock_make, warehouse_make

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders"


def place(client, buyer, address, key="key-1", **extra):
    body = {"buyer": buyer, "address": address, **extra}
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(ORDERS, json.dumps(body), content_type="application/json",
                       headers=headers)  # fmt: skip


@pytest.fixture
def shopper(db):
    return shopper_make()


@pytest.fixture
def signed_in(client, shopper):
    client.force_login(shopper[0])
    return client


@pytest.fixture
def filled(shopper, skus):
    """In stock in the fast warehouse; the cart holds 2 x F1-900 and 1 x C1-50."""
    warehouse = warehouse_make()
    for sku in skus.values():
        stock_make(sku, 10, warehouse)
    for code, qty in (("F1-900", 2), ("C1-50", 1)):
        checkout.cart_add(user=shopper[0], sku_id=skus[code].pk, quantity=qty)
    return shopper


def test_place_then_replay_gives_one_checkout(signed_in, filled):
    user, buyer, address = filled
    r = place(signed_in, buyer.pk, address.pk)
    assert r.status_code == 201, r.content
    body = r.json()
    group = OrderGroup.objects.get()
    assert body["number"] == group.number and body["currency"] == "CNY"
    assert r.headers["Location"] == f"/api/v1/orders/{group.number}"
    assert body["total"] == f"{group.total:.2f}" and body["unpaid"] is True
    (order,) = body["orders"]
    assert order["state"] == "pending_payment" and order["state_label"]
    assert [(ln["sku_code"], ln["quantity"]) for ln in order["lines"]] == [("F1-900", 2),
                                                                          ("C1-50", 1)]  # fmt: skip
    assert order["timeline"][0]["event"] == "place" and order["timeline"][0]["from"] == ""
    assert not CartLine.objects.exists()
    assert signed_in.session["cart_count"] == 0

    again = place(signed_in, buyer.pk, address.pk)  # a retry: the cart is empty by now
    assert again.status_code == 200, again.content
    assert again.json() == body
    assert OrderGroup.objects.count() == 1 and Order.objects.count() == 1


def test_same_key_for_another_request_is_409(signed_in, filled, skus):
    user, buyer, address = filled
    assert place(signed_in, buyer.pk, address.pk).status_code == 201
    checkout.cart_add(user=user, sku_id=skus["F1-400"].pk, quantity=1)
    other = Address.objects.create(user=user, recipient_name="李四", phone="13800000000",
                                   province="山东省", city="青岛市", district="崂山区",
                                   street="海尔路 1 号")  # fmt: skip
    for r in (place(signed_in, buyer.pk, address.pk, split=True),
              place(signed_in, buyer.pk, other.pk)):  # fmt: skip
        assert r.status_code == 409, r.content
        assert r.json()["code"] == "idempotency_conflict"
        assert r.json()["errors"][0]["field"] == "Idempotency-Key"
    assert OrderGroup.objects.count() == 1 and CartLine.objects.count() == 1


@pytest.mark.parametrize(
    "key, body, field",
    [
        (None, {}, "Idempotency-Key"),
        ("", {}, "Idempotency-Key"),
        ("k" * 81, {}, "Idempotency-Key"),
        ("   ", {}, "Idempotency-Key"),
        ("k", {"buyer": "abc"}, "buyer"),
        ("k", {"buyer": "1"}, "buyer"),
        ("k", {"buyer": None}, "buyer"),
        ("k", {"buyer": 999999}, "buyer"),
        ("k", {"address": 999999}, "address"),
        ("k", {"address": 1.5}, "address"),
        ("k", {"split": "yes"}, "split"),
    ],
)  # fmt: skip
def test_bad_input_is_422_naming_the_field_and_places_nothing(signed_in, filled, key, body, field):
    user, buyer, address = filled
    payload = {"buyer": buyer.pk, "address": address.pk, **body}
    headers = {} if key is None else {"Idempotency-Key": key}
    r = signed_in.post(ORDERS, json.dumps(payload), content_type="application/json",
                       headers=headers)  # fmt: skip
    assert r.status_code == 422, r.content
    assert r.json()["code"] == "validation_error"
    assert field in [e["field"] for e in r.json()["errors"]]
    assert not OrderGroup.objects.exists() and CartLine.objects.count() == 2


def test_another_shoppers_buyer_or_address_is_refused(signed_in, filled):
    _user, stranger_buyer, stranger_address = shopper_make("stranger")
    _u, buyer, address = filled
    r = place(signed_in, stranger_buyer.pk, address.pk)
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["buyer"]
    r = place(signed_in, buyer.pk, stranger_address.pk)
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["address"]
    assert not OrderGroup.objects.exists()


def test_cart_problems_are_409_with_the_code(signed_in, shopper, skus):
    user, buyer, address = shopper
    r = place(signed_in, buyer.pk, address.pk)
    assert r.status_code == 409 and r.json()["code"] == "cart_problem"  # empty cart
    stock_make(skus["F1-900"], 1)
    checkout.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=3)
    r = place(signed_in, buyer.pk, address.pk, key="key-2")
    assert r.status_code == 409, r.content
    body = r.json()
    assert body["code"] == "out_of_stock" and "F1-900" in body["message"]
    assert body["errors"][0]["field"] == "cart"
    assert not OrderGroup.objects.exists() and not Reservation.objects.exists()
    assert CartLine.objects.get().quantity == 3  # the cart is kept


def test_a_line_no_longer_sold_stops_the_checkout(signed_in, filled):
    _user, buyer, address = filled
    Product.objects.filter(code="C1").update(status="delisted")
    r = place(signed_in, buyer.pk, address.pk)
    assert r.status_code == 409 and r.json()["code"] == "unavailable"
    assert "C1-50" in r.json()["message"]
    assert not OrderGroup.objects.exists() and CartLine.objects.count() == 2


def test_over_the_single_limit_places_only_when_split(signed_in, shopper, skus):
    user, buyer, address = shopper
    stock_make(skus["C1-50"], 10)
    checkout.cart_add(user=user, sku_id=skus["C1-50"].pk, quantity=7)
    r = place(signed_in, buyer.pk, address.pk)
    assert r.status_code == 409 and r.json()["code"] == "single_limit"
    r = place(signed_in, buyer.pk, address.pk, key="key-2", split=True)
    assert r.status_code == 201, r.content
    assert len(r.json()["orders"]) == 2


def test_signed_in_only(client, filled):
    _user, buyer, address = filled
    r = place(client, buyer.pk, address.pk)
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    for url in (ORDERS, f"{ORDERS}/G1"):
        assert client.get(url).status_code == 401
    assert client.post(f"{ORDERS}/G1/cancel").status_code == 401
    assert not OrderGroup.objects.exists()


def test_placing_needs_the_csrf_token(filled):
    user, buyer, address = filled
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert place(browser, buyer.pk, address.pk).status_code == 403
    token = browser.get("/api/v1/cart").cookies["csrftoken"].value
    r = browser.post(ORDERS, json.dumps({"buyer": buyer.pk, "address": address.pk}),
                     content_type="application/json",
                     headers={"Idempotency-Key": "k", "X-CSRFToken": token})  # fmt: skip
    assert r.status_code == 201, r.content


def _checkouts(user, buyer, address, skus, n, prefix="k"):
    warehouse = warehouse_make()
    for sku in skus.values():
        stock_make(sku, 20, warehouse)
    return [group_make(user, buyer, address, [(skus["F1-400"], 1)], key=f"{prefix}{i}")
            for i in range(n)]  # fmt: skip


def test_list_is_mine_newest_first_and_paginated(signed_in, shopper, skus):
    groups = _checkouts(*shopper, skus, 3)
    stranger = shopper_make("stranger")
    group_make(*stranger, [(skus["F1-400"], 1)], key="theirs")
    r = signed_in.get(ORDERS, {"page_size": 2})
    assert r.status_code == 200
    body = r.json()
    assert (body["count"], body["page"], body["page_size"], body["pages"]) == (3, 1, 2, 2)
    assert [g["number"] for g in body["results"]] == [groups[2].number, groups[1].number]
    first = body["results"][0]
    assert first["unpaid"] is True and first["total"] == f"{groups[2].total:.2f}"
    assert first["orders"][0]["items"] == 1 and first["orders"][0]["state"] == "pending_payment"
    body = signed_in.get(ORDERS, {"page": 2, "page_size": 2}).json()
    assert [g["number"] for g in body["results"]] == [groups[0].number]
    assert signed_in.get(ORDERS, {"page": 9}).json()["results"] == []
    for params, field in (({"page": 0}, "page"), ({"page_size": 101}, "page_size"),
                          ({"page": "x"}, "page")):  # fmt: skip
        r = signed_in.get(ORDERS, params)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field


def test_detail_masks_personal_data(signed_in, shopper, skus):
    (group,) = _checkouts(*shopper, skus, 1)
    r = signed_in.get(f"{ORDERS}/{group.number}", headers={"Accept-Language": "en"})
    assert r.status_code == 200, r.content
    body = r.json()
    (order,) = body["orders"]
    assert order["masked_recipient"] == "王**"
    assert order["masked_phone"] == "139****5678"
    assert order["masked_address"].startswith("山东省青岛市市南区 香港")
    text = r.content.decode()
    for clear in ("王小明", "13912345678", "香港中路", "1201 室"):
        assert clear not in text
    assert order["state_label"] == "awaiting payment" and order["warehouse"]["code"] == "QD-BW1"
    line = order["lines"][0]
    assert line["sku_code"] == "F1-400" and line["unit_price"] == "129.00"
    assert order["total"] == f"{group.total:.2f}"
    assert [(t["event"], t["from"], t["to"]) for t in order["timeline"]] == [
        ("place", "", "pending_payment")
    ]


def test_another_shoppers_checkout_is_404_and_untouched(signed_in, skus):
    stranger = shopper_make("stranger")
    stock_make(skus["F1-400"], 5)
    theirs = group_make(*stranger, [(skus["F1-400"], 1)], key="theirs")
    for r in (signed_in.get(f"{ORDERS}/{theirs.number}"),
              signed_in.post(f"{ORDERS}/{theirs.number}/cancel"),
              signed_in.get(f"{ORDERS}/G000")):  # fmt: skip
        assert r.status_code == 404, r.content
        assert r.json()["code"] == "not_found"
    assert Order.objects.get(group=theirs).state == "pending_payment"


def test_cancel_unpaid_then_nothing_left_is_409(signed_in, shopper, skus):
    (group,) = _checkouts(*shopper, skus, 1)
    r = signed_in.post(f"{ORDERS}/{group.number}/cancel")
    assert r.status_code == 200, r.content
    (order,) = r.json()["orders"]
    assert order["state"] == "cancelled" and r.json()["unpaid"] is False
    assert [t["event"] for t in order["timeline"]] == ["place", "cancel"]
    assert not Reservation.objects.filter(status="held").exists()
    assert Reservation.objects.filter(status="released").exists()
    r = signed_in.post(f"{ORDERS}/{group.number}/cancel")
    assert r.status_code == 409 and r.json()["code"] == "not_cancellable"
    assert r.json()["message"]


def test_detail_and_list_query_counts_do_not_grow(
    signed_in, shopper, skus, django_assert_max_num_queries
):
    user, buyer, address = shopper
    (small,) = _checkouts(user, buyer, address, skus, 1)
    # session, user, group, orders (+ merchant, warehouse), lines (+ SKU, product), transitions
    with django_assert_max_num_queries(6):
        assert signed_in.get(f"{ORDERS}/{small.number}").status_code == 200
    # count, page, orders, lines, transitions (+ session, user)
    with django_assert_max_num_queries(7):
        assert signed_in.get(ORDERS).json()["count"] == 1
    # A big checkout: 4 lines over 2 warehouses, so 2 customs orders (F2-900 and C1-50 ship
    # from a faster warehouse).
    faster = warehouse_make("BW-2")
    Warehouse.objects.filter(pk=faster.pk).update(dispatch_hours=12)
    for code in ("F2-900", "C1-50"):
        stock_make(skus[code], 5, faster)
    for code, qty in (("F1-900", 2), ("F1-400", 2), ("F2-900", 1), ("C1-50", 1)):
        checkout.cart_add(user=user, sku_id=skus[code].pk, quantity=qty)
    big = place(signed_in, buyer.pk, address.pk, key="big").json()
    assert len(big["orders"]) == 2 and sum(len(o["lines"]) for o in big["orders"]) == 4
    with django_assert_max_num_queries(6):
        assert signed_in.get(f"{ORDERS}/{big['number']}").status_code == 200
    _checkouts(user, buyer, address, skus, 3, prefix="more")
    with django_assert_max_num_queries(7):
        assert signed_in.get(ORDERS).json()["count"] == 5


def test_an_api_client_places_with_a_coupon_and_starts_paying(signed_in, filled):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from freeport.checkout.models import Coupon

    now = timezone.now()
    Coupon.objects.create(
        code="SAVE20",
        name_zh="立减",
        name_en="20 off",
        kind="fixed",
        amount=Decimal(20),
        funded_by="platform",
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=1),
    )
    _, buyer, address = filled
    cart = signed_in.get("/api/v1/cart?coupon=save20").json()
    assert cart["coupon"] == {"code": "SAVE20", "status": "ok", "discount": "20.00"}
    assert signed_in.get("/api/v1/cart?coupon=NOPE").json()["coupon"]["status"] == "unknown"
    response = place(signed_in, buyer.pk, address.pk, coupon="SAVE20")
    assert response.status_code == 201
    body = response.json()
    assert body["total"] == cart["totals"]["total"]
    started = signed_in.post(f"{ORDERS}/{body['number']}/payments")
    assert started.status_code == 201
    payment = started.json()
    assert payment["amount"] == body["total"] and payment["currency"] == "CNY"
    assert "/pay/sandbox/" in payment["pay_url"] and payment["status"] == "created"
    again = signed_in.post(f"{ORDERS}/{body['number']}/payments").json()
    assert again["reference"] == payment["reference"]  # resumes the open payment


def test_paying_someone_elses_or_a_cancelled_checkout(signed_in, filled, client):
    _, buyer, address = filled
    number = place(signed_in, buyer.pk, address.pk).json()["number"]
    other, _, _ = shopper_make("mallory")
    intruder = Client()
    intruder.force_login(other)
    assert intruder.post(f"{ORDERS}/{number}/payments").status_code == 404
    signed_in.post(f"{ORDERS}/{number}/cancel")
    refused = signed_in.post(f"{ORDERS}/{number}/payments")
    assert refused.status_code == 409 and refused.json()["code"]


def test_place_answers_what_is_stored_within_a_query_budget(
    signed_in, filled, skus, django_assert_max_num_queries
):
    # Two customs orders (C1-50 also ships from a faster warehouse of its own).
    user, buyer, address = filled
    faster = warehouse_make("BW-2")
    Warehouse.objects.filter(pk=faster.pk).update(dispatch_hours=12)
    stock_make(skus["C1-50"], 5, faster)
    # session, user; cart (locked), lines (+ SKU, product...), the key, buyer, address, bonded
    # warehouses, stock, unpaid orders, quota, promotions; the group, each order, all lines, all
    # first transitions; per order the stock reservation (13: savepoint, SKUs, warehouses, lots
    # locked, key, lot, reservation, movement, search outbox message with its savepoint); cart
    # lines; session: 49 for two orders (in test transactions: savepoints for BEGIN/COMMIT).
    # The answer is built from what was written: no read back.
    with django_assert_max_num_queries(49):
        r = place(signed_in, buyer.pk, address.pk, key="budget")
    assert r.status_code == 201, r.content
    body = r.json()
    assert len(body["orders"]) == 2
    assert signed_in.get(f"{ORDERS}/{body['number']}").json() == body


def test_starting_a_payment_reads_only_the_checkout_row(
    signed_in, filled, django_assert_max_num_queries
):
    _, buyer, address = filled
    number = place(signed_in, buyer.pk, address.pk).json()["number"]
    # session, user, the checkout row; savepoint, checkout locked, its orders' states, an open
    # payment, the payment (savepoint, insert, release), its cashier URL, release: 12
    with django_assert_max_num_queries(12):
        started = signed_in.post(f"{ORDERS}/{number}/payments")
    assert started.status_code == 201, started.content
    assert started.json()["amount"] == f"{OrderGroup.objects.get().total:.2f}"


def test_the_pay_button_reads_only_the_checkout_row(
    signed_in, filled, django_assert_max_num_queries
):
    """The order page's Pay button (POST /orders/<n>/pay/) costs what the API's payment start
    costs: the view no longer loads the checkout's orders, lines and timeline first."""
    _, buyer, address = filled
    number = place(signed_in, buyer.pk, address.pk).json()["number"]
    with django_assert_max_num_queries(12):
        answer = signed_in.post(f"/orders/{number}/pay/")
    assert answer.status_code == 302 and "/pay/sandbox/" in answer["Location"]
    assert signed_in.post("/orders/NO-SUCH/pay/").status_code == 404
