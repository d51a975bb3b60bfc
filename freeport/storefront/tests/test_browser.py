"""Shopper journeys in Debian's Chromium (Playwright), with an axe-core scan of every page.

Screenshots land in test-artifacts/ (gitignored) for a human look.
"""

import re

import pytest
from playwright.sync_api import expect

from freeport.catalog.models import Product

from .conftest import more_products

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_OVERFLOW = "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"


def html_attr(page, name):
    return page.evaluate(f"document.documentElement.getAttribute('{name}')")


def test_journey_home_category_product_language_and_dark_mode(page, stock, axe_check, shot):
    Product.objects.filter(code="F1").update(sales_count=30)

    # Home, in Chinese for a zh-CN browser
    page.goto("/")
    assert html_attr(page, "lang") == "zh-hans"
    expect(page.get_by_role("heading", level=1)).to_have_text("进口好物，保税仓直发")
    axe_check(page, "home (zh)")
    shot(page, "01-home-zh")

    # -> category
    page.get_by_role("link", name="婴幼儿奶粉", exact=True).click()
    expect(page).to_have_url(re.compile(r"/c/infant-formula/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("婴幼儿奶粉")
    expect(page.locator(".card")).to_have_count(2)
    axe_check(page, "category (zh)")
    shot(page, "02-category-zh")

    # filter by price with the form, then sort
    page.get_by_label("最高").fill("250")
    page.get_by_role("button", name="应用筛选").click()
    expect(page).to_have_url(re.compile(r"price_max=250"))
    expect(page.locator(".card")).to_have_count(1)
    page.get_by_role("link", name="全部清除").click()
    expect(page.locator(".card")).to_have_count(2)
    page.get_by_label("排序").select_option("price_desc")
    page.get_by_role("button", name="排序", exact=True).click()
    expect(page.locator(".card-title").first).to_have_text("奇异金 较大婴儿配方奶粉 2段")

    # bad input shows a message, not an error page
    page.goto("/c/infant-formula/?price_min=abc&origin=XX")
    expect(page.locator(".error-summary")).to_contain_text("2 项筛选条件无法使用")
    expect(page.locator("#origin-error")).to_have_text("未知的原产国代码：XX，已忽略。")
    expect(page.get_by_label("最低")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("最高")).not_to_have_attribute("aria-invalid", "true")
    axe_check(page, "category with errors (zh)")
    shot(page, "03-category-errors-zh")

    # -> product
    page.goto("/c/infant-formula/")
    page.get_by_role("link", name="奇异金 婴儿配方奶粉 1段").click()
    expect(page).to_have_url(re.compile(r"/p/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("奇异金 婴儿配方奶粉 1段")
    compliance = page.locator(".compliance")
    expect(compliance).to_contain_text("1901101090")
    expect(compliance).to_contain_text("900 g ≈ 31.7 oz ≈ 1.98 lb")
    expect(compliance).to_contain_text("相当于国标 1段 婴儿配方（GB 10765-2021）")
    expect(page.locator(".stock-list")).to_contain_text("库存紧张")
    axe_check(page, "product (zh)")
    shot(page, "04-product-zh")
    product_url = page.url

    # switch language to English: same page, English content, choice sticks
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == product_url
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiwi Gold Infant Formula Stage 1")
    expect(page.locator(".compliance")).to_contain_text(
        "Equivalent to Chinese national standard Stage 1 infant formula (GB 10765-2021)"
    )
    axe_check(page, "product (en)")
    shot(page, "05-product-en")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, "06-home-en")
    page.goto("/c/skincare/")
    axe_check(page, "category (en)")
    shot(page, "07-category-en")

    # and back to Chinese
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("护肤")

    # dark mode: applied at once, remembered by the cookie
    assert html_attr(page, "data-theme") == "auto"
    page.get_by_role("button", name="深色").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.get_by_role("button", name="深色")).to_have_attribute("aria-pressed", "true")
    page.wait_for_function("document.cookie !== undefined")
    page.wait_for_timeout(300)  # let the background POST store the cookie
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(14, 19, 26)"
    axe_check(page, "category (zh, dark)")
    shot(page, "08-category-dark")
    page.goto(product_url)
    axe_check(page, "product (zh, dark)")
    shot(page, "09-product-dark")
    page.goto("/")
    axe_check(page, "home (zh, dark)")
    shot(page, "10-home-dark")
    page.get_by_role("button", name="English").click()
    axe_check(page, "home (en, dark)")

    # back to light
    page.get_by_role("button", name="Light").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")


def test_theme_and_language_work_without_javascript(browser, live_server, catalog):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/products/")
    assert html_attr(page, "lang") == "zh-hans"  # the default, whatever the browser's language
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert html_attr(page, "lang") == "en"
    page.get_by_role("button", name="Dark").click()
    page.wait_for_load_state()
    assert page.url.endswith("/products/")
    assert html_attr(page, "data-theme") == "dark"
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_load_state()
    assert html_attr(page, "lang") == "zh-hans"
    context.close()


def test_auto_theme_follows_the_system_setting(browser, live_server, catalog, axe_check):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", color_scheme="dark")
    page = context.new_page()
    page.goto("/")
    assert html_attr(page, "data-theme") == "auto"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(14, 19, 26)"
    axe_check(page, "home (auto, system dark)")
    context.close()


def test_skip_link_and_visible_focus(page, catalog):
    page.goto("/products/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_layout_survives_200_percent_text_and_phone_width(page, stock, shot):
    product = Product.objects.get(code="F1")
    for url in ("/", "/c/infant-formula/", f"/p/{product.id}/"):
        page.goto(url)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate(NO_OVERFLOW), f"horizontal overflow at 200% text on {url}"
    shot(page, "11-product-200pct")
    page.set_viewport_size({"width": 375, "height": 812})
    for url in ("/", "/c/infant-formula/", f"/p/{product.id}/"):
        page.goto(url)
        assert page.evaluate(NO_OVERFLOW), f"horizontal overflow on a phone on {url}"
    # on a phone the filters start folded and open on demand
    page.goto("/c/infant-formula/")
    panel = page.locator("details.filters-panel")
    expect(panel).not_to_have_attribute("open", "")
    shot(page, "12-category-phone")
    page.get_by_text("筛选", exact=True).click()
    expect(panel).to_have_attribute("open", "")
    page.goto(f"/p/{product.id}/")
    shot(page, "13-product-phone")


def test_phone_with_200_percent_text_in_english(page, stock, live_server, axe_check):
    """The widest labels (English theme switch) still fit a 375 px phone at 200 % text."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size({"width": 375, "height": 812})
    product = Product.objects.get(code="F1")
    for url in ("/", "/c/infant-formula/", f"/p/{product.id}/"):
        page.goto(url)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate(NO_OVERFLOW), f"horizontal overflow at 375 px, 200 % text on {url}"


def test_every_card_image_loads_when_scrolled_to(page, catalog):
    more_products(30)  # 24 cards on the first page: 8 load at once, the rest lazily
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto("/products/")
    images = page.locator("img.card-img")
    expect(images).to_have_count(24)
    for i in range(24):
        images.nth(i).scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('img.card-img')].every(i => i.complete && i.naturalWidth)"
    )
    box = images.first.bounding_box()
    assert abs(box["width"] - box["height"]) < 1  # square box reserved, no layout shift
