"""The cart over HTTP: anonymous and signed-in, bad input changes nothing, CSRF, languages,
and a query budget that does not grow with the cart."""

import json
import re

import pytest
from django.test import Client

from freeport.catalog.models import Product
from freeport.checkout import selectors, services
from freeport.checkout.models import Cart, CartLine
from freeport.customs.services import buyer_register
from freeport.orders.testing import shopper_make, stock_make, warehouse_make

pytestmark = pytest.mark.django_db

CART = "/api/v1/cart"
LINES = "/api/v1/cart/lines"
MONEY = re.compile(r"^-?\d+\.\d{2}$")


def add(client, sku_code, quantity=1, **headers):
    body = json.dumps({"sku_code": sku_code, "quantity": quantity})
    return client.post(LINES, body, content_type="application/json", headers=headers)


def put(client, sku_code, quantity, **headers):
    body = json.dumps({"quantity": quantity})
    return client.put(f"{LINES}/{sku_code}", body, content_type="application/json",
                      headers=headers)  # fmt: skip


def lines_of(body) -> dict:
    return {ln["sku_code"]: ln["quantity"] for ln in body["lines"]}


@pytest.fixture
def signed_in(client, shopper):
    client.force_login(shopper[0])
    return client


def test_anonymous_cart_lives_in_the_session(client, stocked):
    r = client.get(CART)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["lines"] == [] and body["orders"] == [] and body["can_place"] is False
    assert body["totals"]["total"] == "0.00"
    assert "csrftoken" in r.cookies  # for the writes that follow
    assert not Cart.objects.exists()  # reading an empty cart creates nothing

    r = add(client, "F1-900", 2)
    assert r.status_code == 200, r.content
    assert lines_of(r.json()) == {"F1-900": 2}
    assert "sessionid" in r.cookies
    cart = Cart.objects.get()
    assert cart.user is None and cart.session_key == client.session.session_key
    assert client.session["cart_count"] == 2  # the pages' header count follows
    assert lines_of(client.get(CART).json()) == {"F1-900": 2}

    stranger = Client()
    assert stranger.get(CART).json()["lines"] == []


def test_signed_in_cart_as_checkout_would_place_it(signed_in, shopper, skus, stocked):
    assert add(signed_in, "F1-900", 2).status_code == 200
    r = add(signed_in, "C1-50")
    body = r.json()
    user, buyer, _address = shopper
    plan = selectors.checkout_plan(selectors.cart_lines(selectors.cart_of(user=user)), buyer=buyer)
    assert Cart.objects.get().user == user
    line = body["lines"][0]
    assert line == {
        "sku_code": "F1-900", "sku_id": skus["F1-900"].pk, "title_zh": line["title_zh"],
        "title_en": line["title_en"], "quantity": 2, "unit_price": "238.00", "goods": "476.00",
        "problem": None, "available": None,
    }  # fmt: skip
    assert line["title_en"].startswith(skus["F1-900"].product.title_en)
    (order,) = body["orders"]
    assert order["warehouse"] == {"code": "QD-BW1", "name_zh": stocked.name_zh,
                                  "name_en": stocked.name_en}  # fmt: skip
    assert order["merchant"]["code"] == skus["F1-900"].merchant.code
    assert order["dispatch_hours"] == 24 and order["regime"] == "cbec"
    assert [ln["sku_code"] for ln in order["lines"]] == ["F1-900", "C1-50"]
    assert order["totals"]["total"] == body["totals"]["total"] == f"{plan.totals['payable']:.2f}"
    assert body["totals"]["tax"] == f"{plan.totals['tax']:.2f}" != "0.00"
    for amounts in (order["totals"], body["totals"], order["lines"][1]):
        assert all(MONEY.match(v) for k, v in amounts.items() if k not in ("sku_code",)
                   and isinstance(v, str)), amounts  # fmt: skip
    assert body["can_place"] is True and body["problems"] == [] and body["split_into"] == 0
    assert body["buyer"] == buyer.pk and body["count"] == 3


def test_set_and_remove_lines(signed_in, stocked):
    add(signed_in, "F1-900", 2)
    add(signed_in, "F1-400", 1)
    add(signed_in, "F1-900", 3)  # adds to what is there
    assert lines_of(signed_in.get(CART).json()) == {"F1-900": 5, "F1-400": 1}
    r = put(signed_in, "F1-900", 1)
    assert r.status_code == 200 and lines_of(r.json()) == {"F1-900": 1, "F1-400": 1}
    r = put(signed_in, "F1-400", 0)
    assert r.status_code == 200 and lines_of(r.json()) == {"F1-900": 1}
    r = signed_in.delete(f"{LINES}/F1-900")
    assert r.status_code == 200 and r.json()["lines"] == []
    assert not CartLine.objects.exists()
    assert signed_in.session["cart_count"] == 0


def test_lines_not_in_the_cart_are_404(signed_in, stocked):
    add(signed_in, "F1-900")
    for r in (put(signed_in, "C1-50", 2), signed_in.delete(f"{LINES}/C1-50"),
              put(signed_in, "NOPE", 1)):  # fmt: skip
        assert r.status_code == 404, r.content
        assert r.json()["code"] == "not_in_cart"
        assert r.json()["errors"][0]["field"] == "sku_code"
    # An anonymous browser without a session has no cart: nothing to change, nothing created.
    assert Client().delete(f"{LINES}/F1-900").status_code == 404
    assert Cart.objects.count() == 1


@pytest.mark.parametrize(
    "body, field, code",
    [
        ({"sku_code": "NOPE", "quantity": 1}, "sku_code", "unknown_sku"),
        ({"sku_code": "", "quantity": 1}, "sku_code", "validation_error"),
        ({"sku_code": "x" * 41, "quantity": 1}, "sku_code", "validation_error"),
        ({"quantity": 1}, "sku_code", "validation_error"),
        ({"sku_code": "F1-900", "quantity": 0}, "quantity", "validation_error"),
        ({"sku_code": "F1-900", "quantity": -1}, "quantity", "validation_error"),
        ({"sku_code": "F1-900", "quantity": 21}, "quantity", "validation_error"),
        ({"sku_code": "F1-900", "quantity": 10**30}, "quantity", "validation_error"),
        ({"sku_code": "F1-900", "quantity": 1.5}, "quantity", "validation_error"),
        ({"sku_code": "F1-900", "quantity": "2"}, "quantity", "validation_error"),
        ({"sku_code": "F1-900", "quantity": True}, "quantity", "validation_error"),
        ({"sku_code": "F1-900", "quantity": None}, "quantity", "validation_error"),
    ],
)  # fmt: skip
def test_bad_additions_are_422_naming_the_field_and_change_nothing(
    signed_in, stocked, body, field, code
):
    add(signed_in, "F1-900", 19)
    r = signed_in.post(LINES, json.dumps(body), content_type="application/json")
    assert r.status_code == 422, r.content
    assert r.json()["code"] == code
    assert field in [e["field"] for e in r.json()["errors"]]
    assert r.json()["message"]
    assert [(ln.sku.code, ln.quantity) for ln in CartLine.objects.all()] == [("F1-900", 19)]


def test_adding_past_the_line_limit_is_refused(signed_in, stocked):
    add(signed_in, "F1-900", 19)
    r = add(signed_in, "F1-900", 2)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "quantity"
    assert CartLine.objects.get().quantity == 19


def test_a_full_cart_is_a_409(signed_in, stocked, settings):
    settings.CHECKOUT_MAX_LINES = 1
    add(signed_in, "F1-900")
    r = add(signed_in, "C1-50")
    assert r.status_code == 409 and r.json()["code"] == "cart_problem"
    assert r.json()["errors"][0]["field"] == "cart"
    assert add(signed_in, "F1-900").status_code == 200  # more of a line it holds is fine
    assert [(ln.sku.code, ln.quantity) for ln in CartLine.objects.all()] == [("F1-900", 2)]


@pytest.mark.parametrize("quantity", [-1, 21, 1.5, "3", None])
def test_bad_quantities_set_change_nothing(signed_in, stocked, quantity):
    add(signed_in, "F1-900", 2)
    r = put(signed_in, "F1-900", quantity)
    assert r.status_code == 422, r.content
    assert [e["field"] for e in r.json()["errors"]] == ["quantity"]
    assert CartLine.objects.get().quantity == 2


def test_malformed_json_is_a_clear_error(signed_in, stocked):
    r = signed_in.post(LINES, "{not json", content_type="application/json")
    assert r.status_code in (400, 422) and "code" in r.json()
    assert not CartLine.objects.exists()


def test_a_delisted_item_cannot_be_added_and_is_flagged_in_the_cart(signed_in, stocked):
    add(signed_in, "F1-900")
    Product.objects.filter(code="C1").update(status="delisted")
    r = add(signed_in, "C1-50")
    assert r.status_code == 422 and r.json()["code"] == "unavailable"
    assert r.json()["errors"][0]["field"] == "sku_code"
    Product.objects.filter(code="F1").update(status="delisted")
    body = signed_in.get(CART).json()
    assert body["lines"][0]["problem"]["code"] == "unavailable"
    assert body["lines"][0]["problem"]["message"]
    assert body["can_place"] is False


def test_short_lines_say_how_many_are_left(signed_in, skus):
    stock_make(skus["F1-900"], 1)
    add(signed_in, "F1-900", 3)
    body = signed_in.get(CART).json()
    line = body["lines"][0]
    assert line["problem"]["code"] == "out_of_stock" and line["available"] == 1
    assert body["can_place"] is False and body["orders"] == []


def test_over_the_single_limit_offers_a_split(signed_in, stocked):
    add(signed_in, "C1-50", 7)  # 5,950 of several items: over the ¥5,000 limit
    body = signed_in.get(CART).json()
    assert [p["code"] for p in body["problems"]] == ["single_limit"]
    assert body["problems"][0]["message"]
    assert body["split_into"] == 2 and body["can_place"] is False
    assert body["orders"][0]["regime"] == "refused"
    assert body["orders"][0]["refused_reason"] == "single_limit"
    assert body["orders"][0]["lines"][0]["tax"] is None  # not priced
    split = signed_in.get(CART, {"split": "1"}).json()
    assert split["split"] is True and split["can_place"] is True and split["problems"] == []
    assert len(split["orders"]) == 2
    assert sum(o["lines"][0]["quantity"] for o in split["orders"]) == 7


def test_buyer_choice(signed_in, shopper, stocked):
    user, buyer, _address = shopper
    other = buyer_register(user=user, name="李华", id_number="11010519491231002X",
                           mobile="13800000000")  # fmt: skip
    add(signed_in, "F1-900")
    assert signed_in.get(CART).json()["buyer"] == buyer.pk  # the first, as the cart page
    body = signed_in.get(CART, {"buyer": other.pk}).json()
    assert body["buyer"] == other.pk and body["annual_used"] == "0.00"
    stranger_buyer = shopper_make("stranger")[1]
    for value in (stranger_buyer.pk, 0, "abc", 10**30):
        r = signed_in.get(CART, {"buyer": value})
        assert r.status_code == 422, (value, r.content)
        assert [e["field"] for e in r.json()["errors"]] == ["buyer"]
    r = Client().get(CART, {"buyer": buyer.pk})  # anonymous: no buyer of theirs
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "buyer"


def test_writes_need_the_csrf_token(stocked, shopper):
    anonymous = Client(enforce_csrf_checks=True)
    assert add(anonymous, "F1-900").status_code == 403
    token = anonymous.get(CART).cookies["csrftoken"].value
    assert add(anonymous, "F1-900", **{"X-CSRFToken": token}).status_code == 200
    assert put(anonymous, "F1-900", 3).status_code == 403
    assert anonymous.delete(f"{LINES}/F1-900").status_code == 403
    assert put(anonymous, "F1-900", 3, **{"X-CSRFToken": token}).status_code == 200

    member = Client(enforce_csrf_checks=True)
    member.force_login(shopper[0])
    r = add(member, "F1-900")
    assert r.status_code == 403 and r.json()["code"] == "http_403"
    token = member.get(CART).cookies["csrftoken"].value
    assert add(member, "F1-900", **{"X-CSRFToken": token}).status_code == 200
    assert CartLine.objects.filter(cart__user=shopper[0]).get().quantity == 1


def test_messages_in_the_language_asked_for(signed_in, stocked):
    r = add(signed_in, "F1-900", 0, **{"Accept-Language": "en"})
    assert r.status_code == 422
    assert r.headers["Content-Language"] == "en"
    assert r.json()["errors"][0]["reason"] == "Add at least one."
    r = add(signed_in, "F1-900", 0, **{"Accept-Language": "zh-Hans,zh;q=0.9,en;q=0.5"})
    assert r.headers["Content-Language"] == "zh-hans"
    for header in ("zh-CN", "zh", "en;q=0.5, zh-Hans"):
        r = signed_in.get(CART, headers={"Accept-Language": header})
        assert r.headers["Content-Language"] == "zh-hans", header
    r = signed_in.get(CART, headers={"Accept-Language": "fr, en;q=0.5"})
    assert r.headers["Content-Language"] == "en"
    assert "Accept-Language" in r.headers["Vary"]
    # No language Freeport speaks: the site's choice (zh-Hans unless the language cookie says).
    assert (
        signed_in.get(CART, headers={"Accept-Language": "fr"}).headers["Content-Language"]
        == "zh-hans"
    )


def _shelf(sku, user, quantity=1):
    """Stock `sku` in a warehouse of its own and put it in the cart: one more customs order."""
    stock_make(sku, 5, warehouse_make(f"BW-{sku.code}"))
    services.cart_add(user=user, sku_id=sku.pk, quantity=quantity)


def test_cart_query_count_does_not_grow(signed_in, shopper, skus, django_assert_max_num_queries):
    # session, user, buyers, lines (+ cart, SKU, product, tax profile, brand, merchant), bonded
    # warehouses (the plan's stores and the orders' names), stock, unpaid orders, quota, running
    # promotions: 9
    _shelf(skus["F1-900"], shopper[0])
    with django_assert_max_num_queries(9):
        body = signed_in.get(CART).json()
    assert len(body["lines"]) == 1 and len(body["orders"]) == 1
    for code in ("F1-400", "F2-900", "C1-50"):
        _shelf(skus[code], shopper[0], 2)
    with django_assert_max_num_queries(9):
        body = signed_in.get(CART).json()
    assert len(body["lines"]) == 4 and len(body["orders"]) == 4


def test_adding_answers_the_cart_or_with_prefer_minimal_only_the_count(
    signed_in, shopper, skus, stocked, django_assert_max_num_queries
):
    r = add(signed_in, "C1-50", 1, Prefer="handling=lenient, return=minimal")  # makes the cart
    assert r.json() == {"sku_code": "C1-50", "quantity": 1, "count": 1}
    assert r.headers["Preference-Applied"] == "return=minimal"
    assert "Prefer" in r.headers["Vary"]
    # session, user, SKU by code (+ product); savepoint, cart locked, its lines, new line, cart
    # touched, release; then the answer: buyers, lines, warehouses, stock, unpaid orders, quota,
    # promotions; session written (3): 19
    with django_assert_max_num_queries(19):
        full = add(signed_in, "F1-900", 2)
    assert full.status_code == 200, full.content
    assert lines_of(full.json()) == {"C1-50": 1, "F1-900": 2} and full.json()["count"] == 3
    assert "Preference-Applied" not in full.headers
    # The same without the priced cart: 12
    with django_assert_max_num_queries(12):
        r = add(signed_in, "F1-900", 1, Prefer="return=minimal")
    assert r.status_code == 200, r.content
    assert r.json() == {"sku_code": "F1-900", "quantity": 3, "count": 4}
    assert signed_in.session["cart_count"] == 4
    assert lines_of(signed_in.get(CART).json()) == {"C1-50": 1, "F1-900": 3}
    # Refusals are the same whatever the client prefers.
    r = add(signed_in, "NOPE", 1, Prefer="return=minimal")
    assert r.status_code == 422 and r.json()["code"] == "unknown_sku"
