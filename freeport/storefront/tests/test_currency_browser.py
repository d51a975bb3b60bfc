"""Choosing a display currency in Debian's Chromium: the footer form, indicative prices on the
product page and the cards, back to CNY only; axe-core clean."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from freeport.catalog.models import Product
from freeport.checkout.models import FxRate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shopper_sees_prices_in_euros_and_goes_back_to_cny(page, stock, axe_check, shot):
    FxRate.objects.create(currency="EUR", cny_per_unit=Decimal("7.7321"), source="test bank",
                          as_of=timezone.now() - timedelta(hours=2))  # fmt: skip
    product = Product.objects.get(code="C1")
    page.goto(f"/p/{product.id}/")
    expect(page.locator(".product-fx")).to_have_count(0)
    page.get_by_label("同时显示价格的币种").select_option("EUR")
    page.get_by_role("button", name="显示价格").click()
    expect(page).to_have_url(re.compile(rf"/p/{product.id}/$"))
    expect(page.locator(".product-fx-amount")).to_have_text(re.compile(r"^≈ €\d+\.\d\d"))
    expect(page.locator(".product-fx")).to_contain_text("1 EUR = ¥7.7321 折算")
    axe_check(page, "product page with euro prices (zh)")
    shot(page, "currency-01-product-eur-zh")
    page.goto("/products/")
    expect(page.locator(".card-fx").first).to_have_text(re.compile(r"^≈ €"))
    axe_check(page, "listing with euro prices (zh)")
    page.get_by_label("同时显示价格的币种").select_option("")
    page.get_by_role("button", name="显示价格").click()
    expect(page.locator(".card-fx")).to_have_count(0)
