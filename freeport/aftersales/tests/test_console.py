"""Console pages for returns, through the test client on a real delivered order: the operator's
whole flow, who may see and do what, bad input, the queue's query budget, the dashboard."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from freeport.aftersales import console_selectors, services
from freeport.aftersales.models import ReturnItem, ReturnRequest
from freeport.catalog.testing import merchant_make
from freeport.console.services import staff_create
from freeport.kernel.models import AuditLog

from .conftest import deliver

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PASSWORD = "console-test-pass-1"


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def operator(db):
    return staff_create(username="olivia", password=PASSWORD, role="operator")


@pytest.fixture
def own_staff(delivered):
    return staff_create(
        username="ken", password=PASSWORD, role="merchant", merchant=delivered.merchant
    )


@pytest.fixture
def other_staff(delivered):
    other = merchant_make("alpine-co", "CH")
    return staff_create(username="anna", password=PASSWORD, role="merchant", merchant=other)


def line(order, code):
    return order.lines.get(sku__code=code)


def make_request(order, *, codes=("F1-900", "C1-50"), photos=(), reason="quality"):
    return services.return_request_create(
        user=order.user, order_number=order.number, kind="return", reason=reason,
        items=[(line(order, code).pk, 1) for code in codes], photos=list(photos),
        description="tin dented", now=order.shipment.delivered_at + timedelta(hours=2),
    )  # fmt: skip


def png():
    return SimpleUploadedFile("crack.png", PNG, content_type="image/png")


def url(name, *args):
    return reverse(f"console:returns:{name}", args=args)


def status_of(number):
    return ReturnRequest.objects.get(number=number).status


# --- the operator's flow ------------------------------------------------------------------------


def test_an_operator_takes_a_return_from_request_to_refund(client, delivered, operator, photo_root):
    request = make_request(delivered, photos=[png()])
    number = request.number
    client.force_login(operator)

    page = client.get(url("queue"))
    assert page.status_code == 200
    html = page.content.decode()
    assert number in html and delivered.number in html
    assert "王**" in html and "王小明" not in html  # the shopper masked
    assert "F1-900 × 1" in html and "C1-50 × 1" in html
    assert request.decision["refund"]["total"] in html

    page = client.get(url("detail", number))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-code="fault"' in html and "tin dented" in html
    photo = request.photos.get()
    assert url("photo", number, photo.pk) in html
    assert 'id="step-label"' in html and 'id="step-refuse"' in html
    assert 'id="step-receive"' not in html

    response = client.post(url("step", number, "label"))
    assert response.status_code == 302 and response["Location"] == url("detail", number)
    assert status_of(number) == "approved"
    assert ReturnRequest.objects.get(number=number).waybill_number.startswith("FPR")

    response = client.post(url("step", number, "receive"))
    assert response.status_code == 302 and status_of(number) == "received"

    items = list(ReturnItem.objects.filter(request__number=number).order_by("id"))
    grades = {f"inspect-grade_{i.pk}": "resellable" for i in items}
    grades[f"inspect-grade_{items[1].pk}"] = "scrap"
    grades[f"inspect-note_{items[1].pk}"] = "seal broken"
    response = client.post(url("step", number, "inspect"), grades)
    assert response.status_code == 302 and status_of(number) == "inspected"
    assert [i.grade for i in ReturnItem.objects.filter(request__number=number).order_by("id")] == [
        "resellable", "scrap",
    ]  # fmt: skip
    assert ReturnItem.objects.get(pk=items[1].pk).inspected_by == operator

    response = client.post(url("step", number, "refund"), follow=True)
    assert response.status_code == 200
    assert f"Return {number} is now refunded." in response.content.decode()
    refunded = ReturnRequest.objects.get(number=number)
    assert refunded.status == "refunded" and refunded.goods_refund is not None
    html = client.get(url("detail", number)).content.decode()
    assert 'id="no-steps"' in html and 'data-tax-settled=""' in html
    for action in ("requested", "approved", "received", "inspected", "refunded"):
        assert f'data-action="{action}"' in html
    assert list(refunded.events.order_by("id").values_list("actor__username", flat=True)) == [
        "shopper", "olivia", "olivia", "olivia", "olivia",
    ]  # fmt: skip


def test_an_operator_refuses_with_a_reason(client, delivered, operator):
    number = make_request(delivered).number
    client.force_login(operator)
    response = client.post(url("step", number, "refuse"), {"refuse-reason": "photos show wear"})
    assert response.status_code == 302 and status_of(number) == "refused"
    html = client.get(url("detail", number)).content.decode()
    assert "photos show wear" in html


# --- bad input: shown next to the form, nothing changed -----------------------------------------


def received(client, order, operator):
    number = make_request(order).number
    client.force_login(operator)
    client.post(url("step", number, "label"))
    client.post(url("step", number, "receive"))
    assert status_of(number) == "received"
    return number


def test_an_unknown_grade_is_shown_and_changes_nothing(client, delivered, operator):
    number = received(client, delivered, operator)
    items = list(ReturnItem.objects.filter(request__number=number))
    data = {f"inspect-grade_{i.pk}": "resellable" for i in items}
    data[f"inspect-grade_{items[0].pk}"] = "melted"
    response = client.post(url("step", number, "inspect"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="step-inspect-error"' in html and "Nothing was changed" in html
    assert "Select a valid choice" in html
    assert status_of(number) == "received"
    assert not ReturnItem.objects.exclude(grade="").exists()


def test_a_missing_grade_is_refused_by_the_form(client, delivered, operator):
    number = received(client, delivered, operator)
    response = client.post(url("step", number, "inspect"), {})
    assert response.status_code == 400 and status_of(number) == "received"


def test_a_refusal_without_a_reason_is_shown_and_changes_nothing(client, delivered, operator):
    number = received(client, delivered, operator)
    response = client.post(url("step", number, "refuse"), {"refuse-reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="step-refuse-error"' in html and "This field is required" in html
    assert status_of(number) == "received"
    assert not ReturnRequest.objects.get(number=number).events.filter(action="refused").exists()


def test_a_service_refusal_is_shown_next_to_its_step(client, delivered, operator):
    number = received(client, delivered, operator)
    ReturnRequest.objects.filter(number=number).update(
        ship_back_by=timezone.now() - timedelta(days=1), status="in_transit"
    )  # a parcel arriving after the customs deadline
    response = client.post(url("step", number, "receive"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="step-receive-error"' in html and "cannot go back into the bonded area" in html
    assert "Deadline passed" in html  # the warning
    assert status_of(number) == "in_transit"


def test_a_step_not_allowed_in_the_status_changes_nothing(client, delivered, operator):
    number = make_request(delivered).number
    client.force_login(operator)
    response = client.post(url("step", number, "refund"), follow=True)
    assert "Nothing was changed" in response.content.decode()
    assert status_of(number) == "requested"
    assert client.post(url("step", number, "explode")).status_code == 404


# --- who may see and do what --------------------------------------------------------------------


def test_anonymous_visitors_go_to_the_login_page(client, delivered, photo_root):
    request = make_request(delivered, photos=[png()])
    photo = request.photos.get()
    for target in (
        url("queue"), url("dashboard"), url("detail", request.number),
        url("photo", request.number, photo.pk),
    ):  # fmt: skip
        response = client.get(target)
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    response = client.post(url("step", request.number, "label"))
    assert response.status_code == 302 and status_of(request.number) == "requested"


def test_the_shopper_is_refused_even_for_their_own_request(client, delivered, photo_root):
    request = make_request(delivered, photos=[png()])
    client.force_login(delivered.user)
    photo = request.photos.get()
    for target in (
        url("queue"),
        url("detail", request.number),
        url("photo", request.number, photo.pk),
    ):
        assert client.get(target).status_code == 403
    assert client.post(url("step", request.number, "label")).status_code == 403
    assert status_of(request.number) == "requested"


def test_another_merchants_staff_get_404(client, delivered, other_staff, photo_root):
    request = make_request(delivered, photos=[png()])
    client.force_login(other_staff)
    html = client.get(url("queue")).content.decode()
    assert request.number not in html
    assert client.get(url("detail", request.number)).status_code == 404
    photo = request.photos.get()
    assert client.get(url("photo", request.number, photo.pk)).status_code == 404
    assert client.post(url("step", request.number, "label")).status_code == 403
    assert status_of(request.number) == "requested"


def test_the_merchants_own_staff_see_read_only(client, delivered, own_staff, photo_root):
    request = make_request(delivered, photos=[png()])
    client.force_login(own_staff)
    assert request.number in client.get(url("queue")).content.decode()
    html = client.get(url("detail", request.number)).content.decode()
    assert 'id="read-only"' in html and 'id="steps-title"' not in html
    assert f'action="{url("step", request.number, "label")}"' not in html
    photo = request.photos.get()
    response = client.get(url("photo", request.number, photo.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    for step in ("label", "refuse"):
        assert (
            client.post(url("step", request.number, step), {"refuse-reason": "x"}).status_code
            == 403
        )
    assert status_of(request.number) == "requested"


def test_the_photo_is_streamed_privately_and_each_read_audited(
    client, delivered, operator, photo_root
):
    request = make_request(delivered, photos=[png()])
    photo = request.photos.get()
    client.force_login(operator)
    response = client.get(url("photo", request.number, photo.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PNG
    log = AuditLog.objects.get(action="return_photo.view")
    assert log.actor == operator and log.object_id == str(photo.pk)
    assert client.get(url("photo", request.number, photo.pk + 99)).status_code == 404
    assert client.get(url("photo", "RNOPE01", photo.pk)).status_code == 404


# --- the queue ----------------------------------------------------------------------------------


def test_the_queue_shows_open_requests_oldest_first_and_filters_by_status(
    client, delivered, operator
):
    first = make_request(delivered, codes=("F1-900",))
    second = make_request(delivered, codes=("C1-50",))
    ReturnRequest.objects.filter(pk=first.pk).update(created_at=second.created_at - timedelta(1))
    services.return_refuse(number=second.number, actor=operator, reason="no")
    client.force_login(operator)
    html = client.get(url("queue")).content.decode()
    assert first.number in html and second.number not in html
    html = client.get(url("queue"), {"status": "all"}).content.decode()
    assert html.index(first.number) < html.index(second.number)  # open before closed
    html = client.get(url("queue"), {"status": "refused"}).content.decode()
    assert second.number in html and first.number not in html
    assert client.get(url("queue"), {"status": "bogus"}).status_code == 200


def test_a_close_ship_back_deadline_is_warned_in_words(client, delivered, operator):
    request = make_request(delivered)
    ReturnRequest.objects.filter(pk=request.pk).update(
        ship_back_by=timezone.now() + timedelta(days=3, hours=1)
    )
    client.force_login(operator)
    html = client.get(url("queue")).content.decode()
    assert 'data-warning="ship-back"' in html and "3 days left" in html


def test_the_queue_page_reads_a_fixed_number_of_queries(
    client, customs, skus, shopper, operator, django_assert_max_num_queries
):
    from freeport.orders.testing import stock_make, warehouse_make

    warehouse = warehouse_make()
    stock_make(skus["F1-900"], 10, warehouse)
    stock_make(skus["C1-50"], 10, warehouse)
    for n in range(3):
        order = deliver(*shopper, [(skus["F1-900"], 1), (skus["C1-50"], 1)], key=f"k{n}")
        make_request(order)
    assert ReturnRequest.objects.count() == 3
    client.force_login(operator)
    client.get(url("queue"))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(10):
        response = client.get(url("queue"))
    assert response.status_code == 200


# --- the dashboard ------------------------------------------------------------------------------


def test_dashboard_figures_on_known_data(delivered, operator):
    now = timezone.now() + timedelta(days=10)
    a = make_request(delivered, codes=("F1-900",))
    b = make_request(delivered, codes=("C1-50",), reason="damaged")
    start = now - timedelta(days=5)
    ReturnRequest.objects.filter(pk=a.pk).update(
        created_at=start, status="refunded", refunded_at=start + timedelta(hours=30),
        closed_at=start + timedelta(hours=30),
    )  # fmt: skip
    ReturnRequest.objects.filter(pk=b.pk).update(
        created_at=start, status="refused", closed_at=start + timedelta(hours=10)
    )
    data = console_selectors.returns_dashboard(now=now)
    assert dict(data.by_reason) == {
        "quality": 1, "wrong_item": 0, "damaged": 1, "not_as_described": 0, "changed_mind": 0,
    }  # fmt: skip
    assert data.by_merchant == [(delivered.merchant.code, 2)]
    assert data.handled == 2 and data.average_hours == 20.0
    assert dict(data.open_by_status) == dict.fromkeys(ReturnRequest.OPEN, 0)
    # more than 30 days ago: out of the window
    later = console_selectors.returns_dashboard(now=now + timedelta(days=30))
    assert later.handled == 0 and later.average_hours is None
    assert sum(n for _r, n in later.by_reason) == 0


def test_dashboard_page_draws_accessible_charts(client, delivered, operator, own_staff):
    request = make_request(delivered)
    ReturnRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(1))
    client.force_login(operator)
    response = client.get(url("dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    for chart in ("returns-reasons", "returns-merchants", "returns-open"):
        assert f'id="chart-{chart}"' in html and f'id="table-{chart}"' in html
    assert 'role="img"' in html and "quality problem: 1" in html  # the text alternative
    client.force_login(own_staff)
    html = client.get(url("dashboard")).content.decode()
    assert 'id="chart-returns-merchants"' not in html and "quality problem: 1" in html


def test_the_console_dashboard_links_to_returns(client, operator, own_staff):
    for user in (operator, own_staff):
        client.force_login(user)
        html = client.get(reverse("console:dashboard")).content.decode()
        assert f'href="{url("queue")}" id="returns-link"' in html


# --- in the browser (Debian's Chromium), with axe-core ------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_returns_pages_in_the_browser(
    page, live_server, delivered, axe_check, shot, photo_root
):
    import re

    from playwright.sync_api import expect

    from freeport.console.tests.test_browser import dark, english, log_in

    operator = staff_create(username="olivia", password=PASSWORD, role="operator")
    request = make_request(delivered, photos=[png()])
    english(page, live_server)
    log_in(page, operator)
    page.get_by_role("link", name="Returns", exact=True).click()
    expect(page).to_have_url(re.compile(r"/console/returns/$"))
    expect(page.locator("#returns tbody tr")).to_have_count(1)
    axe_check(page, "returns queue")
    shot(page, "console-returns-01-queue")

    page.get_by_role("link", name=request.number).click()
    expect(page.locator("#return-status")).to_contain_text("requested")
    axe_check(page, "one return")
    page.get_by_role("button", name="Issue the return label").click()
    expect(page.locator("#return-status")).to_contain_text("approved")
    page.get_by_role("button", name="Mark as received").click()
    expect(page.locator("#return-status")).to_contain_text("received")
    page.get_by_role("button", name="Record the inspection").click()  # nothing graded
    expect(page.locator("#return-status")).to_contain_text("received")  # the browser refused
    axe_check(page, "one return, received")
    shot(page, "console-returns-02-received")
    for label in page.get_by_label(re.compile("^Grade of")).all():
        label.select_option("resellable")
    page.get_by_role("button", name="Record the inspection").click()
    expect(page.locator("#return-status")).to_contain_text("inspected")
    page.get_by_role("button", name="Refund").click()
    expect(page.locator("#return-status")).to_contain_text("refunded")
    dark(page)
    axe_check(page, "one return, refunded, dark")
    shot(page, "console-returns-03-refunded")

    page.goto("/console/returns/dashboard/")
    expect(page.locator("#charts svg[role=img]")).to_have_count(3)
    axe_check(page, "returns dashboard")
    shot(page, "console-returns-04-dashboard")
