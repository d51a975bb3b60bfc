"""The console's zero-result queries in Debian's Chromium (Playwright), axe-core on every step.

An operator goes from the dashboard to the list, tries a rule that is not valid (an error, nothing
added), adds a one-way synonym rule that makes a query find a product, and dismisses another.
Screenshots: test-artifacts/console-search-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from freeport.kernel.models import AuditLog
from freeport.search import selectors
from freeport.search.models import Synonym, ZeroResultQuery

from .test_browser import dark, english, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def zero(catalog):
    selectors.invalidate()
    make = ZeroResultQuery.objects.create
    return {
        "sunblock": make(query="sunblock", count=7),
        "独角兽": make(query="独角兽", count=3),
        "kiwi": make(query="kiwi", count=2),  # finds products now
    }


def test_operator_turns_a_zero_result_query_into_a_synonym_rule(
    page, live_server, operator, zero, axe_check, shot
):
    english(page, live_server)
    log_in(page, operator)
    page.get_by_role("link", name="Zero-result queries to review").click()
    expect(page).to_have_url(re.compile(r"/console/search/zero-results/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zero-result queries to review")
    rows = page.locator("#zero-results tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("sunblock")
    expect(rows.first.locator(".finds-now")).to_have_text("nothing yet")
    expect(page.locator("tr[data-query=kiwi] .finds-now a")).to_contain_text("product")
    axe_check(page, "zero-result queries")
    shot(page, "console-search-01-zero-results")

    # A one-word rule with no target is not a rule: an error on its row, nothing added.
    row = page.locator("tr[data-query=sunblock]")
    expect(row.get_by_label("Words")).to_have_value("sunblock")
    row.get_by_role("button", name="Add the synonym rule for “sunblock”").click()
    expect(page.locator(".messagelist .error")).to_contain_text("was not added")
    row = page.locator("tr[data-query=sunblock]")
    expect(row.locator(".errorlist")).to_have_text("A two-way rule needs at least two words.")
    expect(row.get_by_label("Words")).to_have_attribute("aria-invalid", "true")
    assert not Synonym.objects.exists()
    axe_check(page, "zero-result queries, bad rule")
    shot(page, "console-search-02-bad-rule")

    # sunblock → 晚霜 (one-way): the query finds the night cream now.
    row.get_by_label("One-way targets (optional)").fill("晚霜")
    row.get_by_role("button", name="Add the synonym rule for “sunblock”").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "Synonym rule “sunblock → 晚霜” added. “sunblock” now finds 1 product."
    )
    expect(page.locator("tr[data-query=sunblock] .finds-now a")).to_have_text("1 product")
    assert Synonym.objects.get().targets == "晚霜"
    assert AuditLog.objects.filter(action="search.synonym_add").count() == 1
    axe_check(page, "zero-result queries, rule added")
    shot(page, "console-search-03-rule-added")

    # Dismiss a query that needs no rule.
    page.get_by_role("button", name="Dismiss “独角兽”").click()
    expect(page.locator(".messagelist .success")).to_have_text("“独角兽” was dismissed.")
    expect(page.locator("#zero-results tbody tr")).to_have_count(2)
    assert ZeroResultQuery.objects.get(query="独角兽").dismissed_at is not None

    # The results link opens the shopper's search.
    page.locator("tr[data-query=sunblock] .finds-now a").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=sunblock$"))
    expect(page.locator(".card")).to_have_count(1)

    page.goto("/console/search/zero-results/")
    dark(page)
    axe_check(page, "zero-result queries (dark)")
    shot(page, "console-search-04-dark")


def test_zero_result_queries_in_chinese(page, live_server, operator, zero, axe_check, shot):
    log_in(page, operator, next_url="/console/search/zero-results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("待处理的无结果搜索词")
    page.locator("tr[data-query=sunblock]").get_by_role("button", name=re.compile("添加")).click()
    expect(page.locator(".errorlist")).to_have_text("双向规则至少需要两个词。")
    axe_check(page, "zero-result queries (zh)")
    shot(page, "console-search-05-zh")
