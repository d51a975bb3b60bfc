"""Searching in Debian's Chromium: the header box with suggestions, a filter, axe-core clean."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_suggestions_and_filter(page, catalog, axe_check, shot):
    page.goto("/")
    box = page.get_by_role("searchbox", name="搜索商品")
    box.fill("nf")  # pinyin initials of 奶粉
    suggestions = page.get_by_role("region", name="搜索建议")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("link").first).to_contain_text("奶粉")
    axe_check(page, "home with suggestions (zh)")
    shot(page, "search-01-suggestions-zh")
    box.press("ArrowDown")
    expect(suggestions.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()

    box.fill("奶粉")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text("“奶粉”的搜索结果")
    expect(page.locator(".card")).to_have_count(2)
    axe_check(page, "search results (zh)")

    # Narrow with the facet form (a plain GET form) by price.
    page.get_by_label("最高").fill("200")
    page.get_by_role("button", name="应用筛选").click()
    expect(page).to_have_url(re.compile(r"price_max=200"))
    expect(page.locator(".card")).to_have_count(1)
    axe_check(page, "search results filtered (zh)")
    shot(page, "search-02-results-filtered-zh")

    # Words that name filters become removable chips.
    page.goto("/search/?q=无香精+面霜")
    expect(page.locator(".understood .chip")).to_have_count(2)
    expect(page.locator(".card")).to_have_count(1)
    page.get_by_role("link", name=re.compile("无香精")).click()
    expect(page).to_have_url(re.compile(r"q=%E9%9D%A2%E9%9C%9C$"))
    axe_check(page, "search with understood filters (zh)")

    # A typo gets a "did you mean" link; English and the dark theme stay axe-clean.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url},
                              {"name": "theme", "value": "dark", "url": page.url}])  # fmt: skip
    page.goto("/search/?q=alpne+rose")
    page.get_by_role("link", name="alpine rose", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “alpine rose”")
    axe_check(page, "search results (en, dark)")
    shot(page, "search-03-results-en-dark")


def test_search_works_without_javascript(browser, live_server, catalog):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("searchbox", name="搜索商品").fill("qiyijin")
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(page.locator(".card")).to_have_count(2)
    page.get_by_label(re.compile("奇异金")).check()
    page.get_by_role("button", name="应用筛选").click()
    expect(page).to_have_url(re.compile(r"brand=kiwi-gold"))
    expect(page.locator(".card")).to_have_count(2)
    context.close()


def test_ships_within_24h_filter(page, catalog, axe_check, shot):
    from django.utils import timezone

    from freeport.catalog.models import SKU
    from freeport.inventory.models import StockLot, Warehouse
    from freeport.search import services

    fast = Warehouse.objects.create(
        code="FAST", name_zh="快仓", name_en="Fast", kind="bonded", province="上海", city="上海",
        customs_area_code="2244", dispatch_hours=12,
    )  # fmt: skip
    sku = SKU.objects.get(code="F1-900")
    StockLot.objects.create(sku=sku, warehouse=fast, batch_number="B-1", customs_entry_ref="E-1",
                            quantity_on_hand=5, received_at=timezone.now())  # fmt: skip
    services.index_products([sku.product_id])
    page.goto("/search/?q=奶粉")
    expect(page.locator(".card")).to_have_count(2)
    box = page.get_by_role("checkbox", name=re.compile("24"))
    expect(box).not_to_be_checked()
    box.check()
    page.get_by_role("button", name="应用筛选").click()
    expect(page).to_have_url(re.compile(r"ships_24h=1"))
    expect(page.locator(".card")).to_have_count(1)
    expect(page.get_by_role("checkbox", name=re.compile("24"))).to_be_checked()
    axe_check(page, "search results, ships within 24 h (zh)")
    shot(page, "search-04-ships-24h-zh")
