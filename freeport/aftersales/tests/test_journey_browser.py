"""The issue's proof in Debian's Chromium (Playwright), with an axe-core scan of every shopper
page visited: a paid order released by customs, picked, packed, labelled, handed over and
delivered (tests/conftest.py `deliver`: fulfillment services and tracking_apply); the shopper
sees the delivered tracking timeline on the order page, clicks "Return or exchange", reads the
rules, sends a quality-problem return with a photo; the operator issues the label (the shopper
sees it), the shopper says it was sent; received, inspected, refunded (services called directly);
the shopper's return page shows the refund. Without JavaScript, "Check the rules" does the same.
Screenshots: test-artifacts/returns-*.png (not committed)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from freeport.aftersales import policy, services
from freeport.aftersales.models import ReturnRequest
from freeport.console.services import staff_create
from freeport.fulfillment.models import Shipment
from freeport.kernel.money import format_cny
from freeport.payments.selectors import payments_reconcile
from freeport.testing.browser import signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def later(monkeypatch):
    """The order is delivered one day after customs released it ("now"): move the clock two
    days on (the live server runs in this process), so the shopper asks a day after delivery."""
    real = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real() + timedelta(days=2))


def quality_refund(order, code, quantity) -> Decimal:
    line = order.lines.get(sku__code=code)
    decision = policy.decide(
        kind="return", reason="quality",
        items=[policy.Item(services._paid_line(line), services._root_category(line.sku), quantity)],
        delivered_at=Shipment.objects.get(order=order).delivered_at,
        released_at=services._released_at(order), applied_at=timezone.now(), tier="standard",
        free_used=0,
    )  # fmt: skip
    return decision.refund.total


def test_delivered_order_to_refund_in_the_browser(
    page, live_server, delivered, later, photo_root, axe_check, shot
):
    order = delivered
    operator = staff_create(username="olivia", password="journey-pass-1", role="operator")
    signed_in_as(page, live_server, order.user)

    # The order page: the tracking timeline ends at "Delivered", and a way to return.
    page.goto(f"/orders/{order.group.number}/")
    current = page.locator("ol.tracking li[aria-current=step]")
    expect(current).to_contain_text("Delivered")
    expect(page.locator(f'[data-state="{order.state}"]')).to_contain_text("delivered")
    axe_check(page, "order page, delivered")
    shot(page, "returns-1-order-delivered")
    page.get_by_role("link", name="Return or exchange").click()

    # The form with the rules for the default selection (every unit, quality problem).
    expect(page).to_have_url(re.compile(rf"/aftersales/returns/new/{order.number}/$"))
    expect(page.locator("#rules-verdict")).to_have_attribute("data-allowed", "yes")
    everything = quality_refund(order, "F1-900", 2) + quality_refund(order, "C1-50", 1)
    expect(page.locator("#rules-refund-total")).to_have_text(format_cny(everything))
    expect(page.locator("#rules-shipping")).to_have_text("We pay it")
    axe_check(page, "return form")
    # One tin only: the rules follow the selection (fetched on change).
    c1 = order.lines.get(sku__code="C1-50")
    f1 = order.lines.get(sku__code="F1-900")
    page.locator(f"#id_qty_{c1.pk}").select_option("0")
    page.locator(f"#id_qty_{f1.pk}").select_option("1")
    one_tin = quality_refund(order, "F1-900", 1)
    expect(page.locator("#rules-refund-total")).to_have_text(format_cny(one_tin))
    # A change of mind on an opened skincare item would be refused: said before sending.
    page.get_by_label("changed my mind (no reason)").check()
    page.locator(f"#id_qty_{c1.pk}").select_option("1")
    page.locator(f"#id_opened_{c1.pk}").check()
    expect(page.locator("#rules-verdict")).to_have_attribute("data-allowed", "no")
    expect(page.locator("#return-rules")).to_contain_text("Opened items of this category")
    axe_check(page, "return form, refused preview")
    page.locator(f"#id_opened_{c1.pk}").uncheck()
    page.locator(f"#id_qty_{c1.pk}").select_option("0")
    page.get_by_label("quality problem").check()
    expect(page.locator("#rules-refund-total")).to_have_text(format_cny(one_tin))
    page.get_by_label("Describe the problem (optional)").fill("The tin's seal is broken.")
    page.get_by_label("Photos (optional)").set_input_files(
        [{"name": "seal.png", "mimeType": "image/png", "buffer": PNG}]
    )
    shot(page, "returns-2-form-rules")
    page.get_by_role("button", name="Send the request").click()

    # The request's page.
    expect(page).to_have_url(re.compile(r"/aftersales/returns/R\w+/$"))
    request = ReturnRequest.objects.get()
    number = request.number
    assert request.photos.count() == 1 and request.reason == "quality"
    expect(page.get_by_role("status")).to_contain_text(number)
    expect(page.locator("#return-status")).to_have_attribute("data-status", "requested")
    expect(page.locator("#return-expected")).to_contain_text(format_cny(one_tin))
    axe_check(page, "return request, requested")
    shot(page, "returns-3-requested")

    # The operator issues the label; the shopper sees it and says the parcel is sent.
    services.return_label_issue(number=number, actor=operator)
    request.refresh_from_db()
    page.reload()
    expect(page.locator("#return-waybill")).to_have_text(request.waybill_number)
    expect(page.locator("#return-label")).to_contain_text(
        timezone.localtime(request.ship_back_by).strftime("%Y-%m-%d %H:%M")
    )
    axe_check(page, "return request, label issued")
    shot(page, "returns-4-label")
    page.get_by_role("button", name="I have sent it").click()
    expect(page.locator("#return-status")).to_have_attribute("data-status", "in_transit")
    axe_check(page, "return request, sent back")

    # Received, inspected, refunded (the console's work, called directly).
    services.return_receive(number=number, actor=operator)
    item = request.items.get()
    services.return_inspect(
        number=number, actor=operator, grades=[{"item": item.pk, "grade": "resellable"}]
    )
    services.return_refund(number=number, actor=operator)
    request.refresh_from_db()
    assert request.refund_amount == one_tin
    page.reload()
    expect(page.locator("#return-status")).to_have_attribute("data-status", "refunded")
    expect(page.locator("#return-items")).to_contain_text("resellable")
    expect(page.locator("#refund-total")).to_have_text(format_cny(request.refund_amount))
    expect(page.locator("#refund-now")).to_have_text(
        format_cny(request.refund_amount - request.refund_tax)
    )
    if request.refund_tax:
        expect(page.locator("#refund-tax-state")).to_have_attribute("data-state", "pending")
    expect(page.locator("#return-dispute a")).to_have_attribute(
        "href", f"/aftersales/disputes/new/?order={order.number}&return={number}"
    )
    axe_check(page, "return request, refunded")
    shot(page, "returns-5-refunded")
    assert payments_reconcile() == []

    # The order page and the list say it too; in Chinese as well.
    page.goto(f"/orders/{order.group.number}/")
    expect(page.locator(".order-returns")).to_contain_text(format_cny(request.refund_amount))
    axe_check(page, "order page, refunded return")
    page.goto("/aftersales/returns/")
    expect(page.locator(f'tr[data-return="{number}"]')).to_contain_text("refunded")
    axe_check(page, "return requests")
    signed_in_as(page, live_server, order.user, language="zh-hans")
    page.goto(f"/aftersales/returns/{number}/")
    expect(page.locator("#refund-total")).to_have_text(format_cny(request.refund_amount))
    axe_check(page, "return request (zh-Hans)")
    shot(page, "returns-6-refunded-zh")


def test_without_javascript_check_the_rules_renders_the_preview(
    browser, page, live_server, delivered, later, photo_root, axe_check, shot
):
    order = delivered
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    nojs = context.new_page()
    try:
        signed_in_as(nojs, live_server, order.user)
        nojs.goto(f"/aftersales/returns/new/{order.number}/")
        c1 = order.lines.get(sku__code="C1-50")
        nojs.locator(f"#id_qty_{c1.pk}").select_option("0")
        nojs.get_by_label("wrong item sent").check()
        nojs.get_by_role("button", name="Check the rules").click()
        expect(nojs).to_have_url(re.compile(r"check=1"))
        expect(nojs.get_by_label("wrong item sent")).to_be_checked()
        expect(nojs.locator("#rules-verdict")).to_have_attribute("data-allowed", "yes")
        total = quality_refund(order, "F1-900", 2)  # fault reasons refund alike
        expect(nojs.locator("#rules-refund-total")).to_have_text(format_cny(total))
        shot(nojs, "returns-7-nojs-phone")
        # axe runs scripts: scan the same page (the rules of the checked selection) with them on.
        signed_in_as(page, live_server, order.user)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(nojs.url)
        expect(page.locator("#rules-verdict")).to_have_attribute("data-allowed", "yes")
        axe_check(page, "return form after Check the rules, phone width")
        nojs.get_by_role("button", name="Send the request").click()
        expect(nojs.locator("#return-status")).to_have_attribute("data-status", "requested")
        assert ReturnRequest.objects.get().reason == "wrong_item"
    finally:
        context.close()
