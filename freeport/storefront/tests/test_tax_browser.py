"""Tax-inclusive price and the tax calculator in Chromium: figures, disclosure, errors, axe.

Screenshots (light and dark) land in test-artifacts/tax-*.png for a human look.
"""

import pytest
from playwright.sync_api import expect

from freeport.catalog import services
from freeport.catalog.models import Product
from freeport.catalog.testing import row_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def serum(catalog):
    """200.00 for 15 ml: a high-end cosmetic (VAT 13 %, consumption tax 15 %): ¥246.12."""
    row = row_make(
        product_code="S1", sku_code="S1-15", brand="alpine-rose", brand_zh="阿尔卑斯玫瑰",
        brand_en="Alpine Rose", category="serum", hs_code="3304990099",
        title_en="Alpine Rose Serum", title_zh="阿尔卑斯玫瑰 精华", price="200.00",
        net_content_value="15", net_content_unit="ml", net_weight_kg="0.015",
        gross_weight_kg="0.080", origin_country="CH", age_min_months="", age_max_months="",
        stage_label="", certifications="", tags="",
    )  # fmt: skip
    assert services.catalog_import(rows=[(1, row)], status="approved").imported
    return Product.objects.get(code="S1")


def test_product_page_tax_inclusive_price_and_breakdown(page, serum, axe_check, shot):
    page.goto(f"/p/{serum.id}/")
    expect(page.locator(".product-price")).to_have_text("含税价 ¥246.12")
    expect(page.locator(".product-pretax")).to_contain_text("税前 ¥200.00")
    details = page.locator("#tax-S1-15")
    breakdown = details.get_by_role("table")
    expect(breakdown).to_be_hidden()  # folded until asked for
    axe_check(page, "product with tax price (closed)")

    details.get_by_text("查看税费明细").click()
    expect(breakdown).to_be_visible()
    expect(breakdown.get_by_role("row", name="消费税")).to_contain_text("¥24.71")
    expect(breakdown.get_by_role("row", name="进口增值税")).to_contain_text("¥21.41")
    expect(breakdown.get_by_role("row", name="应付合计")).to_contain_text("¥246.12")
    expect(details).to_contain_text("跨境电商零售进口（限值以内）")
    details.scroll_into_view_if_needed()
    axe_check(page, "product tax breakdown (open)")
    shot(page, "tax-product-light")

    page.get_by_role("button", name="深色").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    axe_check(page, "product tax breakdown (dark)")
    shot(page, "tax-product-dark")

    # one click to the calculator, pre-filled with the SKU and already quoted
    details.get_by_role("link", name="在税费计算器中试算其他数量和运费").click()
    page.wait_for_url("**/tax/calculator/?sku=S1-15")
    expect(page.get_by_label("SKU 编码")).to_have_value("S1-15")
    expect(page.locator(".calc-total strong")).to_have_text("¥246.12")


def test_calculator_quotes_and_refuses_a_negative_price(page, serum, axe_check, shot):
    page.goto("/tax/calculator/")
    expect(page.get_by_role("heading", level=1)).to_have_text("跨境税费计算器")
    axe_check(page, "calculator (empty)")

    page.get_by_label("单件价格（元）").fill("200")
    page.get_by_label("类目").select_option("face-cream")
    page.get_by_label("单件净含量").fill("15")
    page.get_by_label("单位").select_option("ml")
    page.get_by_label("运费（元）").fill("10")
    page.get_by_role("button", name="计算税费").click()
    page.wait_for_url("**/tax/calculator/?*")
    # 210.00 dutiable: CT 37.06 × 70 % = 25.94, VAT 32.12 × 70 % = 22.48
    expect(page.locator(".calc-total strong")).to_have_text("¥258.42")
    expect(page.get_by_text("所用税号：3304990099 其他美容护肤品")).to_be_visible()
    steps = page.locator("ol.steps > li")
    expect(steps).to_have_count(6)
    expect(steps.nth(4)).to_contain_text("−¥20.76")
    axe_check(page, "calculator (result)")
    shot(page, "tax-calculator-light")

    price = page.get_by_label("单件价格（元）")
    price.fill("-5")
    page.get_by_role("button", name="计算税费").click()
    expect(page.locator("#id_price_error")).to_have_text("请输入大于 0 的价格。")
    expect(price).to_have_attribute("aria-invalid", "true")
    expect(price).to_have_attribute("aria-describedby", "id_price_error")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".calc-total")).to_have_count(0)
    axe_check(page, "calculator (error)")
    shot(page, "tax-calculator-error-light")

    page.get_by_role("button", name="深色").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    axe_check(page, "calculator (error, dark)")
    shot(page, "tax-calculator-error-dark")
    price.fill("200")
    page.get_by_role("button", name="计算税费").click()
    expect(page.locator(".calc-total strong")).to_have_text("¥258.42")
    axe_check(page, "calculator (result, dark)")
    shot(page, "tax-calculator-dark")


def test_listing_cards_in_english_and_phone_width(page, serum, axe_check, shot):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/c/skincare/")
    page.get_by_role("button", name="English").click()
    card = page.locator(".card", has_text="Alpine Rose Serum")
    expect(card.locator(".card-price")).to_have_text("¥246.12 incl. tax")
    expect(card.locator(".card-pretax")).to_have_text("¥200.00 before tax")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )
    axe_check(page, "skincare listing (en, phone)")
    shot(page, "tax-listing-en-phone")
    page.goto("/tax/calculator/?sku=C1-50")
    expect(page.locator(".calc-total strong")).to_have_text("¥1,046.00")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )
    axe_check(page, "calculator (en, phone)")
    shot(page, "tax-calculator-en-phone")
