"""Console order pages: search (filters, counts, scoping, query count), one order (masked
personal data, audited reveal, timeline, links) and an operator's manual steps."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from freeport.catalog.models import SKU
from freeport.catalog.services import catalog_import
from freeport.catalog.testing import merchant_make
from freeport.console import order_views
from freeport.console.services import staff_create
from freeport.inventory.models import Reservation
from freeport.kernel.models import AuditLog, OutboxMessage
from freeport.orders import services as order_services
from freeport.orders.models import Order, OrderTransition
from freeport.orders.testing import group_make, shopper_make, stock_make, warehouse_make

from .conftest import PASSWORD, cosmetic_row
from .customs_data import declaration_make

SEARCH = reverse("console:orders")
RECIPIENT, PHONE, STREET = "王小明", "13912345678", "香港中路 8 号 1201 室"
PERSONAL = (RECIPIENT, PHONE, STREET)


def detail_url(order):
    return reverse("console:order", args=[order.number])


def reveal_url(order):
    return reverse("console:order_reveal", args=[order.number])


def action_url(order):
    return reverse("console:order_action", args=[order.number])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def numbers_of(response) -> list[str]:
    return [o.number for o in response.context["page"].object_list]


def assert_masked(html: str):
    for value in PERSONAL:
        assert value not in html, value


def pay(group):
    order_services.order_group_paid(
        group_number=group.number, transaction_id="T", amount=group.total, currency="CNY",
        paid_at=timezone.now(),
    )  # fmt: skip


def walk(order, *events):
    for event in events:
        order_services.order_transition(order_id=order.pk, event=event, reason="test")
    order.refresh_from_db()
    return order


def reserved_statuses(order) -> set[str]:
    return set(Reservation.objects.filter(reference=order.number).values_list("status", flat=True))


def alpine_add() -> dict[str, SKU]:
    """A second merchant (alpine-co, one SKU A1-30) beside the `catalog` fixture's kiwi-dairy;
    every SKU by code."""
    merchant_make("alpine-co", "CH")
    row = cosmetic_row(product_code="A1", sku_code="A1-30", brand="alpine-snow",
                       brand_zh="阿尔卑斯雪", brand_en="Alpine Snow")  # fmt: skip
    result = catalog_import(rows=[(1, row)], status="approved")
    assert result.imported, result.errors
    return {s.code: s for s in SKU.objects.select_related("product")}


def orders_place(skus, buyer) -> dict[str, Order]:
    """kiwi: one unpaid (2 lines), one paid; alpine: one unpaid. Oldest first. Stock received."""
    for sku in skus.values():
        stock_make(sku, 50, warehouse_make())
    unpaid = group_make(*buyer, [(skus["F1-900"], 2), (skus["C1-50"], 1)], key="a")
    paid = group_make(*buyer, [(skus["F2-900"], 1)], key="b")
    pay(paid)
    alpine = group_make(*buyer, [(skus["A1-30"], 1)], key="c")
    return {
        "unpaid": unpaid.orders.get(),
        "paid": paid.orders.get(),
        "alpine": alpine.orders.get(),
    }


@pytest.fixture
def skus(catalog):
    """kiwi-dairy: F1-900, F1-400, F2-900, C1-50 (the `catalog`); alpine-co: A1-30."""
    return alpine_add()


@pytest.fixture
def kiwi_staff(roles, skus):
    return staff_create(username="ken", password=PASSWORD, role="merchant", merchant="kiwi-dairy")


@pytest.fixture
def alpine_staff(roles, skus):
    return staff_create(username="anna", password=PASSWORD, role="merchant", merchant="alpine-co")


@pytest.fixture
def buyer(db):
    return shopper_make("buyer1")


@pytest.fixture
def orders(skus, buyer):
    return orders_place(skus, buyer)


# --- who may enter -------------------------------------------------------------------------


def get_urls(orders):
    return [SEARCH, detail_url(orders["unpaid"])]


def post_urls(orders):
    order = orders["unpaid"]
    return [
        (reveal_url(order), {"reason": "check"}),
        (action_url(order), {"event": "cancel", "state": "pending_payment", "reason": "check"}),
    ]


def assert_unchanged(orders):
    assert Order.objects.get(pk=orders["unpaid"].pk).state == "pending_payment"
    assert not AuditLog.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, orders):
    for url in get_urls(orders):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    for url, data in post_urls(orders):
        response = client.post(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert_unchanged(orders)


def test_shoppers_and_staff_without_a_merchant_get_403(login, shopper, roles, orders):
    loose = staff_create(username="lou", password=PASSWORD, role="operator")
    loose.groups.clear()  # staff, but neither operator nor linked to a merchant
    for user in (shopper, loose):
        client = login(user)
        for url in get_urls(orders):
            assert client.get(url).status_code == 403, (user, url)
        for url, data in post_urls(orders):
            assert client.post(url, data).status_code == 403, (user, url)
    assert_unchanged(orders)


def test_merchant_staff_read_their_orders_but_take_no_step(login, kiwi_staff, orders):
    client = login(kiwi_staff)
    assert client.get(SEARCH).status_code == 200
    response = client.get(detail_url(orders["unpaid"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_masked(html)
    assert 'id="order-reveal"' not in html and 'id="order-action"' not in html
    assert "/console/customs/" not in html  # customs pages are the operators'
    for url, data in post_urls(orders):
        assert client.post(url, data).status_code == 403, url
    assert_unchanged(orders)


def test_a_merchant_neither_finds_nor_opens_another_merchants_order(
    login, kiwi_staff, alpine_staff, orders
):
    kiwi = login(kiwi_staff)
    found = numbers_of(kiwi.get(SEARCH))
    assert sorted(found) == sorted([orders["unpaid"].number, orders["paid"].number])
    alpine_no = orders["alpine"].number
    assert numbers_of(kiwi.get(SEARCH, {"q": alpine_no})) == []
    assert numbers_of(kiwi.get(SEARCH, {"merchant": "alpine-co"})) == found  # ignored
    assert kiwi.get(detail_url(orders["alpine"])).status_code == 404
    assert alpine_no not in kiwi.get(SEARCH).content.decode()

    alpine = login(alpine_staff)
    assert numbers_of(alpine.get(SEARCH)) == [alpine_no]
    assert alpine.get(detail_url(orders["unpaid"])).status_code == 404
    assert alpine.get(detail_url(orders["alpine"])).status_code == 200


def test_merchant_staff_get_no_merchant_filter(login, operator, kiwi_staff, orders):
    assert "merchant" in login(operator).get(SEARCH).context["form"].fields
    response = login(kiwi_staff).get(SEARCH)
    assert "merchant" not in response.context["form"].fields
    assert 'name="merchant"' not in response.content.decode()


def test_unknown_order_is_404(login, operator, db):
    client = login(operator)
    assert client.get(reverse("console:order", args=["FP000"])).status_code == 404
    response = client.post(
        reverse("console:order_action", args=["FP000"]),
        {"event": "cancel", "state": "pending_payment", "reason": "x"},
    )
    assert response.status_code == 404


def test_csrf_is_enforced(operator, orders):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    for url, data in post_urls(orders):
        assert client.post(url, data).status_code == 403, url
    assert_unchanged(orders)


def test_pages_answer_only_their_methods(login, operator, orders):
    client = login(operator)
    assert client.post(SEARCH).status_code == 405
    assert client.post(detail_url(orders["unpaid"])).status_code == 405
    assert client.get(reveal_url(orders["unpaid"])).status_code == 405
    assert client.get(action_url(orders["unpaid"])).status_code == 405


def test_dashboard_links_to_orders(login, operator, kiwi_staff):
    for user in (operator, kiwi_staff):
        html = login(user).get(reverse("console:dashboard")).content.decode()
        assert f'href="{SEARCH}"' in html


# --- search --------------------------------------------------------------------------------


def test_operators_see_every_order_newest_first(login, operator, orders):
    response = login(operator).get(SEARCH)
    assert response.status_code == 200
    assert numbers_of(response) == [
        orders["alpine"].number, orders["paid"].number, orders["unpaid"].number
    ]  # fmt: skip
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html
    assert_masked(html)
    assert "王**" in html  # the recipient, masked


def test_search_by_order_or_checkout_number_whole_or_beginning(login, operator, orders):
    client = login(operator)
    order = orders["paid"]
    assert numbers_of(client.get(SEARCH, {"q": order.number})) == [order.number]
    assert numbers_of(client.get(SEARCH, {"q": order.group.number})) == [order.number]
    typed = " " + order.number[:-2].lower() + " "  # lower case, spaces: still found
    assert numbers_of(client.get(SEARCH, {"q": typed})) == [order.number]
    assert numbers_of(client.get(SEARCH, {"q": order.group.number[:-1]})) == [order.number]
    everyone = numbers_of(client.get(SEARCH, {"q": "FP"}))
    assert len(everyone) == 3
    assert numbers_of(client.get(SEARCH, {"q": "FP1999"})) == []
    assert numbers_of(client.get(SEARCH, {"q": order.number[1:]})) == []  # not in the middle


def test_state_filter_with_counts_under_the_other_filters(login, operator, orders):
    client = login(operator)
    response = client.get(SEARCH, {"state": "pending_payment"})
    assert sorted(numbers_of(response)) == sorted(
        [orders["unpaid"].number, orders["alpine"].number]
    )
    tabs = {value: n for value, _label, n in response.context["tabs"]}
    assert tabs[""] == 3 and tabs["pending_payment"] == 2 and tabs["paid"] == 1
    assert tabs["shipped"] == 0
    html = response.content.decode()
    assert (
        'data-state="pending_payment"><a href="?state=pending_payment" aria-current="page"' in html
    )

    response = client.get(SEARCH, {"state": "paid", "merchant": "alpine-co"})
    assert numbers_of(response) == []
    tabs = {value: n for value, _label, n in response.context["tabs"]}
    assert tabs[""] == 1 and tabs["pending_payment"] == 1 and tabs["paid"] == 0


def test_state_tabs_and_pages_keep_the_other_filters(login, operator, orders, monkeypatch):
    monkeypatch.setattr(order_views, "PAGE_SIZE", 1)
    response = login(operator).get(SEARCH, {"q": "FP", "warehouse": "QD-BW1", "page": "2"})
    assert response.context["page"].number == 2
    html = response.content.decode()
    assert 'href="?q=FP&amp;warehouse=QD-BW1&amp;state=paid"' in html
    assert 'href="?q=FP&amp;warehouse=QD-BW1&amp;page=3"' in html
    assert 'href="?q=FP&amp;warehouse=QD-BW1&amp;page=1"' in html


def test_filter_by_merchant_and_warehouse(login, operator, orders, skus, buyer):
    other = warehouse_make("QD-BW2")
    stock_make(skus["F1-400"], 5, other)
    elsewhere = group_make(*buyer, [(skus["F1-400"], 1)], warehouse=other, key="d")
    client = login(operator)
    assert sorted(numbers_of(client.get(SEARCH, {"merchant": "kiwi-dairy"}))) == sorted(
        [orders["unpaid"].number, orders["paid"].number, elsewhere.orders.get().number]
    )
    assert numbers_of(client.get(SEARCH, {"merchant": "alpine-co"})) == [orders["alpine"].number]
    assert numbers_of(client.get(SEARCH, {"warehouse": "QD-BW2"})) == [
        elsewhere.orders.get().number
    ]
    response = client.get(SEARCH, {"merchant": "nobody"})
    assert response.status_code == 400 and "merchant" in response.context["form"].errors


def test_filter_by_date_range(login, operator, orders):
    now = timezone.now()
    Order.objects.filter(pk=orders["unpaid"].pk).update(created_at=now - timedelta(days=10))
    Order.objects.filter(pk=orders["paid"].pk).update(created_at=now - timedelta(days=3))
    today = timezone.localdate()
    client = login(operator)

    def found(**dates):
        params = {k: (today - timedelta(days=v)).isoformat() for k, v in dates.items()}
        return numbers_of(client.get(SEARCH, params))

    assert found(placed_from=5) == [orders["alpine"].number, orders["paid"].number]
    assert found(placed_to=5) == [orders["unpaid"].number]
    assert found(placed_from=3, placed_to=3) == [orders["paid"].number]
    assert found(placed_from=0) == [orders["alpine"].number]


def test_a_backwards_period_is_refused_with_a_clear_error(login, operator, orders):
    today = timezone.localdate()
    response = login(operator).get(
        SEARCH, {"placed_from": today.isoformat(), "placed_to": (today - timedelta(1)).isoformat()}
    )
    assert response.status_code == 400
    assert response.context["page"] is None
    assert "swap the dates" in response.content.decode()
    response = login(operator).get(SEARCH, {"placed_from": "yesterday"})
    assert response.status_code == 400 and "placed_from" in response.context["form"].errors


def test_an_unknown_state_is_refused(login, operator, orders):
    response = login(operator).get(SEARCH, {"state": "lost"})
    assert response.status_code == 400


def test_search_pages_in_a_fixed_number_of_queries(login, operator, kiwi_staff, orders, skus,
                                                   buyer):  # fmt: skip
    def count(client, params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SEARCH, params)
        assert response.status_code == 200
        return len(queries), len(response.context["page"].object_list)

    clients = {"operator": login(operator), "merchant": Client()}
    clients["merchant"].force_login(kiwi_staff)
    params = {"q": "FP", "warehouse": "QD-BW1"}
    before = {who: count(client, params) for who, client in clients.items()}
    for n in range(6):
        group_make(*buyer, [(skus["F1-400"], 1), (skus["F2-900"], 1)], key=f"more{n}")
    after = {who: count(client, params) for who, client in clients.items()}
    for who in clients:
        assert after[who][1] > before[who][1], who
        assert after[who][0] == before[who][0], (who, before[who], after[who])
    # session, user, groups; the warehouse filter; counts per state; the page's count; the
    # admin sidebar's permissions (2); merchant and warehouse choices; the page's rows
    assert after["operator"][0] <= 11, after


# --- one order -----------------------------------------------------------------------------


def test_detail_shows_lines_amounts_and_masked_buyer(login, operator, orders):
    order = orders["unpaid"]
    response = login(operator).get(detail_url(order))
    assert response.status_code == 200
    html = response.content.decode()
    assert_masked(html)
    assert order.masked_recipient in html and order.masked_phone in html
    assert "山东省青岛市市南区" in html  # the district stays readable
    assert 'data-masked="true"' in html
    lines = response.context["lines"]
    assert [line.sku.code for line, _title in lines] == ["F1-900", "C1-50"]
    for line, _title in lines:
        for value in (line.goods, line.tariff, line.consumption_tax, line.vat, line.payable):
            assert f">{value}<" in html
    amounts = {key: value for key, _label, value in response.context["amounts"]}
    assert amounts["total"] == f"¥{order.total:,.2f}"
    assert amounts["vat"] == f"¥{order.vat:,.2f}"
    assert 'id="order-reveal"' in html and 'id="order-action"' in html
    assert "not declared" in html


def test_detail_timeline_shows_every_step_with_actor_and_reason(login, operator, orders):
    order = walk(orders["paid"], "declare", "clear")
    order_services.order_transition(
        order_id=order.pk, event="pick", actor=operator, reason="rush order"
    )
    response = login(operator).get(detail_url(order))
    steps = response.context["timeline"]
    assert [s.event for s in steps] == [
        "placed", "paid", "declared to customs", "released by customs", "picking started"
    ]  # fmt: skip
    last = steps[-1]
    assert (last.source, last.target, last.actor, last.reason) == (
        "released by customs", "being picked", "olivia", "rush order"
    )  # fmt: skip
    assert steps[0].source == "" and steps[0].target == "awaiting payment"
    html = response.content.decode()
    assert "released by customs → being picked" in html and "rush order" in html


def test_detail_links_the_customs_declaration_and_the_checkout(login, operator, orders):
    order = orders["paid"]
    declaration = declaration_make(order.number, "released")
    html = login(operator).get(detail_url(order)).content.decode()
    link = reverse("console:customs_declaration", args=[declaration.pk])
    assert f'href="{link}"' in html and "declaration: released" in html
    assert f'href="{SEARCH}?q={order.group.number}"' in html


def test_payments_link_for_who_may_read_payments(login, operator, orders, django_user_model):
    order = orders["paid"]
    html = login(operator).get(detail_url(order)).content.decode()
    assert 'id="order-payments"' not in html  # the operator group has no payments rights
    boss = django_user_model.objects.create_superuser("boss", password=PASSWORD)
    html = login(boss).get(detail_url(order)).content.decode()
    assert f"/admin/payments/payment/?q={order.group.number}" in html


# --- reveal --------------------------------------------------------------------------------


def test_reveal_without_a_reason_shows_nothing(login, operator, orders):
    order = orders["unpaid"]
    response = login(operator).post(reveal_url(order), {"reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert_masked(html)
    assert "A reason is required" in html
    assert 'aria-invalid="true"' in html
    assert not AuditLog.objects.exists()


def test_reveal_with_a_reason_is_audited_and_shown_once(login, operator, orders):
    order = orders["unpaid"]
    client = login(operator)
    response = client.post(reveal_url(order), {"reason": "courier cannot find the address"})
    assert response.status_code == 200
    html = response.content.decode()
    for value in PERSONAL:
        assert value in html
    assert 'data-masked="false"' in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    log = AuditLog.objects.get()
    assert (log.action, log.actor, log.object_type, log.object_id, log.reason) == (
        "orders.reveal", operator, "orders.order", str(order.pk), "courier cannot find the address"
    )  # fmt: skip
    assert_masked(client.get(detail_url(order)).content.decode())  # masked again next time


# --- manual steps --------------------------------------------------------------------------


def step(client, order, event, reason="buyer asked by phone", state=None):
    return client.post(
        action_url(order), {"event": event, "state": state or order.state, "reason": reason}
    )


def test_steps_offered_follow_the_state(login, operator, orders):
    client = login(operator)
    offered = client.get(detail_url(orders["unpaid"])).context["actions"]
    assert [(a.event, a.label) for a in offered] == [("cancel", "Cancel the order")]
    offered = client.get(detail_url(orders["paid"])).context["actions"]
    assert [(a.event, a.label) for a in offered] == [("cancel", "Cancel and refund")]
    cleared = walk(orders["paid"], "declare", "clear")
    response = client.get(detail_url(cleared))
    assert response.context["actions"] == []
    assert 'id="no-actions"' in response.content.decode()


def test_cancel_an_unpaid_order_releases_its_stock(login, operator, orders):
    order, other = orders["unpaid"], orders["alpine"]
    assert reserved_statuses(order) == {"held"}
    response = step(login(operator), order, "cancel")
    assert response.status_code == 302 and response.url == detail_url(order)
    order.refresh_from_db()
    assert order.state == "cancelled"
    assert reserved_statuses(order) == {"released"}
    assert reserved_statuses(other) == {"held"}  # another checkout: untouched
    last = order.transitions.last()
    assert (last.event, last.actor, last.reason) == ("cancel", operator, "buyer asked by phone")
    log = AuditLog.objects.get()
    assert (log.action, log.object_id, log.reason) == (
        "orders.cancel", str(order.pk), "buyer asked by phone"
    )  # fmt: skip
    assert OutboxMessage.objects.filter(key=f"order:{order.number}:2").exists()
    page = login(operator).get(detail_url(order))
    assert f"Order {order.number} is now cancelled." in messages_of(page)


def test_cancel_a_paid_order_goes_to_refunding(login, operator, orders):
    order = orders["paid"]
    assert reserved_statuses(order) == {"committed"}
    response = step(login(operator), order, "cancel", reason="out of stock in reality")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == "refunding"
    assert reserved_statuses(order) == {"released"}
    html = login(operator).get(detail_url(order)).content.decode()
    assert "refund in progress" in html


def test_mark_delivered_then_completed(login, operator, orders):
    order = walk(orders["paid"], "declare", "clear", "pick", "ship")
    client = login(operator)
    assert step(client, order, "deliver", reason="buyer confirmed receipt").status_code == 302
    order.refresh_from_db()
    assert order.state == "delivered"
    assert step(client, order, "complete", reason="closing").status_code == 302
    order.refresh_from_db()
    assert order.state == "completed"
    assert list(AuditLog.objects.order_by("id").values_list("action", flat=True)) == [
        "orders.deliver", "orders.complete"
    ]  # fmt: skip


def assert_nothing_changed(order, state, reserved):
    before = OrderTransition.objects.filter(order=order).count()
    order.refresh_from_db()
    assert order.state == state
    assert reserved_statuses(order) == reserved
    assert OrderTransition.objects.filter(order=order).count() == before
    assert not AuditLog.objects.exists()


def test_a_step_without_a_reason_changes_nothing(login, operator, orders):
    order = orders["unpaid"]
    seen = order.transitions.count()
    response = step(login(operator), order, "cancel", reason="   ")
    assert response.status_code == 400
    assert "A reason is required" in response.content.decode()
    assert response.context["action_form"].errors["reason"]
    assert_nothing_changed(order, "pending_payment", {"held"})
    assert order.transitions.count() == seen


@pytest.mark.parametrize(
    ("event", "text"),
    [
        ("deliver", "An order that is awaiting payment cannot be delivered. Nothing was changed."),
        ("pay", "That step is not taken by hand. Nothing was changed."),
        ("expire", "That step is not taken by hand. Nothing was changed."),
        ("bogus", "That step is not taken by hand. Nothing was changed."),
    ],
)
def test_an_illegal_step_is_refused_and_changes_nothing(login, operator, orders, event, text):
    order = orders["unpaid"]
    seen = order.transitions.count()
    response = step(login(operator), order, event)
    assert response.status_code == 400
    assert text in messages_of(response)
    assert order.transitions.count() == seen
    assert_nothing_changed(order, "pending_payment", {"held"})


def test_a_step_on_a_page_gone_stale_changes_nothing(login, operator, orders):
    """The page showed "awaiting payment"; the payment came before the click."""
    order = orders["paid"]
    seen = order.transitions.count()
    response = step(login(operator), order, "cancel", state="pending_payment")
    assert response.status_code == 400
    assert "it is now paid" in " ".join(messages_of(response))
    assert order.transitions.count() == seen
    assert_nothing_changed(order, "paid", {"committed"})


def test_a_step_without_the_state_seen_is_refused(login, operator, orders):
    order = orders["unpaid"]
    response = login(operator).post(action_url(order), {"event": "cancel", "reason": "x"})
    assert response.status_code == 400
    assert_nothing_changed(order, "pending_payment", {"held"})


def test_detail_in_a_fixed_number_of_queries(login, operator, orders):
    client = login(operator)

    def count(order):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(order)).status_code == 200
        return len(queries)

    small = count(orders["paid"])  # 1 line, 2 steps
    big = walk(orders["unpaid"], "pay", "declare", "clear", "pick", "ship")  # 2 lines, 6 steps
    assert count(big) == small
