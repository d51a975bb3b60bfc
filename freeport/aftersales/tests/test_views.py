"""Shopper return pages through the test client on a real delivered order (tests/conftest.py):
the form with the rules before sending, the preview's refund equal to the policy's, a refusal
shown with every reason and nothing stored, the request with a photo, owner only, CSRF, the
request's page after the operator's steps (label, shipped, received, inspected, refunded)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from freeport.aftersales import policy, services
from freeport.aftersales.models import ReturnItem, ReturnPhoto, ReturnRequest
from freeport.console.services import staff_create
from freeport.fulfillment.models import Shipment
from freeport.kernel.money import format_cny
from freeport.orders.models import Order
from freeport.orders.testing import shopper_make

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def later(monkeypatch):
    """The fixture's order is delivered one day after customs released it (released "now"):
    move the clock two days on, so the shopper asks one day after delivery."""
    real = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real() + timedelta(days=2))


@pytest.fixture
def order(delivered, later, photo_root):
    return delivered


@pytest.fixture
def shopper_client(client, order):
    client.force_login(order.user)
    return client


def png(name="crack.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def line(order, code):
    return order.lines.get(sku__code=code)


def new_url(order):
    return reverse("returns:new", args=[order.number])


def expected_refund(order, reason, quantities, *, opened=()):
    """The policy's decision for the selection, from the order's own figures."""
    shipment = Shipment.objects.get(order=order)
    items = []
    for code, qty in quantities:
        ol = line(order, code)
        items.append(policy.Item(services._paid_line(ol), services._root_category(ol.sku), qty,
                                 opened=code in opened))  # fmt: skip
    return policy.decide(
        kind="return", reason=reason, items=items, delivered_at=shipment.delivered_at,
        released_at=services._released_at(order), applied_at=timezone.now(), tier="standard",
        free_used=0, return_freight=Decimal("12.00"),
    )  # fmt: skip


def test_the_form_shows_the_rules_and_the_policys_refund_before_sending(shopper_client, order):
    response = shopper_client.get(new_url(order))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="photos"' in html
    assert "multiple" in html
    for value in ("quality", "wrong_item", "damaged", "not_as_described", "changed_mind"):
        assert f'value="{value}"' in html
    f1, c1 = line(order, "F1-900"), line(order, "C1-50")
    assert f'name="qty_{f1.pk}"' in html and f'name="qty_{c1.pk}"' in html
    assert f'name="opened_{c1.pk}"' in html  # skincare refuses opened items on a change of mind
    assert "Check the rules" in html
    assert "Up to 6 JPEG, PNG or WebP pictures" in html  # in the page's language
    # The default selection: a quality return of every unit.
    decision = expected_refund(order, "quality", [("F1-900", 2), ("C1-50", 1)])
    assert decision.allowed
    assert f'data-amount="{decision.refund.total}"' in html
    assert format_cny(decision.refund.total) in html
    assert decision.ship_back_by.astimezone(policy.CHINA).strftime("%Y-%m-%d %H:%M") in html
    assert "We pay it" in html and 'data-payer="platform"' in html
    last_day = (decision.window_closes.astimezone(policy.CHINA) - timedelta(days=1)).date()
    assert f'id="rules-window">{last_day:%Y-%m-%d}<' in html
    assert ReturnRequest.objects.count() == 0


def test_the_preview_for_a_change_of_mind_deducts_freight_and_shipping(shopper_client, order):
    f1 = line(order, "F1-900")
    query = {"kind": "return", "reason": "changed_mind", f"qty_{f1.pk}": "1",
             f"qty_{line(order, 'C1-50').pk}": "0"}  # fmt: skip
    decision = expected_refund(order, "changed_mind", [("F1-900", 1)])
    for url in (new_url(order), reverse("returns:preview", args=[order.number])):
        html = shopper_client.get(url, query | {"check": "1"}).content.decode()
        assert f'data-amount="{decision.refund.total}"' in html
        assert "You pay it (deducted from the refund)" in html
        assert "Return shipping you pay" in html and "−¥12.00" in html
        assert ("Delivery fee kept" in html) == bool(decision.refund.freight_kept)
    partial = shopper_client.get(reverse("returns:preview", args=[order.number]), query)
    assert "<html" not in partial.content.decode()  # a fragment for the page's script


def test_a_refused_preview_lists_every_reason(shopper_client, order):
    c1 = line(order, "C1-50")
    html = shopper_client.get(new_url(order), {
        "check": "1", "kind": "exchange", "reason": "changed_mind", f"qty_{c1.pk}": "1",
        f"opened_{c1.pk}": "on", f"qty_{line(order, 'F1-900').pk}": "0",
    }).content.decode()  # fmt: skip
    assert 'data-allowed="no"' in html
    assert str(policy.EXCHANGE_NEEDS_FAULT.text) in html
    assert str(policy.OPENED.text) in html


def test_the_shopper_sends_a_return_with_a_photo(shopper_client, order):
    f1, c1 = line(order, "F1-900"), line(order, "C1-50")
    response = shopper_client.post(new_url(order), {
        "kind": "return", "reason": "quality", f"qty_{f1.pk}": "1", f"qty_{c1.pk}": "0",
        "description": "the tin is dented", "photos": [png(), png("b.png")],
    })  # fmt: skip
    created = ReturnRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("returns:detail", args=[created.number])
    assert created.kind == "return" and created.reason == "quality"
    assert created.description == "the tin is dented"
    assert [(i.order_line_id, i.quantity) for i in created.items.all()] == [(f1.pk, 1)]
    assert ReturnPhoto.objects.filter(request=created).count() == 2
    decision = expected_refund(order, "quality", [("F1-900", 1)])
    assert created.decision["refund"]["total"] == f"{decision.refund.total:.2f}"
    html = shopper_client.get(response["Location"]).content.decode()
    assert "was sent" in html and created.number in html and "2 photos sent" in html
    assert 'data-status="requested"' in html and "Cancel the request" in html
    # The order page lists it; the line is no longer offered.
    page = shopper_client.get(reverse("orders:group", args=[order.group.number])).content.decode()
    assert created.number in page and "Return or exchange" in page
    html = shopper_client.get(new_url(order)).content.decode()
    assert f'name="qty_{f1.pk}"' not in html and "in progress" in html


def test_a_refused_request_shows_every_reason_and_stores_nothing(shopper_client, order):
    c1 = line(order, "C1-50")
    response = shopper_client.post(new_url(order), {
        "kind": "exchange", "reason": "changed_mind", f"qty_{c1.pk}": "1",
        f"opened_{c1.pk}": "on", f"qty_{line(order, 'F1-900').pk}": "0", "photos": [png()],
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="return-refusal"' in html and "nothing was sent" in html
    assert str(policy.EXCHANGE_NEEDS_FAULT.text) in html
    assert str(policy.OPENED.text) in html
    assert ReturnRequest.objects.count() == 0 and ReturnItem.objects.count() == 0
    assert ReturnPhoto.objects.count() == 0


def test_choosing_nothing_is_said_and_stores_nothing(shopper_client, order):
    response = shopper_client.post(new_url(order), {
        "kind": "return", "reason": "quality", f"qty_{line(order, 'F1-900').pk}": "0",
        f"qty_{line(order, 'C1-50').pk}": "0",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Choose at least one item" in response.content.decode()
    assert ReturnRequest.objects.count() == 0


def test_only_the_owner_sees_the_pages(client, order):
    request = services.return_request_create(
        user=order.user, order_number=order.number, kind="return", reason="quality",
        items=[(line(order, "F1-900").pk, 1)],
    )  # fmt: skip
    urls = [new_url(order), reverse("returns:preview", args=[order.number]),
            reverse("returns:detail", args=[request.number])]  # fmt: skip
    for url in urls + [reverse("returns:mine")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    other, _buyer, _address = shopper_make(username="mallory")
    client.force_login(other)
    for url in urls:
        assert client.get(url).status_code == 404
    for step in ("shipped", "cancel"):
        assert client.post(reverse(f"returns:{step}", args=[request.number])).status_code == 404
    assert request.number not in client.get(reverse("returns:mine")).content.decode()
    assert ReturnRequest.objects.get().status == "requested"


def test_posts_need_the_csrf_token(order):
    client = Client(enforce_csrf_checks=True)
    client.force_login(order.user)
    f1 = line(order, "F1-900")
    response = client.post(new_url(order), {"kind": "return", "reason": "quality",
                                            f"qty_{f1.pk}": "1"})  # fmt: skip
    assert response.status_code == 403 and ReturnRequest.objects.count() == 0
    html = client.get(new_url(order)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_shopper_cancels_a_request(shopper_client, order):
    request = services.return_request_create(
        user=order.user, order_number=order.number, kind="return", reason="quality",
        items=[(line(order, "F1-900").pk, 1)],
    )  # fmt: skip
    response = shopper_client.post(reverse("returns:cancel", args=[request.number]), follow=True)
    assert "Your request was cancelled." in response.content.decode()
    assert ReturnRequest.objects.get().status == "cancelled"
    response = shopper_client.post(reverse("returns:shipped", args=[request.number]), follow=True)
    html = response.content.decode()
    assert "that step is not possible now" in html and "Thank you" not in html


def test_the_request_page_shows_label_inspection_and_refund(shopper_client, order):
    operator = staff_create(username="olivia", password="views-pass-1", role="operator")
    request = services.return_request_create(
        user=order.user, order_number=order.number, kind="return", reason="quality",
        items=[(line(order, "F1-900").pk, 2), (line(order, "C1-50").pk, 1)],
    )  # fmt: skip
    number = request.number
    url = reverse("returns:detail", args=[number])
    html = shopper_client.get(url).content.decode()
    due = services.refund_due(request)
    assert 'id="return-expected"' in html and format_cny(due.total) in html

    services.return_label_issue(number=number, actor=operator)
    request.refresh_from_db()
    html = shopper_client.get(url).content.decode()
    assert request.waybill_number in html and 'id="return-label"' in html
    assert request.ship_back_by.astimezone(policy.CHINA).strftime("%Y-%m-%d %H:%M") in html
    assert "I have sent it" in html

    response = shopper_client.post(reverse("returns:shipped", args=[number]), follow=True)
    assert "Thank you" in response.content.decode()
    assert ReturnRequest.objects.get(number=number).status == "in_transit"

    services.return_receive(number=number, actor=operator)
    items = list(request.items.order_by("id"))
    services.return_inspect(number=number, actor=operator, grades=[
        {"item": items[0].pk, "grade": "resellable"},
        {"item": items[1].pk, "grade": "scrap", "note": "seal broken"},
    ])  # fmt: skip
    services.return_refund(number=number, actor=operator)
    request.refresh_from_db()
    html = shopper_client.get(url).content.decode()
    assert 'data-status="refunded"' in html
    assert "resellable: back into stock" in html and "seal broken" in html
    assert request.refund_amount == due.total
    now_part = request.refund_amount - request.refund_tax
    assert f'id="refund-total">{format_cny(request.refund_amount)}<' in html
    assert f'id="refund-now">{format_cny(now_part)}<' in html
    assert f'id="refund-tax">{format_cny(request.refund_tax)}<' in html
    assert 'data-state="pending"' in html  # customs has not answered the CEB625 yet
    assert f"?order={order.number}&amp;return={number}" in html  # the dispute link
    assert "I have sent it" not in html and "Cancel the request" not in html
    page = shopper_client.get(reverse("orders:group", args=[order.group.number])).content.decode()
    assert number in page and format_cny(request.refund_amount) in page
    mine = shopper_client.get(reverse("returns:mine")).content.decode()
    assert number in mine and f"¥{request.refund_amount}" in mine


def test_a_refused_request_links_to_a_dispute(shopper_client, order):
    operator = staff_create(username="olivia", password="views-pass-1", role="operator")
    request = services.return_request_create(
        user=order.user, order_number=order.number, kind="return", reason="quality",
        items=[(line(order, "F1-900").pk, 1)],
    )  # fmt: skip
    services.return_refuse(number=request.number, actor=operator, reason="Photo shows no defect")
    html = shopper_client.get(reverse("returns:detail", args=[request.number])).content.decode()
    assert "Your request was refused." in html and "Photo shows no defect" in html
    assert "Do you disagree with the decision?" in html
    assert f"{reverse('disputes:new')}?order={order.number}&amp;return={request.number}" in html


def test_an_undelivered_order_offers_no_form(client, customs, skus, shopper):
    from freeport.orders.testing import group_make, stock_make, warehouse_make

    user, buyer, address = shopper
    stock_make(skus["F1-900"], 3, warehouse_make())
    group = group_make(user, buyer, address, [(skus["F1-900"], 1)], key="u")
    client.force_login(user)
    order = group.orders.get()
    html = client.get(new_url(order)).content.decode()
    assert "has not been delivered yet" in html and 'name="reason"' not in html
    assert (
        "Return or exchange"
        not in client.get(reverse("orders:group", args=[group.number])).content.decode()
    )


def test_an_order_not_delivered_says_why_nothing_was_sent(shopper_client, order):
    Order.objects.filter(pk=order.pk).update(state="shipped")
    f1 = line(order, "F1-900")
    response = shopper_client.post(new_url(order), {
        "kind": "return", "reason": "quality", f"qty_{f1.pk}": "1",
        f"qty_{line(order, 'C1-50').pk}": "0",
    })  # fmt: skip
    assert response.status_code == 400
    assert "has not been delivered" in response.content.decode()
    assert ReturnRequest.objects.count() == 0
