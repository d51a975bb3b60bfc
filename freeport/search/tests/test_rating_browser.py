"""Ratings in search, in Debian's Chromium: the stars on the cards and the "Top rated" sort
chosen from the sort form; axe-core clean in both themes."""

import re

import pytest
from playwright.sync_api import expect

from freeport.catalog.models import SKU
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders.testing import shopper_make, stock_make, warehouse_make
from freeport.reviews import services as reviews
from freeport.reviews.testing import order_make
from freeport.search import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rated(catalog):
    """F2 rated 4.5 on two reviews; F1 (the other 奶粉) has none."""
    skus = {s.code: s for s in SKU.objects.select_related("product")}
    warehouse = warehouse_make()
    for sku in skus.values():
        stock_make(sku, 50, warehouse)
    for i, stars in enumerate((5, 4)):
        user, buyer, address = shopper_make(f"s{i}")
        order = order_make(user, buyer, address, [(skus["F2-900"], 1)], key=f"k{i}")
        reviews.review_create(user=user, order_line_id=order.lines.get().pk, stars=stars)
    outbox_dispatch()
    services.index_products(skus[c].product_id for c in skus)


def test_cards_show_ratings_and_top_rated_sorts_by_them(page, rated, axe_check, shot):
    page.goto("/search/?q=奶粉&sort=price_asc")
    cards = page.locator(".card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).not_to_contain_text("4.5")  # F1, cheaper, unrated
    page.locator("#sort").select_option("rating")
    page.locator("#sort").locator("xpath=ancestor::form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"sort=rating"))
    first = page.locator(".card").nth(0)
    expect(first.locator(".card-rating")).to_contain_text("4.5")
    expect(first.get_by_role("img", name=re.compile("4.5"))).to_be_visible()
    expect(page.locator(".card-rating")).to_have_count(1)
    axe_check(page, "search sorted by rating (zh)")
    shot(page, "search-rating-zh")
    page.context.add_cookies([{"name": "theme", "value": "dark", "url": page.url}])
    page.reload()
    axe_check(page, "search sorted by rating (zh, dark)")
