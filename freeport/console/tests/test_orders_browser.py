"""Console order pages in Debian's Chromium (Playwright), with an axe-core scan of every page.

An operator goes from the dashboard to the orders, searches by the beginning of a number,
opens one order (masked buyer), reveals it with a reason and cancels it with another; the pages
again at a tablet's width and in the dark theme; a merchant's staff in Chinese. Screenshots:
test-artifacts/console-orders-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from freeport.kernel.models import AuditLog
from freeport.orders.models import Order
from freeport.orders.testing import shopper_make

from .conftest import PASSWORD
from .test_browser import dark, english, log_in
from .test_orders_pages import PERSONAL, alpine_add, orders_place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def orders(catalog):
    return orders_place(alpine_add(), shopper_make("buyer1"))


def fits_the_width(page) -> bool:
    """No sideways scrolling of the whole page (wide tables scroll inside their own box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_operator_finds_reveals_and_cancels_an_order(page, live_server, operator, orders,
                                                     axe_check, shot):  # fmt: skip
    order = orders["unpaid"]
    english(page, live_server)
    log_in(page, operator)

    # dashboard -> every order, newest first
    page.get_by_role("link", name="Orders", exact=True).click()
    expect(page).to_have_url(re.compile(r"/console/orders/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Orders")
    expect(page.locator("#orders tbody tr")).to_have_count(3)
    expect(page.locator("#state-tabs")).to_contain_text("awaiting payment (2)")
    axe_check(page, "orders")
    shot(page, "console-orders-01-list")

    # the beginning of a number, typed in lower case
    page.get_by_label("Order or checkout number").fill(order.number[:-3].lower())
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#orders tbody tr")).to_have_count(1)
    expect(page.locator("#order-count")).to_have_text("1 order")
    page.get_by_role("link", name="paid (0)").click()
    expect(page.locator("#orders")).to_have_count(0)
    expect(page.get_by_label("Order or checkout number")).to_have_value(order.number[:-3].lower())
    page.get_by_role("link", name="all states (1)").click()
    axe_check(page, "orders, searched")
    shot(page, "console-orders-02-searched")

    # one order: masked buyer, lines, amounts, timeline
    page.get_by_role("link", name=order.number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {order.number}")
    expect(page.locator("#order-state")).to_contain_text("awaiting payment")
    expect(page.locator("#lines tbody tr")).to_have_count(2)
    expect(page.locator("#timeline tbody tr")).to_have_count(1)
    for value in PERSONAL:
        expect(page.locator("body")).not_to_contain_text(value)
    axe_check(page, "one order")
    shot(page, "console-orders-03-detail")

    # the audited reveal
    page.locator("#order-reveal").get_by_label("Reason").fill("courier cannot find the address")
    page.get_by_role("button", name="Show personal data").click()
    expect(page.locator("#recipient")).to_contain_text("王小明")
    expect(page.locator("#recipient")).to_contain_text("13912345678")
    assert AuditLog.objects.filter(action="orders.reveal").count() == 1
    axe_check(page, "one order, revealed")
    shot(page, "console-orders-04-revealed")

    # cancel, with a reason (the only step offered, chosen already)
    expect(page.get_by_role("radio", name="Cancel the order")).to_be_checked()
    page.locator("#order-action").get_by_label("Reason").fill("buyer asked by phone")
    page.get_by_role("button", name="Apply the step").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        f"Order {order.number} is now cancelled."
    )
    expect(page.locator("#order-state")).to_contain_text("cancelled")
    expect(page.locator("#timeline tbody tr")).to_have_count(2)
    expect(page.locator("#timeline tbody tr").last).to_contain_text("buyer asked by phone")
    expect(page.locator("#no-actions")).to_be_visible()
    for value in PERSONAL:
        expect(page.locator("body")).not_to_contain_text(value)  # masked again
    assert Order.objects.get(pk=order.pk).state == "cancelled"
    axe_check(page, "one order, cancelled")
    shot(page, "console-orders-05-cancelled")

    # a tablet's width: usable, nothing off the side of the page
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto("/console/orders/")
    assert fits_the_width(page)
    axe_check(page, "orders (tablet)")
    shot(page, "console-orders-06-list-tablet")
    page.goto(f"/console/orders/{orders['paid'].number}/")
    assert fits_the_width(page)
    expect(page.get_by_role("radio", name="Cancel and refund")).to_be_visible()
    axe_check(page, "one paid order (tablet)")
    shot(page, "console-orders-07-detail-tablet")

    # dark theme
    dark(page)
    axe_check(page, "one paid order (dark)")
    shot(page, "console-orders-08-detail-dark")
    page.goto("/console/orders/")
    axe_check(page, "orders (dark)")


def test_merchant_staff_in_chinese(page, live_server, roles, orders, axe_check, shot):
    from freeport.console.services import staff_create

    ken = staff_create(username="ken", password=PASSWORD, role="merchant", merchant="kiwi-dairy")
    log_in(page, ken, next_url="/console/orders/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    # the console's words are translated by a later pass (makemessages): either language here
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^(订单|Orders)$"))
    expect(page.locator("#orders tbody tr")).to_have_count(2)
    expect(page.locator("#orders")).not_to_contain_text(orders["alpine"].number)
    expect(page.locator("#order-search [name=merchant]")).to_have_count(0)
    axe_check(page, "orders (merchant, zh)")
    shot(page, "console-orders-09-merchant-zh")
    page.get_by_role("link", name=orders["paid"].number).click()
    expect(page.locator("#order-reveal")).to_have_count(0)
    expect(page.locator("#order-action")).to_have_count(0)
    axe_check(page, "one order (merchant, zh)")
    shot(page, "console-orders-10-merchant-detail-zh")
