"""Console customs pages in Debian's Chromium (Playwright), with an axe-core scan of every page.

An operator goes from the dashboard to the declarations, the rejected queue (resubmits one),
one declaration (masked XML, then an audited reveal) and the buyer quota look-up. Screenshots:
test-artifacts/console-customs-*.png.
"""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from freeport.customs import declarations
from freeport.customs.identity import id_index_of
from freeport.customs.models import Declaration, QuotaEntry
from freeport.customs.quota import quota_year
from freeport.kernel.models import AuditLog

from .customs_data import BUYER_ID, BUYER_NAME, declaration_make, fake_build
from .test_browser import dark, english, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def customs(monkeypatch):
    monkeypatch.setattr(declarations, "_build", fake_build)  # message builders: not wired yet
    first = declaration_make(
        "FP202611250001", "rejected", reason="CEB311: 订购人身份信息校验失败", age_minutes=90,
        receipts={"CEB311": [(2, ""), (100, "订购人身份信息校验失败")], "CEB411": [(120, "")],
                  "CEB511": [(120, "")], "CEB621": [(2, "")]},
    )  # fmt: skip
    declaration_make("FP202611250002", "rejected", reason="CEB411: 支付人信息不符", age_minutes=60)
    declaration_make(
        "FP202611250003", "released", invt_no="37022026I000000123", age_minutes=30,
        receipts={"CEB621": [(2, ""), (120, ""), (800, "放行")]},
    )  # fmt: skip
    declaration_make("FP202611250004", "submitted", age_minutes=5)
    QuotaEntry.objects.create(
        id_index=id_index_of(BUYER_ID), year=quota_year(timezone.now()), kind="order",
        reference="FP202611250003", amount=Decimal("1785.00"),
    )  # fmt: skip
    return first


def test_operator_resubmits_a_rejected_declaration_and_looks_a_quota_up(
    page, live_server, operator, customs, axe_check, shot
):
    english(page, live_server)
    log_in(page, operator)

    # dashboard -> declarations by status
    page.get_by_role("link", name="Customs declarations").click()
    expect(page).to_have_url(re.compile(r"/console/customs/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Customs declarations")
    expect(page.locator("#status-tabs")).to_contain_text("rejected (2)")
    expect(page.locator("#declarations tbody tr")).to_have_count(4)
    chart = page.get_by_role("img", name=re.compile("Declarations by status"))
    expect(chart).to_have_accessible_name(re.compile("released: 1; rejected: 2"))
    axe_check(page, "customs declarations")
    shot(page, "console-customs-01-list")
    page.get_by_role("link", name="rejected (2)").click()
    expect(page.locator("#declarations tbody tr")).to_have_count(2)

    # the rejected queue, oldest first; resubmit the first with a note
    page.get_by_role("link", name="Rejected: resubmit").click()
    expect(page).to_have_url(re.compile(r"/console/customs/rejected/$"))
    rows = page.locator("#rejected tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("FP202611250001")
    expect(rows.first).to_contain_text("订购人身份信息校验失败")
    axe_check(page, "rejected declarations")
    shot(page, "console-customs-02-rejected")
    page.get_by_label("Note for FP202611250001 (optional)").fill("buyer corrected the ID")
    page.get_by_role("button", name="Resubmit FP202611250001").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "Declaration FP202611250001 was resubmitted (attempt 2)."
    )
    expect(page.locator("#rejected tbody tr")).to_have_count(1)
    declaration = Declaration.objects.get(pk=customs.pk)
    assert (declaration.status, declaration.attempt) == ("queued", 2)
    assert AuditLog.objects.filter(action="customs.resubmit", reason="buyer corrected the ID")
    axe_check(page, "rejected declarations after a resubmit")
    shot(page, "console-customs-03-resubmitted")

    # one declaration: new attempt's messages, the earlier one collapsed, XML masked
    page.get_by_role("link", name="Declarations", exact=True).click()
    page.get_by_role("link", name="FP202611250001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaration FP202611250001")
    expect(page.locator("#declaration")).to_contain_text("queued")
    expect(page.locator("#attempt-1")).not_to_have_attribute("open", "")
    page.locator("#attempt-1 > summary").click()
    expect(page.locator("#attempt-1")).to_contain_text("rejected by customs")
    xml = page.locator("#current ~ .console-message .console-xml-details").first
    xml.locator("summary").click()
    expect(xml.locator("pre")).to_contain_text("110***********1239")
    expect(page.locator("body")).not_to_contain_text(BUYER_ID)
    expect(page.locator("body")).not_to_contain_text(BUYER_NAME)
    axe_check(page, "one declaration")
    shot(page, "console-customs-04-declaration")

    # the audited reveal: a reason, then the clear XML once
    xml.get_by_label("Reason").fill("buyer disputes the name on the order")
    xml.get_by_role("button", name="Show unmasked XML").click()
    expect(page.locator("pre[data-masked=false]")).to_contain_text(BUYER_ID)
    assert AuditLog.objects.filter(action="customs.reveal").count() == 1
    axe_check(page, "one declaration, revealed")
    shot(page, "console-customs-05-revealed")

    # buyer quota: a bad ID number, then a good one
    page.get_by_role("link", name="Buyer quota").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buyer quota")
    page.get_by_label("Resident ID number").fill(BUYER_ID[:-1] + "0")
    page.get_by_label("Reason").fill("customer service ticket 42")
    page.get_by_role("button", name="Look up").click()
    expect(page.locator(".errorlist")).to_contain_text("check digit")
    axe_check(page, "buyer quota, bad ID number")
    shot(page, "console-customs-06-quota-error")
    page.get_by_label("Resident ID number").fill(BUYER_ID)
    expect(page.get_by_label("Reason")).to_have_value("customer service ticket 42")  # kept
    page.get_by_role("button", name="Look up").click()
    expect(page.locator("#quota-result h2")).to_contain_text("110***********1239")
    expect(page.locator("#quota-figures [data-figure=remaining]")).to_contain_text("¥24,215.00")
    expect(page.locator("#ledger tbody tr")).to_have_count(1)
    expect(page.locator("body")).not_to_contain_text(BUYER_ID)
    expect(page.get_by_label("Resident ID number")).to_have_value("")
    expect(page.get_by_label("Reason")).to_have_value("")  # the next look-up: a new reason
    assert AuditLog.objects.filter(action="customs.quota_lookup").count() == 1
    axe_check(page, "buyer quota result")
    shot(page, "console-customs-07-quota")

    # dark theme
    page.goto("/console/customs/")
    dark(page)
    axe_check(page, "customs declarations (dark)")
    shot(page, "console-customs-08-list-dark")
    page.goto(f"/console/customs/{customs.pk}/")
    axe_check(page, "one declaration (dark)")
    shot(page, "console-customs-09-declaration-dark")


def test_customs_pages_in_chinese(page, live_server, operator, customs, axe_check, shot):
    log_in(page, operator, next_url="/console/customs/rejected/")
    expect(page.get_by_role("heading", level=1)).to_have_text("被退单的申报")
    axe_check(page, "rejected declarations (zh)")
    shot(page, "console-customs-10-rejected-zh")
    page.goto(f"/console/customs/{customs.pk}/")
    expect(page.locator("body")).to_contain_text("海关退单")
    axe_check(page, "one declaration (zh)")
    shot(page, "console-customs-11-declaration-zh")
