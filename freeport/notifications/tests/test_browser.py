"""The notification centre in Debian's Chromium (Playwright), with axe-core scans.

A signed-in shopper sees the unread badge in the header, opens the centre, follows one
notification's link (it becomes read), and marks the rest read; light and dark themes, English
and Chinese. Screenshots: test-artifacts/notifications-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from freeport.notifications.services import notify
from freeport.testing.browser import signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shopper(django_user_model):
    user = django_user_model.objects.create_user("shopper", email="s@example.com")
    notify(user=user, kind="order.paid", title="Payment received", body="Order G1 is paid.",
           link="/notifications/", dedupe_key="paid:G1")  # fmt: skip
    notify(user=user, kind="shipment.inspection", title="Your parcel is being inspected",
           body="Customs picked waybill WB1 for inspection.\nThis usually adds 1-2 days.",
           link="/orders/", dedupe_key="inspection:WB1")  # fmt: skip
    notify(user=user, kind="shipment.delayed", title="您的包裹将延迟送达", body="预计晚 2 天。",
           dedupe_key="delay:WB1")  # fmt: skip
    return user


def test_shopper_reads_notifications(page, live_server, shopper, axe_check, shot):
    signed_in_as(page, live_server, shopper)
    page.goto("/")
    link = page.get_by_role("link", name=re.compile(r"^Notifications 3 unread$"))
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.locator(".notification-unread")).to_have_count(3)
    axe_check(page, "notifications")
    shot(page, "notifications-01-list")

    page.get_by_role("button", name="View", exact=True).first.click()  # the newest with a link
    expect(page).to_have_url(re.compile(r"/orders/$"))
    expect(page.get_by_role("link", name=re.compile(r"^Notifications 2 unread$"))).to_be_visible()

    page.goto("/notifications/")
    expect(page.locator(".notification-unread")).to_have_count(2)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator(".notification-unread")).to_have_count(0)
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    page.evaluate("document.documentElement.setAttribute('data-theme', 'dark')")
    axe_check(page, "notifications, all read, dark")
    shot(page, "notifications-02-read-dark")


def test_chinese_page_passes_axe(page, live_server, shopper, axe_check, shot):
    signed_in_as(page, live_server, shopper, language="zh-hans")
    page.goto("/notifications/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    axe_check(page, "notifications zh")
    shot(page, "notifications-03-zh")
