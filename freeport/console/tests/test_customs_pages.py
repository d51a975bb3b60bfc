"""Console customs pages: declarations by status, one declaration, rejected queue, buyer quota."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from freeport.customs import declarations, selectors
from freeport.customs.identity import id_index_of
from freeport.customs.models import Declaration, QuotaEntry
from freeport.customs.quota import quota_year
from freeport.kernel.models import AuditLog

from .customs_data import BUYER_ID, BUYER_NAME, PERSONAL, declaration_make, fake_build

LIST = reverse("console:customs")
REJECTED = reverse("console:customs_rejected")
QUOTA = reverse("console:customs_quota")


def detail_url(d):
    return reverse("console:customs_declaration", args=[d.pk])


def reveal_url(d):
    return reverse("console:customs_reveal", args=[d.pk])


def resubmit_url(d):
    return reverse("console:customs_resubmit", args=[d.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def assert_no_personal_data(html: str):
    for value in PERSONAL:
        assert value not in html, value


@pytest.fixture
def rejected(db):
    return declaration_make(
        "FP202611250001", "rejected", reason="CEB311: 订购人身份信息校验失败",
        receipts={"CEB311": [(2, ""), (100, "订购人身份信息校验失败")], "CEB411": [(120, "")]},
    )  # fmt: skip


@pytest.fixture
def building(monkeypatch):
    """The real resubmit service, with a stand-in for the message builders (not wired yet)."""
    monkeypatch.setattr(declarations, "_build", fake_build)


# --- who may enter -------------------------------------------------------------------------


def all_urls(d):
    return [LIST, REJECTED, QUOTA, detail_url(d)]


def posts(d):
    return [
        (reveal_url(d), {"message": d.messages.first().pk, "reason": "check"}),
        (resubmit_url(d), {"note": "again"}),
        (QUOTA, {"id_number": BUYER_ID, "reason": "check"}),
    ]


def test_operators_see_every_customs_page(login, operator, rejected):
    client = login(operator)
    for url in all_urls(rejected):
        assert client.get(url).status_code == 200, url


def test_merchant_staff_and_shoppers_get_403(login, kiwi_staff, shopper, rejected):
    for user in (kiwi_staff, shopper):
        client = login(user)
        for url in all_urls(rejected):
            assert client.get(url).status_code == 403, (user, url)
        for url, data in posts(rejected):
            assert client.post(url, data).status_code == 403, (user, url)
    assert not AuditLog.objects.exists()
    rejected.refresh_from_db()
    assert (rejected.status, rejected.attempt) == ("rejected", 1)


def test_anonymous_visitors_are_sent_to_log_in(client, rejected):
    for url in all_urls(rejected):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    for url, data in posts(rejected):
        assert client.post(url, data).status_code == 302
    assert not AuditLog.objects.exists()


def test_csrf_is_enforced(operator, rejected):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    for url, data in posts(rejected):
        assert client.post(url, data).status_code == 403, url
    assert not AuditLog.objects.exists()


def test_dashboard_links_to_customs_for_operators_only(login, operator, kiwi_staff):
    html = login(operator).get(reverse("console:dashboard")).content.decode()
    for url in (LIST, REJECTED, QUOTA):
        assert f'href="{url}"' in html
    html = login(kiwi_staff).get(reverse("console:dashboard")).content.decode()
    assert "/console/customs/" not in html


# --- declarations by status ----------------------------------------------------------------


@pytest.fixture
def several(db):
    made = [
        declaration_make(f"FP2026112500{i:02d}", status, age_minutes=i)
        for i, status in enumerate(
            ["rejected", "released", "rejected", "queued", "released", "rejected"], start=1
        )
    ]
    return made


def test_counts_per_status_in_one_query(several, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = selectors.declaration_counts()
    assert counts == {
        "queued": 1, "submitted": 0, "accepted": 0, "inspection": 0, "released": 2, "rejected": 3,
    }  # fmt: skip


def test_list_filters_by_status_with_counts(login, operator, several):
    client = login(operator)
    response = client.get(LIST)
    html = response.content.decode()
    assert "all (6)" in html
    assert "rejected (3)" in html and "released (2)" in html and "under inspection (0)" in html
    orders = [d.order_no for d in response.context["page"].object_list]
    assert orders == [f"FP2026112500{i:02d}" for i in range(1, 7)]  # newest change first
    # the chart: one bar per status, with its number
    chart = response.context["chart"]
    assert [(b.full_label, b.value) for b in chart.bars][-1] == ("rejected", 3)
    assert 'role="img"' in html and "Declarations by status" in html

    response = client.get(LIST, {"status": "rejected"})
    assert [d.status for d in response.context["page"].object_list] == ["rejected"] * 3
    assert 'aria-current="page">rejected (3)' in response.content.decode()
    # an unknown status shows them all
    assert client.get(LIST, {"status": "nope"}).context["page"].paginator.count == 6


def test_list_paginates(login, operator, db):
    for i in range(27):
        declaration_make(f"FP20261125{i:04d}", "released", kinds=())
    client = login(operator)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25
    assert "page 1 of 2" in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["page"].object_list) == 2


def test_list_query_count_does_not_grow_with_rows(login, operator, django_assert_num_queries):
    client = login(operator)
    declaration_make("FP0", "released")
    client.get(LIST)  # warm the session
    # session, user, operator group, counts, page count, admin sidebar (2), the page's rows
    with django_assert_num_queries(8):
        client.get(LIST)
    for i in range(10):
        declaration_make(f"FP{i + 1}", "rejected")
    with django_assert_num_queries(8):
        client.get(LIST)
    with django_assert_num_queries(7):
        client.get(REJECTED)  # no counts


# --- one declaration -----------------------------------------------------------------------


def test_declaration_page_shows_messages_and_receipts_masked(login, operator, rejected):
    response = login(operator).get(detail_url(rejected))
    html = response.content.decode()
    assert "FP202611250001" in html and "订购人身份信息校验失败" in html
    assert "rejected by customs" in html  # receipt 100, in English
    assert "being declared at the E-port" in html  # receipt 2
    for kind in ("CEB311", "CEB411", "CEB511", "CEB621"):
        assert kind in html
    assert "王**" in html and "110***********1239" in html and "139****5678" in html
    assert_no_personal_data(html)


def test_receipt_meanings_follow_the_language(client, login, operator, rejected, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = login(operator).get(detail_url(rejected)).content.decode()
    assert "海关退单" in html and "电子口岸申报中" in html


def test_earlier_attempts_are_collapsed(login, operator, db):
    d = declaration_make("FP202611250009", "submitted", attempt=2, receipts={"CEB311": [(2, "")]})
    response = login(operator).get(detail_url(d))
    assert response.context["current"].number == 2
    assert [a.number for a in response.context["earlier"]] == [1]
    html = response.content.decode()
    assert '<details class="console-attempt" id="attempt-1">' in html  # closed
    assert_no_personal_data(html)


def test_declaration_page_query_count_is_fixed(login, operator, db, django_assert_num_queries):
    client = login(operator)
    small = declaration_make("FP1", "submitted", receipts={"CEB311": [(2, "")]})
    big = declaration_make(
        "FP2", "rejected", attempt=3,
        receipts={k: [(2, ""), (120, ""), (100, "x")] for k in ("CEB311", "CEB411", "CEB511")},
    )  # fmt: skip
    client.get(detail_url(small))
    # session, user, operator group, declaration, messages, receipts, admin sidebar (2)
    with django_assert_num_queries(8) as small_queries:
        client.get(detail_url(small))
    with django_assert_num_queries(len(small_queries.captured_queries)):
        client.get(detail_url(big))


def test_missing_declaration_is_404(login, operator, db):
    missing = reverse("console:customs_declaration", args=[999])
    assert login(operator).get(missing).status_code == 404


# --- reveal --------------------------------------------------------------------------------


def test_reveal_needs_a_reason_and_is_audited(login, operator, rejected):
    client = login(operator)
    message = rejected.messages.get(kind="CEB311")

    refused = client.post(reveal_url(rejected), {"message": message.pk, "reason": "  "})
    assert refused.status_code == 400
    assert "A reason is required to see personal data." in refused.content.decode()
    assert_no_personal_data(refused.content.decode())
    assert not AuditLog.objects.exists()

    shown = client.post(
        reveal_url(rejected), {"message": message.pk, "reason": "customer called: ID typo?"}
    )
    assert shown.status_code == 200
    html = shown.content.decode()
    assert BUYER_ID in html and BUYER_NAME in html
    assert html.count(BUYER_ID) == 1  # that message's buyerIdNumber only, not the other 3
    assert "no-store" in shown["Cache-Control"]
    log = AuditLog.objects.get()
    assert (log.action, log.object_type, log.object_id) == (
        "customs.reveal", "customs.declarationmessage", str(message.pk),
    )  # fmt: skip
    assert log.reason == "customer called: ID typo?" and log.actor == operator

    # shown once: the page is masked again afterwards
    assert_no_personal_data(client.get(detail_url(rejected)).content.decode())


def test_reveal_of_another_declarations_message_is_404(login, operator, rejected):
    other = declaration_make("FP202611250002", "released")
    response = login(operator).post(
        reveal_url(rejected), {"message": other.messages.first().pk, "reason": "x"}
    )
    assert response.status_code == 404
    assert login(operator).get(reveal_url(rejected)).status_code == 405
    assert not AuditLog.objects.exists()


# --- rejected queue and resubmit ----------------------------------------------------------


def test_rejected_queue_is_oldest_first_with_reasons(login, operator, several):
    response = login(operator).get(REJECTED)
    assert [d.order_no for d in response.context["page"].object_list] == [
        "FP202611250006", "FP202611250003", "FP202611250001",
    ]  # fmt: skip
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and 'name="note"' in html


def test_resubmit_sends_new_messages(login, operator, rejected, building):
    response = login(operator).post(resubmit_url(rejected), {"note": "buyer fixed the ID"})
    assert response.status_code == 302 and response.url == REJECTED
    rejected.refresh_from_db()
    assert (rejected.status, rejected.attempt) == ("queued", 2)
    assert rejected.messages.filter(attempt=2).count() == 4
    log = AuditLog.objects.get()
    assert (log.action, log.reason) == ("customs.resubmit", "buyer fixed the ID")
    assert log.actor == operator
    page = login(operator).get(REJECTED)
    assert messages_of(page) == ["Declaration FP202611250001 was resubmitted (attempt 2)."]
    assert page.context["page"].paginator.count == 0


def test_resubmit_of_a_declaration_no_longer_rejected_is_refused(login, operator, rejected,
                                                                 building):  # fmt: skip
    Declaration.objects.filter(pk=rejected.pk).update(status="released")
    response = login(operator).post(resubmit_url(rejected), follow=True)
    assert messages_of(response) == [
        "Declaration FP202611250001 is no longer rejected (it is released): nothing was sent."
    ]
    rejected.refresh_from_db()
    assert (rejected.status, rejected.attempt) == ("released", 1)
    assert not AuditLog.objects.exists()


def test_resubmit_needs_post_and_an_existing_declaration(login, operator, rejected):
    client = login(operator)
    assert client.get(resubmit_url(rejected)).status_code == 405
    assert client.post(reverse("console:customs_resubmit", args=[999])).status_code == 404


# --- buyer quota ---------------------------------------------------------------------------


@pytest.fixture
def ledger(db):
    now = timezone.now()
    index, year = id_index_of(BUYER_ID), quota_year(now)
    QuotaEntry.objects.create(id_index=index, year=year, kind="order", reference="FP1",
                              amount=Decimal("1785.00"))  # fmt: skip
    QuotaEntry.objects.create(id_index=index, year=year, kind="order", reference="FP2",
                              amount=Decimal("300.00"))  # fmt: skip
    QuotaEntry.objects.create(id_index=index, year=year, kind="return", reference="RT1",
                              amount=Decimal("-300.00"))  # fmt: skip
    QuotaEntry.objects.create(id_index=index, year=year - 1, kind="order", reference="OLD",
                              amount=Decimal("9000.00"))  # fmt: skip
    QuotaEntry.objects.create(id_index="f" * 64, year=year, kind="order", reference="OTHER",
                              amount=Decimal("50.00"))  # fmt: skip
    return index


def test_quota_lookup_shows_the_year_and_is_audited(login, operator, ledger):
    client = login(operator)
    assert 'method="post"' in client.get(QUOTA).content.decode()
    response = client.post(QUOTA, {"id_number": BUYER_ID.lower(), "reason": "ticket 42"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "110***********1239" in html
    assert "¥26,000.00" in html and "¥1,785.00" in html and "¥24,215.00" in html
    assert [e.reference for e, _kind, _amount in response.context["ledger"]] == [
        "FP1", "FP2", "RT1",
    ]  # fmt: skip
    assert "return accepted by customs" in html and "OLD" not in html and "OTHER" not in html
    assert BUYER_ID not in html  # not even in the form sent back
    assert "no-store" in response["Cache-Control"]
    log = AuditLog.objects.get()
    assert (log.action, log.reason, log.actor) == ("customs.quota_lookup", "ticket 42", operator)
    assert log.object_id == ledger[:40]
    assert BUYER_ID not in f"{log.object_type} {log.object_id} {log.reason}"


def test_quota_lookup_refuses_a_bad_id_number(login, operator, ledger):
    client = login(operator)
    bad = BUYER_ID[:-1] + "0"
    response = client.post(QUOTA, {"id_number": bad, "reason": "ticket 42"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "does not match the check digit" in html
    assert response.context["result"] is None and bad not in html
    response = client.post(QUOTA, {"id_number": "12345", "reason": "ticket 42"})
    assert "An ID number has 18 characters" in response.content.decode()
    assert not AuditLog.objects.exists()


def test_quota_lookup_needs_a_reason(login, operator, ledger):
    response = login(operator).post(QUOTA, {"id_number": BUYER_ID, "reason": ""})
    assert response.status_code == 400
    assert response.context["form"].has_error("reason")
    assert not AuditLog.objects.exists()


def test_quota_lookup_for_nobody_yet(login, operator, db):
    response = login(operator).post(QUOTA, {"id_number": "11010519491231002X", "reason": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "¥0.00" in html and "No entry this year" in html
