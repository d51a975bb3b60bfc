"""Warehouse console pages (queue, work screen, label, carrier pickup) and the shopper's
tracking timeline on the order page, through the Django test client."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from freeport.catalog.testing import merchant_make
from freeport.console.services import roles_ensure, staff_create
from freeport.customs import tax
from freeport.customs.quoting import line_for_sku
from freeport.fulfillment import services, tracking
from freeport.fulfillment.models import Shipment
from freeport.inventory.services import stock_reserve
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders import numbers
from freeport.orders import services as orders
from freeport.orders.models import Order
from freeport.orders.services import LinePlan, OrderPlan, order_group_create
from freeport.orders.testing import shopper_make, stock_make, warehouse_make
from freeport.testing.browser import signed_in_as as sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "fulfillment-test-pass-1"
QUEUE = reverse("console:fulfillment:queue")
HANDOVER = reverse("console:fulfillment:handover")


def work_url(shipment):
    return reverse("console:fulfillment:work", args=[shipment.pk])


def label_url(shipment):
    return reverse("console:fulfillment:label", args=[shipment.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def released_group(skus, baskets, *, username="buyer2", key="multi", paid_at=None):
    """One checkout of several orders (one per basket of (sku, qty)), paid and released by
    customs, with its shipments created (as the outbox does after `clear`)."""
    user, buyer, address = shopper_make(username)
    warehouse = warehouse_make()
    for sku in {sku for basket in baskets for sku, _qty in basket}:
        stock_make(sku, 20, warehouse)
    now = timezone.now()
    group_no = numbers.group_number(now)
    plans = []
    for basket in baskets:
        quote = tax.quote(
            tax.OrderInput(lines=tuple(line_for_sku(s, q) for s, q in basket),
                           freight=Decimal("0"))
        )  # fmt: skip
        plans.append(
            OrderPlan(
                merchant_id=basket[0][0].merchant_id, warehouse_id=warehouse.pk,
                dispatch_hours=24, regime=quote.regime,
                lines=tuple(LinePlan(s, q, f) for (s, q), f in zip(basket, quote.lines,
                                                                   strict=True)),
                totals=quote.totals,
            )
        )  # fmt: skip
    order_numbers = [numbers.order_number(group_no, i + 1) for i in range(len(baskets))]
    expires_at = now + timedelta(minutes=30)
    group = order_group_create(
        user=user, idempotency_key=key, request_hash="test", group_number=group_no,
        order_numbers=order_numbers, buyer=buyer, address=address, plans=plans,
        expires_at=expires_at,
    )  # fmt: skip
    for number, basket in zip(order_numbers, baskets, strict=True):
        lines = [(s.pk, warehouse.pk, q) for s, q in basket]
        deliver_by = date.today() + timedelta(days=5)
        stock_reserve(reference=number, lines=lines, deliver_by=deliver_by, expires_at=expires_at)
    orders.order_group_paid(group_number=group.number, transaction_id=f"T-{group.number}",
                            amount=group.total, currency="CNY",
                            paid_at=paid_at or timezone.now())  # fmt: skip
    for order in group.orders.all():
        orders.order_transition(order_id=order.pk, event="declare")
        orders.order_transition(order_id=order.pk, event="clear")
    outbox_dispatch()
    return group


def pick_all(shipment):
    for line in shipment.pick_lines.select_related("lot"):
        services.shipment_scan(shipment_id=shipment.pk, scan=line.lot.batch_number,
                               quantity=line.quantity - line.picked)  # fmt: skip


def to_labelled(shipment):
    pick_all(shipment)
    services.shipment_pack(shipment_id=shipment.pk, weight_kg=str(shipment.expected_weight_kg))
    return services.shipment_label(shipment_id=shipment.pk)


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are asserted in English (the site defaults to Chinese)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def shipment(cleared):
    outbox_dispatch()  # orders.transition(clear) → the shipment and its pick list
    return Shipment.objects.get(order=cleared)


@pytest.fixture
def roles(db):
    return roles_ensure()


@pytest.fixture
def operator(roles):
    return staff_create(username="olivia", password=PASSWORD, role="operator")


@pytest.fixture
def kiwi_staff(roles, shipment):
    return staff_create(username="ken", password=PASSWORD, role="merchant", merchant="kiwi-dairy")


@pytest.fixture
def alpine_staff(roles, shipment):
    merchant_make("alpine-co", "CH")
    return staff_create(username="anna", password=PASSWORD, role="merchant", merchant="alpine-co")


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def status_of(shipment) -> str:
    return Shipment.objects.get(pk=shipment.pk).status


# --- the work screen, step by step -----------------------------------------------------------


def test_operator_picks_packs_labels_and_hands_over(login, operator, shipment, cleared):
    client = login(operator)
    response = client.get(work_url(shipment))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input type="text" name="scan" id="id_scan"[^>]* autofocus', html)
    assert 'name="csrfmiddlewaretoken"' in html
    rows = response.context["lines"]
    bins = [r.line.bin_location for r in rows]
    assert bins == sorted(bins) and len(rows) == 3
    assert rows[0].next and not any(r.next for r in rows[1:])
    for row in rows:  # bin, GTIN, batch, expiry, picked / quantity
        for text in (
            row.line.bin_location,
            row.line.sku.gtin,
            row.line.lot.batch_number,
            f"{row.line.lot.expiry_date:%Y-%m-%d}",
            f"0 / {row.line.quantity}",
        ):
            assert text in html, text  # fmt: skip

    # a wrong scan: a clear error next to the input, HTTP 400, nothing changed
    response = client.post(work_url(shipment), {"step": "scan", "scan": "0000000000000",
                                                "quantity": "1"})  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="scan-error"[^>]*>\s*<p>0000000000000 is not on this pick list', html)
    assert 'aria-invalid="true"' in html and "scan-help scan-error" in html
    assert status_of(shipment) == "picking"
    assert sum(shipment.pick_lines.values_list("picked", flat=True)) == 0
    assert Order.objects.get(pk=cleared.pk).state == "cleared"

    # too many of one line: refused, nothing changed
    first = rows[0].line
    response = client.post(work_url(shipment), {"step": "scan", "scan": first.lot.batch_number,
                                                "quantity": str(first.quantity + 1)})  # fmt: skip
    assert response.status_code == 400 and "Only" in response.content.decode()
    assert sum(shipment.pick_lines.values_list("picked", flat=True)) == 0

    # scan every line (the GTIN for one unit, then batch numbers)
    response = client.post(work_url(shipment), {"step": "scan", "scan": first.sku.gtin,
                                                "quantity": "1"})  # fmt: skip
    assert response.status_code == 302 and response.url == work_url(shipment)
    followed = client.get(response.url)
    assert any(m.startswith("Picked 1 ×") for m in messages_of(followed))
    assert Order.objects.get(pk=cleared.pk).state == "picking"
    for line in shipment.pick_lines.select_related("lot"):
        left = line.quantity - line.picked
        if left:
            response = client.post(work_url(shipment), {"step": "scan",
                                                        "scan": line.lot.batch_number,
                                                        "quantity": str(left)})  # fmt: skip
            assert response.status_code == 302
    assert status_of(shipment) == "picked"
    response = client.get(work_url(shipment))
    assert "All items are picked: weigh the parcel." in messages_of(response)
    html = response.content.decode()
    assert re.search(r'name="weight" id="id_weight"[^>]* autofocus', html)
    assert f"Expected weight {shipment.expected_weight_kg} kg" in html

    # pack: a light parcel needs a recount; then the right weight
    light = str(shipment.expected_weight_kg / 2)
    response = client.post(work_url(shipment), {"step": "pack", "weight": light})
    assert response.status_code == 400
    assert 'id="weight-error"' in response.content.decode()
    assert "recount" in response.content.decode()
    assert status_of(shipment) == "picked"
    response = client.post(work_url(shipment), {"step": "pack", "weight": "abc"})
    assert response.status_code == 400 and "Enter the weight in kilograms" in (
        response.content.decode()
    )
    right = str(shipment.expected_weight_kg)
    response = client.post(work_url(shipment), {"step": "pack", "weight": right})
    assert response.status_code == 302 and status_of(shipment) == "packed"

    # a step out of order is refused next to its button, nothing changed
    response = client.post(work_url(shipment), {"step": "hand_over"})
    assert response.status_code == 400
    assert 'id="step-error"' in response.content.decode()
    assert status_of(shipment) == "packed"

    # label → the printable label
    response = client.post(work_url(shipment), {"step": "label"})
    assert response.status_code == 302 and response.url == label_url(shipment)
    assert status_of(shipment) == "labelled"
    response = client.get(label_url(shipment))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="waybill">{shipment.waybill_number}<' in html
    assert "@media print" in html and "@page" in html
    assert 'id="pieces">3<' in html and f'id="weight">{shipment.expected_weight_kg} kg<' in html
    assert "山东省青岛市" in html  # from the Qingdao bonded warehouse, to the shopper's city
    assert '<html lang="en">' in html

    # hand over → the queue, with a message
    response = client.post(work_url(shipment), {"step": "hand_over"})
    assert response.status_code == 302 and response.url == QUEUE
    assert status_of(shipment) == "handed_over"
    assert Order.objects.get(pk=cleared.pk).state == "shipped"
    followed = client.get(QUEUE)
    assert any("was handed to the carrier" in m for m in messages_of(followed))
    # the work screen now shows the carrier's tracking, no form
    html = client.get(work_url(shipment)).content.decode()
    assert 'id="with-carrier"' in html and '<form method="post"' not in html
    assert 'data-code="handed_over"' in html


def test_an_unreadable_step_or_form_changes_nothing(login, operator, shipment):
    client = login(operator)
    response = client.post(work_url(shipment), {"step": "explode"})
    assert response.status_code == 400
    assert "The step could not be read. Nothing was changed." in messages_of(response)
    response = client.post(work_url(shipment), {"step": "scan", "scan": "x", "quantity": "0"})
    assert response.status_code == 400 and 'id="quantity-error"' in response.content.decode()
    response = client.post(work_url(shipment), {"step": "scan", "scan": "", "quantity": "1"})
    assert response.status_code == 400
    assert "Scan a barcode or type a GTIN or batch number." in response.content.decode()
    assert status_of(shipment) == "picking"


def test_the_label_page_waits_for_the_label(login, operator, shipment):
    client = login(operator)
    response = client.get(label_url(shipment))
    assert response.status_code == 302 and response.url == work_url(shipment)


# --- the carrier's pickup --------------------------------------------------------------------


def test_pickup_hands_over_scanned_waybills_one_after_another(login, operator, shipment, skus):
    group = released_group(skus, [[(skus["F1-400"], 1)], [(skus["F2-900"], 1)]])
    second, third = Shipment.objects.filter(order__group=group).order_by("order__number")
    for s in (shipment, second):
        to_labelled(s)
    client = login(operator)
    response = client.get(HANDOVER)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'name="waybill" id="id_waybill"[^>]* autofocus', html)
    assert [s.waybill_number for s in response.context["waiting"]] == [
        shipment.waybill_number, second.waybill_number
    ]  # fmt: skip

    response = client.post(HANDOVER, {"waybill": "FPW000"})
    assert response.status_code == 400
    assert "No shipment has the waybill number FPW000." in response.content.decode()
    response = client.post(HANDOVER, {"waybill": third.waybill_number})  # not packed yet
    assert response.status_code == 400 and 'id="waybill-error"' in response.content.decode()
    assert status_of(third) == "picking"

    for s in (shipment, second):
        typed = f" {s.waybill_number.lower()} "  # the scanner's case and spaces do not matter
        response = client.post(HANDOVER, {"waybill": typed})
        assert response.status_code == 302 and response.url == HANDOVER
        assert status_of(s) == "handed_over"
    response = client.get(HANDOVER)
    assert f"{second.waybill_number} handed over." in messages_of(response)
    assert response.context["waiting"] == []
    assert {s.pk for s in response.context["handed"]} == {shipment.pk, second.pk}

    response = client.post(HANDOVER, {"waybill": shipment.waybill_number})  # scanned twice
    assert response.status_code == 302
    assert any("already handed over" in m for m in messages_of(client.get(HANDOVER)))
    assert Shipment.objects.get(pk=shipment.pk).events.count() == 1


# --- who may enter ---------------------------------------------------------------------------


def get_urls(shipment):
    return [QUEUE, work_url(shipment), HANDOVER]


def post_urls(shipment):
    return [
        (work_url(shipment), {"step": "scan", "scan": "x", "quantity": "1"}),
        (HANDOVER, {"waybill": shipment.waybill_number}),
    ]


def assert_unchanged(shipment):
    assert status_of(shipment) == "picking"
    assert sum(shipment.pick_lines.values_list("picked", flat=True)) == 0


def test_anonymous_visitors_are_sent_to_log_in(client, shipment):
    for url in [*get_urls(shipment), label_url(shipment)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    for url, data in post_urls(shipment):
        response = client.post(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert_unchanged(shipment)


def test_shoppers_and_staff_without_a_role_get_403(login, shipment, cleared, roles):
    loose = staff_create(username="lou", password=PASSWORD, role="operator")
    loose.groups.clear()
    for user in (cleared.user, loose):
        client = login(user)
        for url in get_urls(shipment):
            assert client.get(url).status_code == 403, (user, url)
        for url, data in post_urls(shipment):
            assert client.post(url, data).status_code == 403, (user, url)
    assert_unchanged(shipment)


def test_merchant_staff_see_their_shipments_read_only(login, kiwi_staff, shipment):
    client = login(kiwi_staff)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert [r.shipment.pk for r in response.context["page"].object_list] == [shipment.pk]
    assert HANDOVER not in response.content.decode()  # the pickup is the operators'
    response = client.get(work_url(shipment))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="scan-form"' not in html and 'id="read-only"' in html
    for value in ("王小明", "13912345678", "香港中路"):  # no personal data on warehouse screens
        assert value not in html
    for url, data in post_urls(shipment):
        assert client.post(url, data).status_code == 403, url
    assert client.get(HANDOVER).status_code == 403
    assert_unchanged(shipment)


def test_another_merchants_staff_neither_find_nor_open_the_shipment(login, alpine_staff,
                                                                    shipment):  # fmt: skip
    client = login(alpine_staff)
    response = client.get(QUEUE)
    assert response.status_code == 200 and list(response.context["page"].object_list) == []
    assert shipment.waybill_number not in response.content.decode()
    assert client.get(work_url(shipment)).status_code == 404
    assert client.get(label_url(shipment)).status_code == 404
    response = client.post(work_url(shipment), {"step": "scan", "scan": "x", "quantity": "1"})
    assert response.status_code == 404
    assert_unchanged(shipment)


def test_unknown_shipment_is_404(login, operator, db):
    client = login(operator)
    assert client.get(reverse("console:fulfillment:work", args=[999])).status_code == 404
    assert client.post(reverse("console:fulfillment:work", args=[999]),
                       {"step": "label"}).status_code == 404  # fmt: skip


def test_csrf_is_enforced(operator, shipment):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(operator)
    for url, data in post_urls(shipment):
        assert strict.post(url, data).status_code == 403, url
    assert_unchanged(shipment)


def test_pages_answer_only_their_methods(login, operator, shipment):
    client = login(operator)
    assert client.post(QUEUE).status_code == 405
    assert client.post(label_url(shipment)).status_code == 405


def test_dashboard_links_to_fulfillment(login, operator, kiwi_staff):
    for user in (operator, kiwi_staff):
        html = login(user).get(reverse("console:dashboard")).content.decode()
        assert f'href="{QUEUE}"' in html


# --- the queue -------------------------------------------------------------------------------


def test_queue_shows_late_and_at_risk_first_with_counts_and_chart(login, operator, shipment,
                                                                   skus):  # fmt: skip
    group = released_group(skus, [[(skus["F1-400"], 1)], [(skus["F2-900"], 1)]])
    late, at_risk = Shipment.objects.filter(order__group=group).order_by("order__number")
    now = timezone.now()
    Shipment.objects.filter(pk=late.pk).update(paid_at=now - timedelta(hours=30),
                                               due_at=now - timedelta(hours=6))  # fmt: skip
    Shipment.objects.filter(pk=at_risk.pk).update(paid_at=now - timedelta(hours=20),
                                                  due_at=now + timedelta(hours=4))  # fmt: skip
    response = login(operator).get(QUEUE)
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert [(r.shipment.pk, r.standing) for r in rows] == [
        (late.pk, "late"), (at_risk.pk, "at_risk"), (shipment.pk, "on_track")
    ]  # fmt: skip
    assert [r.shipment.pk for r in response.context["urgent"]] == [late.pk, at_risk.pk]
    board = response.context["board"]
    assert (board.at_risk, board.late, board.in_warehouse) == (1, 1, 3)
    html = response.content.decode()
    assert 'id="urgent"' in html and 'id="chart-shipments"' in html
    chart = next(c for c in response.context["charts"] if c.id == "shipments")
    assert "to pick: 3" in chart.description
    assert "0 / 3" in html  # units picked of the fixture's order


def test_queue_filters_by_warehouse(login, operator, shipment):
    warehouse_make("QD-BW2")
    client = login(operator)
    response = client.get(QUEUE, {"warehouse": "QD-BW2"})
    assert response.status_code == 200 and list(response.context["page"].object_list) == []
    response = client.get(QUEUE, {"warehouse": "QD-BW1"})
    assert [r.shipment.pk for r in response.context["page"].object_list] == [shipment.pk]
    assert client.get(QUEUE, {"warehouse": "nowhere"}).status_code == 400


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queue_page_query_count_does_not_grow(login, operator, shipment, skus,
                                              django_assert_max_num_queries):  # fmt: skip
    client = login(operator)
    client.get(QUEUE)  # warm caches that are not per request (content types)
    before = count_queries(client, QUEUE)
    released_group(skus, [[(skus["F1-400"], 1)], [(skus["F2-900"], 1)], [(skus["C1-50"], 1)]])
    assert Shipment.objects.count() == 4
    # session, user, operator group, the admin sidebar's permissions (2), warehouse choices,
    # the queue, shipments per status, handed over in 7 days, standings in the warehouse
    with django_assert_max_num_queries(12):
        assert client.get(QUEUE).status_code == 200
    assert count_queries(client, QUEUE) == before


def test_work_screen_query_count_does_not_grow(login, operator, skus,
                                               django_assert_max_num_queries):  # fmt: skip
    small = released_group(skus, [[(skus["F1-400"], 1)]], key="s")
    big = released_group(skus, [[(skus["F1-400"], 2), (skus["F2-900"], 1), (skus["F1-900"], 3),
                                 (skus["C1-50"], 1)]], username="buyer3", key="b")  # fmt: skip
    client = login(operator)
    small_url = work_url(Shipment.objects.get(order__group=small))
    client.get(small_url)
    with django_assert_max_num_queries(11):
        assert client.get(small_url).status_code == 200
    assert count_queries(client, small_url) == count_queries(
        client, work_url(Shipment.objects.get(order__group=big))
    )


# --- the shopper's timeline ------------------------------------------------------------------


def test_the_order_page_shows_tracking_in_time_order(client, shipment, cleared):
    shopper = Client()
    shopper.cookies["django_language"] = "en"
    shopper.force_login(cleared.user)
    url = reverse("orders:group", args=[cleared.group.number])

    html = shopper.get(url).content.decode()
    assert "To be handed to the carrier by" in html
    to_labelled(shipment)
    handed_at = timezone.now()
    services.shipment_hand_over(shipment_id=shipment.pk, at=handed_at)
    t = handed_at
    events = [  # pushed out of order, one twice
        tracking.Event("o1", "out_for_delivery", t + timedelta(hours=20), "青岛市", "派送中"),
        tracking.Event("t2", "in_transit", t + timedelta(hours=9), "济南转运中心", "到达"),
        tracking.Event("t1", "in_transit", t + timedelta(hours=3), "青岛转运中心", "到达"),
        tracking.Event("t1", "in_transit", t + timedelta(hours=3), "青岛转运中心", "到达"),
    ]
    services.tracking_apply(waybill_number=shipment.waybill_number, events=events)

    response = shopper.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    timeline = html[html.index('<ol class="timeline tracking"') :]
    timeline = timeline[: timeline.index("</ol>")]
    codes = re.findall(r'data-code="([a-z_]+)"', timeline)
    assert codes == ["place", "pay", "declare", "clear", "pick", "picked", "packed",
                     "handed_over", "in_transit", "in_transit", "out_for_delivery"]  # fmt: skip
    assert timeline.index("青岛转运中心") < timeline.index("济南转运中心")
    assert re.search(r'aria-current="step"[^>]*>\s*<time datetime="[^"]+">[^<]+</time>\s*'
                     r"<strong>Out for delivery</strong>", timeline)  # fmt: skip
    assert timeline.count('aria-current="step"') == 1
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0800">', timeline)
    assert "Estimated delivery" in html and "standard estimate for the distance" in html
    assert shipment.waybill_number in html

    delivered_at = t + timedelta(hours=22)
    late_exception = tracking.Event("x9", "exception", t + timedelta(hours=23), "青岛市", "误报")
    services.tracking_apply(
        waybill_number=shipment.waybill_number,
        events=[
            tracking.Event("d1", "delivered", delivered_at, "青岛市", "已签收"),
            late_exception,
        ],
    )
    html = shopper.get(url).content.decode()
    assert re.search(r"<strong>Delivered</strong>", html)  # delivery is final
    assert "Estimated delivery" not in html
    assert html.count('data-code="deliver"') == 0  # told once, by the carrier's event


def test_order_page_query_count_does_not_grow_with_orders(skus, django_assert_max_num_queries):
    one = released_group(skus, [[(skus["F1-400"], 1)]], username="solo", key="one")
    three = released_group(skus, [[(skus["F1-400"], 1)], [(skus["F2-900"], 1)],
                                  [(skus["C1-50"], 1)]], username="trio", key="three")  # fmt: skip
    for group in (one, three):
        for s in Shipment.objects.filter(order__group=group):
            to_labelled(s)
            services.shipment_hand_over(shipment_id=s.pk)
            services.tracking_apply(waybill_number=s.waybill_number, events=[
                tracking.Event(f"{s.pk}-t", "in_transit", timezone.now(), "济南"),
            ])  # fmt: skip

    def count(group) -> int:
        client = Client()
        client.force_login(group.user)
        url = reverse("orders:group", args=[group.number])
        client.get(url)
        # session, user, the checkout, its orders, lines, transitions, unread notices; the
        # shipments and their carrier events (two, whatever the number of orders)
        with django_assert_max_num_queries(10):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count('data-code="in_transit"') == group.orders.count()
        return len(queries)

    assert count(three) == count(one)


# --- in Debian's Chromium --------------------------------------------------------------------


def signed_in_as(page, live_server, user, *, language="en"):
    page.context.clear_cookies()  # another user may be signed in
    sign_in(page, live_server, user, language=language)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_a_parcel_goes_out_and_the_shopper_follows_it(
    page, live_server, cleared, axe_check, shot
):
    from playwright.sync_api import expect

    outbox_dispatch()
    shipment = Shipment.objects.get(order=cleared)
    roles_ensure()
    operator = staff_create(username="olivia", password=PASSWORD, role="operator")
    signed_in_as(page, live_server, operator)

    page.goto("/console/")
    page.get_by_role("link", name="Fulfillment", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fulfillment")
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    expect(page.get_by_role("img", name=re.compile("Shipments by status"))).to_be_visible()
    axe_check(page, "fulfillment queue")
    shot(page, "fulfillment-01-queue")

    page.locator("#queue").get_by_role("link", name=shipment.waybill_number).click()
    scan = page.get_by_label("Scan: GTIN or batch number")
    expect(scan).to_be_focused()
    scan.fill("0000000000000")
    scan.press("Enter")  # a scanner types the code and presses Enter
    expect(page.locator("#scan-error")).to_contain_text("0000000000000 is not on this pick list")
    expect(page.get_by_label("Scan: GTIN or batch number")).to_be_focused()
    axe_check(page, "work screen, wrong scan")
    shot(page, "fulfillment-02-wrong-scan")
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet, upright
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "fulfillment-03-work-tablet")
    page.set_viewport_size({"width": 1280, "height": 900})

    lines = list(shipment.pick_lines.select_related("lot").order_by("bin_location", "id"))
    for line in lines:
        page.get_by_label("Quantity").fill(str(line.quantity))
        scan = page.get_by_label("Scan: GTIN or batch number")
        scan.fill(line.lot.batch_number)
        scan.press("Enter")
        expect(page.locator(".messagelist")).to_contain_text("Picked")
    weight = page.get_by_label("Weight on the scale (kg)")
    expect(weight).to_be_focused()
    axe_check(page, "work screen, weigh")
    shot(page, "fulfillment-04-weigh")
    weight.fill(str(shipment.expected_weight_kg))
    weight.press("Enter")
    page.get_by_role("button", name="Print the label").click()
    expect(page.locator("#waybill")).to_have_text(shipment.waybill_number)
    axe_check(page, "label")
    shot(page, "fulfillment-05-label")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    shot(page, "fulfillment-06-label-print")
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to the shipment").click()
    page.get_by_role("button", name="Hand over to the carrier").click()
    expect(page.locator(".messagelist")).to_contain_text("was handed to the carrier")
    expect(page.locator("#queue-empty")).to_be_visible()
    assert status_of(shipment) == "handed_over"

    at = Shipment.objects.get(pk=shipment.pk).handed_over_at
    services.tracking_apply(
        waybill_number=shipment.waybill_number,
        events=[
            tracking.Event("t2", "in_transit", at + timedelta(hours=9), "济南转运中心", "到达"),
            tracking.Event("t1", "in_transit", at + timedelta(hours=3), "青岛转运中心", "到达"),
            tracking.Event("o1", "out_for_delivery", at + timedelta(hours=20), "青岛市", "派送"),
        ],
    )
    signed_in_as(page, live_server, cleared.user)
    page.goto(f"/orders/{cleared.group.number}/")
    steps = page.get_by_role("list", name="Tracking").get_by_role("listitem")
    expect(steps).to_have_count(11)
    expect(steps.last).to_have_attribute("aria-current", "step")
    expect(steps.last).to_contain_text("Out for delivery")
    expect(page.locator(".tracking-eta")).to_contain_text("Estimated delivery")
    axe_check(page, "order page with tracking")
    shot(page, "fulfillment-07-shopper-timeline")
    signed_in_as(page, live_server, cleared.user, language="zh-hans")
    page.reload()
    shot(page, "fulfillment-08-shopper-timeline-zh")
