"""The sandbox cashier page: the owner sees what is paid to whom, presses Pay or Decline."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from freeport.payments.models import Payment, SandboxTransaction


@pytest.fixture
def page(payment):
    return f"/pay/sandbox/{payment.reference}/"


@pytest.fixture
def owner(shopper):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shopper[0])
    client.cookies["django_language"] = "en"
    return client


def token(client, url) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_anonymous_is_sent_to_sign_in(client, page):
    r = client.get(page)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_other_shoppers_get_404(client, page, payment):
    client.force_login(get_user_model().objects.create_user("mallory"))
    assert client.get(page).status_code == 404
    assert client.post(page, {"action": "pay"}).status_code == 404
    assert SandboxTransaction.objects.count() == 0
    assert client.get("/pay/sandbox/PAY0/").status_code == 404


def test_owner_sees_payee_amount_and_labelled_buttons(owner, page, payment):
    r = owner.get(page)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Sandbox cashier" in html and "No real money moves" in html
    assert "Freeport" in html and payment.group.number in html and payment.reference in html
    assert f"¥{payment.amount:,.2f}" in html
    assert re.search(r'<button type="submit" name="action" value="pay"[^>]*>Pay ¥', html)
    assert re.search(r'<button type="submit" name="action" value="decline"[^>]*>Decline<', html)
    assert "<script" not in html.split('<main id="main"')[1].split("</main>")[0]  # no JS needed


def test_pay_needs_the_csrf_token(owner, page):
    assert owner.post(page, {"action": "pay"}).status_code == 403
    assert SandboxTransaction.objects.count() == 0


def test_pay_redirects_back_and_the_order_is_paid_at_once(
    owner, page, payment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = owner.post(page, {"action": "pay", "csrfmiddlewaretoken": token(owner, page)})
    assert r.status_code == 302
    assert r["Location"] in (f"/orders/{payment.group.number}/", "/")
    assert Payment.objects.get().status == "succeeded"
    html = owner.get(page).content.decode()
    assert "This payment has been made." in html and 'value="pay"' not in html


def test_decline(owner, page, payment):
    r = owner.post(page, {"action": "decline", "csrfmiddlewaretoken": token(owner, page)})
    assert r.status_code == 302
    assert SandboxTransaction.objects.get().status == "failed"
    assert "This payment was declined." in owner.get(page).content.decode()


def test_unknown_action_is_refused_with_a_message(owner, page):
    r = owner.post(page, {"action": "steal", "csrfmiddlewaretoken": token(owner, page)})
    assert r.status_code == 400 and "Choose Pay or Decline." in r.content.decode()
    assert 'role="alert"' in r.content.decode()
    assert SandboxTransaction.objects.count() == 0


def test_expired_payment_cannot_be_paid(owner, page, payment):
    csrf = token(owner, page)
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now())
    assert "This payment has expired." in owner.get(page).content.decode()
    r = owner.post(page, {"action": "pay", "csrfmiddlewaretoken": csrf})
    assert r.status_code == 400 and "This payment has expired." in r.content.decode()
    assert SandboxTransaction.objects.count() == 0


def test_chinese_page(shopper, page):
    client = Client()
    client.force_login(shopper[0])
    client.cookies["django_language"] = "zh-hans"
    html = client.get(page).content.decode()
    assert '<html lang="zh-hans"' in html


def test_sandbox_switched_off(owner, page, settings):
    settings.PAYMENT_PROVIDERS = {}
    assert owner.get(page).status_code == 404


def test_cashier_query_count(owner, page, django_assert_max_num_queries):
    owner.get(page)
    with django_assert_max_num_queries(6):  # session, user, payment + checkout, transaction
        assert owner.get(page).status_code == 200


def test_paying_stays_within_its_query_budget(client, shopper, page, payment,
                                              django_assert_max_num_queries,
                                              django_capture_on_commit_callbacks):  # fmt: skip
    from freeport.payments.providers.sandbox import sandbox_key

    client.force_login(shopper[0])
    sandbox_key()  # the key pair is made on first use: not counted
    # session, user, payment (+ checkout); the sandbox's transaction (one insert), its key (then
    # kept by the process), its notification queued (outbox: 1); savepoints (2); then the
    # delivery right after commit (no lease): checkout and payment locked, replay check, other
    # payments, ledger, payment, orders paid (savepoint, orders locked, stock committed (4),
    # transition (count, insert, outbox: 3), order, quota (1)), notification recorded, outbox
    # message done: 30 (in a test transaction: savepoints stand for BEGIN and COMMIT)
    with django_assert_max_num_queries(30), django_capture_on_commit_callbacks(execute=True):
        r = client.post(page, {"action": "pay"})
    assert r.status_code == 302
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
