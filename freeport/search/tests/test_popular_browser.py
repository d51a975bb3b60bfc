"""Popular searches in the header box (Chromium + axe): a group of their own, above the names."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from freeport.search.autocomplete import query_spellings
from freeport.search.models import SearchQueryStat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def popular(query, count, results=2):
    spelling, initials = query_spellings(query)
    SearchQueryStat.objects.create(
        query=query, count=count, results=results, spelling=spelling, initials=initials
    )


def test_popular_searches_in_the_suggestions(page, live_server, catalog, axe_check, shot):
    popular("奶粉 1段", 12)
    popular("奶粉", 30)
    popular("奶粉 hidden", 99)
    SearchQueryStat.objects.filter(query="奶粉 hidden").update(is_hidden=True)
    page.goto("/")
    box = page.get_by_role("searchbox", name="搜索商品")
    box.fill("nf")  # initials of 奶粉
    suggestions = page.get_by_role("region", name="搜索建议")
    expect(suggestions).to_be_visible()
    group = suggestions.get_by_role("list", name="热门搜索")
    expect(group).to_be_visible()
    expect(group.get_by_role("link")).to_have_count(2)
    expect(group.get_by_role("link").first).to_have_accessible_name("奶粉 热门搜索")
    expect(suggestions).not_to_contain_text("hidden")
    # the brand, category and product suggestions are still there, below
    expect(suggestions.locator("ul.suggest-names a").first).to_be_visible()
    axe_check(page, "header box with popular searches (zh)")
    shot(page, "search-04-popular-zh")

    # The keyboard reaches the popular searches first; choosing one searches it (and counts).
    box.press("ArrowDown")
    expect(group.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=" + re.escape(quote("奶粉")) + "$"))
    expect(page.locator(".card")).to_have_count(2)
    assert SearchQueryStat.objects.get(query="奶粉").count == 31

    # Nothing popular for the text: the group is hidden, the other suggestions stay.
    home = live_server.url + "/"
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": home},
                              {"name": "theme", "value": "dark", "url": home}])  # fmt: skip
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search products")
    box.fill("alpi")
    suggestions = page.get_by_role("region", name="Suggestions")
    expect(suggestions.get_by_role("link").first).to_be_visible()
    expect(suggestions.get_by_role("list", name="Popular searches")).to_be_hidden()
    box.fill("naif")
    group = suggestions.get_by_role("list", name="Popular searches")
    expect(group.get_by_role("link").first).to_have_accessible_name("奶粉 Popular search")
    axe_check(page, "header box with popular searches (en, dark)")
    shot(page, "search-05-popular-en-dark")
