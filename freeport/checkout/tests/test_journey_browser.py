"""Shopper journey in Chromium: product → cart (anonymous) → sign in (cart kept) → checkout with
the real-name buyer and a new address → sandbox cashier → the order page shows it paid.
axe-core finds no serious or critical violation on any page of the way."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from freeport.catalog.models import SKU
from freeport.customs.services import buyer_register
from freeport.orders.models import Order
from freeport.orders.testing import stock_make, warehouse_make

pytestmark = pytest.mark.browser


@pytest.fixture
def amy(db):
    user = get_user_model().objects.create_user("amy", password="x-long-password-1")
    buyer_register(user=user, name="王小明", id_number="110105199003071239", mobile="13912345678")
    return user


@pytest.fixture
def formula(catalog):
    sku = SKU.objects.select_related("product").get(code="F1-900")
    stock_make(sku, 10, warehouse_make())
    return sku


def test_browse_buy_and_pay(page, amy, formula, axe_check, shot):
    page.goto(f"/p/{formula.product_id}/")
    page.locator(f"#qty-{formula.pk}").fill("2")
    page.locator(f"form.add-form:has(input[value='{formula.pk}']) button").click()
    page.wait_for_url("**/cart/")
    assert page.locator(f"#qty-{formula.pk}").input_value() == "2"
    total = page.locator("#grand-total").inner_text()
    axe_check(page, "cart (anonymous)")
    shot(page, "cart-zh")

    page.locator("a.button[href='/checkout/']").click()
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("用户名").fill("amy")
    page.get_by_label("密码").fill("x-long-password-1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/checkout/")
    assert page.locator("#grand-total").inner_text() == total  # the cart came along
    axe_check(page, "checkout (no address)")

    for field, value in {"recipient_name": "王小明", "phone": "13912345678",
                         "province": "山东省", "city": "青岛市", "district": "市南区",
                         "street": "香港中路 8 号 1201 室"}.items():  # fmt: skip
        page.locator(f"#id_{field}").fill(value)
    page.locator("form[action='/checkout/address/'] button").click()
    page.wait_for_url("**/checkout/")
    assert page.locator("input[name=buyer]:checked").count() == 1
    assert page.locator("input[name=address]:checked").count() == 1
    axe_check(page, "checkout")
    shot(page, "checkout-zh")

    page.locator("#place-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pay/sandbox/[^/]+/$"))
    axe_check(page, "sandbox cashier")
    order = Order.objects.get()
    assert order.state == "pending_payment" and order.total > Decimal("476")
    page.locator("button[name=action][value=pay]").click()
    page.wait_for_url(f"**/orders/{order.group.number}/")
    state = page.locator("[data-state]").first
    assert state.get_attribute("data-state") in {"paid", "declared"}
    order.refresh_from_db()
    assert order.state in {"paid", "declared"} and order.paid_at is not None
    assert "¥" in page.content() and "110105199003071239" not in page.content()
    axe_check(page, "order paid")
    shot(page, "order-paid-zh")
