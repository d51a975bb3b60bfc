"""Disputes in Debian's Chromium (Playwright) with axe-core scans: the shopper opens one from the
keyboard and reads the thread; the operator sees the queue with an overdue dispute, takes,
answers and resolves it with a partial refund (light and dark themes, English and Chinese).
Screenshots: test-artifacts/disputes-*.png."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from freeport.aftersales import disputes
from freeport.aftersales.models import Dispute
from freeport.console.services import roles_ensure, staff_create
from freeport.payments.selectors import payments_reconcile
from freeport.testing.browser import signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shopper_opens_a_dispute_from_the_keyboard(page, live_server, delivered, axe_check, shot):
    signed_in_as(page, live_server, delivered.user)
    page.goto(f"/aftersales/disputes/new/?order={delivered.number}")
    axe_check(page, "dispute form")
    page.get_by_label("Subject").focus()
    page.keyboard.type("Dented tin")
    page.keyboard.press("Tab")
    page.keyboard.type("The tin arrived dented; please refund part of it.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the submit button has the focus
    expect(page).to_have_url(re.compile(r"/aftersales/disputes/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("Your dispute was sent")
    expect(page.locator(".dispute-thread")).to_contain_text("please refund part of it")
    axe_check(page, "dispute thread")
    shot(page, "disputes-shopper-thread")
    page.get_by_label("Your message").fill("")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".field-error")).to_be_visible()
    axe_check(page, "dispute thread, empty reply")


def test_operator_resolves_from_the_queue(page, live_server, delivered, axe_check, shot):
    roles_ensure()
    operator = staff_create(username="olivia", password="dispute-pass-1", role="operator")
    dispute = disputes.dispute_open(
        user=delivered.user, order_number=delivered.number, topic="damaged",
        subject="Dented tin", message="The tin arrived dented.",
    )  # fmt: skip
    Dispute.objects.filter(pk=dispute.pk).update(due_at=dispute.opened_at - timedelta(hours=3))
    signed_in_as(page, live_server, operator)
    page.goto("/console/")
    page.get_by_role("link", name="Disputes").click()
    row = page.locator(f'tr[data-dispute="{dispute.pk}"]')
    expect(row).to_contain_text("Overdue")
    axe_check(page, "dispute queue")
    shot(page, "disputes-queue")
    row.get_by_role("link").click()
    page.get_by_role("button", name="Take this dispute").click()
    expect(page.locator("#dispute-assignee")).to_have_text("olivia")
    page.get_by_label("Your message").fill("Could you send a photo?")
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".dispute-thread")).to_contain_text("Could you send a photo?")
    page.get_by_label("partial refund").check()
    page.get_by_label("Refund amount (CNY)").fill("99999.00")
    page.get_by_label("Note to the shopper").fill("Sorry for the dent.")
    page.get_by_role("button", name="Resolve the dispute").click()
    expect(page.locator(".field-error")).to_contain_text("left to refund")
    axe_check(page, "dispute detail, refused amount")
    page.get_by_label("Refund amount (CNY)").fill("20.00")
    page.get_by_label("partial refund").check()
    page.get_by_role("button", name="Resolve the dispute").click()
    expect(page.locator("#dispute-status")).to_contain_text("resolved")
    axe_check(page, "dispute detail, resolved")
    page.evaluate("localStorage.setItem('theme', 'dark')")
    page.goto("/console/disputes/?status=all")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    axe_check(page, "dispute queue (dark)")
    shot(page, "disputes-queue-dark")
    assert payments_reconcile() == []
    signed_in_as(page, live_server, delivered.user, language="zh-hans")
    page.goto(f"/aftersales/disputes/{dispute.pk}/")
    expect(page.locator(".dispute-thread")).to_contain_text("Sorry for the dent.")
    axe_check(page, "dispute thread, resolved (zh)")
