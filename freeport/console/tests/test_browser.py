"""Console journeys in Debian's Chromium (Playwright), with an axe-core scan of every page.

Uses the shared harness (freeport/testing/browser.py). Screenshots land in test-artifacts/
(gitignored) as console-*.png, in the light and the dark admin theme.
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from freeport.catalog.models import ListingReview, Product

from .conftest import PASSWORD
from .test_views import lot_make, warehouse_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stock(products):
    bonded, showroom = warehouse_make("bw1", "bonded", 1), warehouse_make("sr1", "showroom", 2)
    lot_make("K1-900", bonded, 120, reserved=20)
    lot_make("K2-900", bonded, 35)
    lot_make("A1-30", bonded, 60)
    lot_make("K1-900", showroom, 3)
    return bonded, showroom


def english(page, live_server):
    """Chosen with the site's language switch: Django's language cookie."""
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url + "/"}
    page.context.add_cookies([cookie])


def log_in(page, user, *, next_url="/console/"):
    page.goto(f"/admin/login/?next={next_url}")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def dark(page):
    """The admin's dark theme, as picked with its theme toggle (stored in localStorage)."""
    page.evaluate("localStorage.setItem('theme', 'dark')")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")


def charts_shown(page):
    charts = page.locator("#charts svg[role=img]")
    expect(charts).to_have_count(3)
    for name in ("Listings by status", "SKUs per category", "Stock units per warehouse"):
        expect(page.get_by_role("img", name=re.compile(name))).to_be_visible()


def test_operator_reviews_a_listing(page, live_server, operator, products, stock, axe_check,
                                    shot):  # fmt: skip
    english(page, live_server)
    log_in(page, operator)

    # dashboard: figures and charts
    expect(page.get_by_role("heading", level=1)).to_have_text("Console")
    expect(page.locator(".breadcrumbs")).to_have_text(re.compile(r"Home\s*›\s*Console"))
    charts_shown(page)
    expect(page.get_by_role("img", name=re.compile("Listings by status"))).to_have_accessible_name(
        re.compile("pending review: 3; approved: 0")
    )
    # sellable: (120 on hand - 20 reserved) + 35 + 60; the showroom's 3 on display
    expect(page.get_by_role("img", name=re.compile("Stock units"))).to_have_accessible_name(
        re.compile("Warehouse bw1: 195; Warehouse sr1 \\(display only\\): 3")
    )
    axe_check(page, "console dashboard (operator)")
    shot(page, "console-01-dashboard")

    # the review queue, pending listings oldest first
    page.get_by_role("link", name="Review queue (3)").click()
    expect(page).to_have_url(re.compile(r"/console/listings/\?status=pending$"))
    expect(page.locator("#queue tbody tr")).to_have_count(3)
    expect(page.get_by_role("link", name="pending review")).to_have_attribute(
        "aria-current", "page"
    )
    axe_check(page, "review queue")
    shot(page, "console-02-queue")

    # one listing
    page.get_by_role("link", name=re.compile("K1 Kiwi One")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review K1")
    expect(page.locator("#compliance")).to_contain_text("1901101090")
    axe_check(page, "review page")
    shot(page, "console-03-review")

    # reject without a reason: refused, nothing changes
    page.get_by_label("Reject").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".messagelist .error")).to_contain_text("A reason is required")
    expect(page.locator("#status")).to_contain_text("pending review")
    assert Product.objects.get(code="K1").status == "pending"
    assert not ListingReview.objects.exists()
    axe_check(page, "review page with an error")
    shot(page, "console-04-review-refused")

    # approve: done
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".messagelist .success")).to_have_text("K1 is now approved.")
    expect(page.locator("#status")).to_contain_text("approved")
    expect(page.locator("#history tbody")).to_contain_text("olivia")
    assert Product.objects.get(code="K1").status == "approved"
    axe_check(page, "review page after approval")
    shot(page, "console-05-review-approved")

    # the same pages in the admin's dark theme
    page.goto("/console/")
    dark(page)
    charts_shown(page)
    axe_check(page, "console dashboard (dark)")
    shot(page, "console-06-dashboard-dark")
    page.goto("/console/listings/?status=pending")
    axe_check(page, "review queue (dark)")
    shot(page, "console-07-queue-dark")
    page.goto(f"/console/listings/{products['K2'].pk}/")
    axe_check(page, "review page (dark)")
    shot(page, "console-08-review-dark")


def test_merchant_staff_see_their_dashboard(page, live_server, kiwi_staff, products, stock,
                                            axe_check, shot):  # fmt: skip
    log_in(page, kiwi_staff)  # the site's default language: Chinese

    expect(page.get_by_role("heading", level=1)).to_have_text("控制台")
    expect(page.locator("#charts svg[role=img]")).to_have_count(3)
    expect(page.locator("#chart-listings")).to_contain_text("2")
    expect(page.locator("#chart-stock")).to_contain_text("135")  # K1 100 + K2 35, not A1's 60
    expect(page.locator("body")).not_to_contain_text("Alpine")  # another merchant's
    expect(page.get_by_role("link", name=re.compile("审核队列"))).to_have_count(0)
    axe_check(page, "console dashboard (merchant, zh)")
    shot(page, "console-09-dashboard-merchant-zh")

    dark(page)
    axe_check(page, "console dashboard (merchant, zh, dark)")
    shot(page, "console-10-dashboard-merchant-dark")

    # narrow window: the charts shrink with the page, nothing sticks out
    page.set_viewport_size({"width": 760, "height": 900})
    page.reload()
    assert page.evaluate(
        "[...document.querySelectorAll('.console-chart')].every("
        "f => f.getBoundingClientRect().right <= document.documentElement.clientWidth)"
    )
    shot(page, "console-11-dashboard-merchant-narrow")
