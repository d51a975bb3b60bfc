"""Disputes: the timer rules (a table), the services and the pages, on a real delivered order."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum

from freeport.aftersales import dispute_timer as rules
from freeport.aftersales import disputes, services
from freeport.aftersales.models import Dispute, DisputeMessage
from freeport.catalog.testing import merchant_make
from freeport.console.services import roles_ensure, staff_create
from freeport.notifications.models import Notification
from freeport.orders.testing import shopper_make
from freeport.payments.models import LedgerEntry, Payment, Refund
from freeport.payments.selectors import payments_reconcile

PASSWORD = "dispute-test-pass-1"
T0 = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
H = timedelta(hours=1)


# --- the timer rules (pure) ---------------------------------------------------------------------

TIMER_TABLE = [
    # opened + 48 h = due; now relative to opening; resolved relative to opening; status
    (0 * H, None, rules.ON_TIME),
    (39 * H, None, rules.ON_TIME),
    (40 * H, None, rules.ON_TIME),  # exactly 8 h left: not yet at risk ("less than 8 h")
    (40 * H + timedelta(seconds=1), None, rules.AT_RISK_STATUS),
    (47 * H + 59 * timedelta(minutes=1), None, rules.AT_RISK_STATUS),
    (48 * H, None, rules.OVERDUE),  # the due instant itself is overdue
    (60 * H, None, rules.OVERDUE),
    (60 * H, 47 * H, rules.MET),  # a resolved dispute's clock stopped at its resolution
    (60 * H, 48 * H, rules.MISSED),
    (10 * H, 49 * H, rules.MISSED),
]


@pytest.mark.parametrize(("now", "resolved", "status"), TIMER_TABLE)
def test_timer_table(now, resolved, status):
    due = rules.due_at(T0, 48)
    assert due == T0 + 48 * H
    timer = rules.timer(due_at=due, now=T0 + now, resolved_at=resolved and T0 + resolved)
    assert timer.status == status
    assert timer.overdue == (status in (rules.OVERDUE, rules.MISSED))
    assert timer.at_risk == (status == rules.AT_RISK_STATUS)
    assert rules.is_overdue(due_at=due, now=T0 + now) == (now >= 48 * H)


@pytest.mark.parametrize(
    ("left", "hours", "minutes"),
    [
        (5 * H + timedelta(minutes=20), 5, 20),
        (-(3 * H + timedelta(minutes=2)), 3, 2),
        (timedelta(seconds=59), 0, 0),
        (48 * H, 48, 0),
    ],
)
def test_timer_shows_hours_and_minutes(left, hours, minutes):
    timer = rules.timer(due_at=T0 + left, now=T0)
    assert (timer.hours, timer.minutes) == (hours, minutes)
    assert timer.remaining == left


@pytest.mark.parametrize(
    ("opened", "hours"),
    [(datetime(2026, 3, 4, 10), 48), (T0, 0), (T0, -1), (T0, 1.5), (T0, True), ("2026-03-04", 48)],
)
def test_timer_refuses_bad_input(opened, hours):
    with pytest.raises(ValueError):
        rules.due_at(opened, hours)


def test_timer_refuses_naive_now():
    with pytest.raises(ValueError):
        rules.timer(due_at=T0, now=datetime(2026, 3, 4, 10))


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def operator(db):
    roles_ensure()
    return staff_create(username="olivia", password=PASSWORD, role="operator")


@pytest.fixture
def own_staff(delivered):
    roles_ensure()
    return staff_create(
        username="ken", password=PASSWORD, role="merchant", merchant=delivered.merchant
    )


@pytest.fixture
def other_staff(delivered):
    roles_ensure()
    other = merchant_make("alpine-co", "CH")
    return staff_create(username="anna", password=PASSWORD, role="merchant", merchant=other)


@pytest.fixture
def stranger(db):
    return shopper_make("stranger")[0]


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.LANGUAGE_CODE = "en"


def open_dispute(order, **extra):
    data = {"topic": "damaged", "subject": "Broken tin", "message": "The tin arrived dented."}
    return disputes.dispute_open(user=order.user, order_number=order.number, **{**data, **extra})


def payment_of(order):
    return Payment.objects.get(group_id=order.group_id)


def unchanged(dispute, *, messages: int):
    dispute.refresh_from_db()
    assert dispute.status == "open" and dispute.outcome == "" and dispute.refund_id is None
    assert dispute.messages.count() == messages


# --- services -----------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_open_sets_the_timer_and_tells_the_shopper(delivered, settings):
    settings.AFTERSALES_DISPUTE_HOURS = 24
    dispute = open_dispute(delivered)
    assert dispute.status == "open" and dispute.due_at == dispute.opened_at + 24 * H
    [first] = dispute.messages.all()
    assert (first.action, first.role, first.text) == (
        "opened",
        "shopper",
        "The tin arrived dented.",
    )
    note = Notification.objects.get(user=delivered.user, kind="dispute.opened")
    assert note.dedupe_key == f"dispute.opened:{dispute.pk}"
    assert note.link == f"/aftersales/disputes/{dispute.pk}/"


def test_one_open_dispute_per_order(delivered, operator):
    dispute = open_dispute(delivered)
    with pytest.raises(disputes.DisputeError) as info:
        open_dispute(delivered)
    assert info.value.code == "already_open" and info.value.dispute_id == dispute.pk
    assert Dispute.objects.count() == 1
    disputes.dispute_resolve(dispute=dispute, operator=operator, outcome="rejected", note="No.")
    assert open_dispute(delivered).pk != dispute.pk  # once resolved, a new one may be opened


def test_open_refuses_others_orders_and_bad_input(delivered, stranger):
    cases = [
        ({"user": stranger}, "order", "not_found"),
        ({"order_number": "NOPE"}, "order", "not_found"),
        ({"return_number": "R000"}, "return", "not_found"),
        ({"topic": "bribe"}, "topic", "invalid"),
        ({"subject": "  "}, "subject", "required"),
        ({"message": ""}, "message", "required"),
        ({"message": "x" * 2001}, "message", "too_long"),
    ]
    for extra, field, code in cases:
        args = {
            "user": delivered.user,
            "order_number": delivered.number,
            "topic": "damaged",
            "subject": "s",
            "message": "m",
            **extra,
        }
        with pytest.raises(disputes.DisputeError) as info:
            disputes.dispute_open(**args)
        assert (info.value.field, info.value.code) == (field, code), extra
    assert not Dispute.objects.exists() and not DisputeMessage.objects.exists()
    assert not Notification.objects.filter(kind__startswith="dispute.").exists()


def test_a_refused_return_can_be_escalated(delivered, operator):
    line = delivered.lines.get(sku__code="F1-900")
    request = services.return_request_create(
        user=delivered.user,
        order_number=delivered.number,
        kind="return",
        reason="quality",
        items=[(line.pk, 1)],
        now=delivered.shipment.delivered_at + timedelta(days=1),
    )
    services.return_refuse(number=request.number, actor=operator, reason="used")
    dispute = open_dispute(delivered, topic="return_refused", return_number=request.number)
    assert dispute.return_request == request


def test_messages_take_and_rejection_are_all_kept(delivered, operator, own_staff, stranger):
    dispute = open_dispute(delivered)
    disputes.dispute_take(dispute=dispute, operator=operator)
    disputes.dispute_take(dispute=dispute, operator=operator)  # again: nothing new
    reply = disputes.dispute_message(dispute=dispute, author=operator, text="Photo please?")
    disputes.dispute_message(dispute=dispute, author=delivered.user, text="Here it is.")
    for author in (own_staff, stranger, None):  # merchant staff only read
        with pytest.raises(disputes.DisputeError) as info:
            disputes.dispute_message(dispute=dispute, author=author, text="hi")
        assert info.value.code == "forbidden"
    with pytest.raises(disputes.DisputeError):
        disputes.dispute_take(dispute=dispute, operator=own_staff)
    disputes.dispute_resolve(
        dispute=dispute, operator=operator, outcome="rejected", note="The dent is cosmetic."
    )
    actions = list(dispute.messages.values_list("action", "role"))
    assert actions == [
        ("opened", "shopper"),
        ("taken", "operator"),
        ("message", "operator"),
        ("message", "shopper"),
        ("resolved", "operator"),
    ]
    kinds = list(
        Notification.objects.filter(user=delivered.user, kind__startswith="dispute.")
        .values_list("dedupe_key", flat=True)
        .order_by("pk")
    )
    assert kinds == [
        f"dispute.opened:{dispute.pk}",
        f"dispute.reply:{reply.pk}",
        f"dispute.resolved:{dispute.pk}",
    ]
    with pytest.raises(disputes.DisputeError) as info:  # resolved: no more messages
        disputes.dispute_message(dispute=dispute, author=delivered.user, text="But...")
    assert info.value.code == "resolved"
    with pytest.raises(TypeError):  # kept forever
        DisputeMessage.objects.filter(dispute=dispute).delete()
    with pytest.raises(TypeError):
        DisputeMessage.objects.filter(dispute=dispute).update(text="")
    first = dispute.messages.first()
    first.text = "changed"
    with pytest.raises(TypeError):
        first.save()


def test_partial_refund_reconciles_with_the_ledger(delivered, operator):
    payment = payment_of(delivered)
    assert disputes.refundable_left(delivered) == delivered.total
    dispute = open_dispute(delivered)
    resolved = disputes.dispute_resolve(
        dispute=dispute, operator=operator, outcome="refund_partial", amount="25.50", note="Sorry."
    )
    assert resolved.status == "resolved" and resolved.refund_amount == Decimal("25.50")
    refund = Refund.objects.get(payment=payment)
    assert refund == resolved.refund and refund.key == f"dispute:{delivered.number}:{dispute.pk}"
    assert refund.status == "succeeded"
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("25.50")
    ledger = LedgerEntry.objects.filter(payment=payment, kind="refund")
    assert ledger.aggregate(s=Sum("amount"))["s"] == Decimal("-25.50")
    assert payments_reconcile() == []
    assert disputes.refundable_left(delivered) == delivered.total - Decimal("25.50")
    assert "25.50" in Notification.objects.get(kind="dispute.resolved").body
    entry = dispute.messages.get(action="resolved")
    assert entry.text == "partial refund · ¥25.50\nSorry."  # readable, in the site language


def test_full_refund_pays_what_is_left_and_counts_returns(delivered, operator):
    line = delivered.lines.get(sku__code="F1-900")
    request = services.return_request_create(
        user=delivered.user,
        order_number=delivered.number,
        kind="return",
        reason="quality",
        items=[(line.pk, 1)],
        now=delivered.shipment.delivered_at + timedelta(days=1),
    )
    from .test_services import through_inspection

    through_inspection(request, delivered)
    returned = services.return_refund(number=request.number)
    # The return's tax is owed (customs not answered yet), so it is not refundable twice.
    assert disputes.refundable_left(delivered) == delivered.total - returned.refund_amount
    first = open_dispute(delivered)
    disputes.dispute_resolve(
        dispute=first, operator=operator, outcome="refund_partial", amount="10.00", note="Part."
    )
    second = open_dispute(delivered)
    left = delivered.total - returned.refund_amount - Decimal("10.00")
    done = disputes.dispute_resolve(
        dispute=second, operator=operator, outcome="refund_full", note="All of it."
    )
    assert done.refund_amount == left and disputes.refundable_left(delivered) == 0
    # The return's import tax (customs not answered yet) stays owed: the dispute refunded the rest.
    payment = payment_of(delivered)
    assert payment.refunded_amount == delivered.total - returned.refund_tax
    assert payments_reconcile() == []
    third = open_dispute(delivered)
    with pytest.raises(disputes.DisputeError) as info:
        disputes.dispute_resolve(dispute=third, operator=operator, outcome="refund_full", note="x")
    assert info.value.code == "nothing_left"
    unchanged(third, messages=1)


@pytest.mark.parametrize(
    ("outcome", "amount", "note", "field", "code"),
    [
        ("refund_partial", "9999.00", "n", "amount", "exceeds_refundable"),
        ("refund_partial", "", "n", "amount", "invalid"),
        ("refund_partial", "1.234", "n", "amount", "invalid"),
        ("refund_partial", "-5", "n", "amount", "invalid"),
        ("refund_partial", 1.5, "n", "amount", "invalid"),
        ("refund_full", "3.00", "n", "amount", "invalid"),
        ("rejected", "3.00", "n", "amount", "invalid"),
        ("rejected", None, " ", "note", "required"),
        ("bribe", None, "n", "outcome", "invalid"),
    ],
)
def test_resolve_refuses_bad_input_and_changes_nothing(
    delivered, operator, outcome, amount, note, field, code
):
    dispute = open_dispute(delivered)
    with pytest.raises(disputes.DisputeError) as info:
        disputes.dispute_resolve(
            dispute=dispute, operator=operator, outcome=outcome, amount=amount, note=note
        )
    assert (info.value.field, info.value.code) == (field, code)
    unchanged(dispute, messages=1)
    assert not Refund.objects.exists()
    assert not Notification.objects.filter(kind="dispute.resolved").exists()


def test_resolving_twice_is_refused(delivered, operator):
    dispute = open_dispute(delivered)
    disputes.dispute_resolve(
        dispute=dispute, operator=operator, outcome="refund_partial", amount="5.00", note="ok"
    )
    with pytest.raises(disputes.DisputeError) as info:
        disputes.dispute_resolve(
            dispute=dispute,
            operator=operator,
            outcome="refund_partial",
            amount="5.00",
            note="again",
        )
    assert info.value.code == "resolved"
    assert Refund.objects.count() == 1 and dispute.messages.count() == 2
    assert payment_of(delivered).refunded_amount == Decimal("5.00")


def test_only_operators_resolve(delivered, own_staff):
    dispute = open_dispute(delivered)
    for user in (own_staff, delivered.user):
        with pytest.raises(disputes.DisputeError) as info:
            disputes.dispute_resolve(dispute=dispute, operator=user, outcome="rejected", note="n")
        assert info.value.code == "forbidden"
    unchanged(dispute, messages=1)


def test_overdue_disputes_are_flagged_once(delivered, operator, caplog):
    dispute = open_dispute(delivered)
    disputes.dispute_take(dispute=dispute, operator=operator)
    assert disputes.dispute_flag_overdue(now=dispute.due_at - timedelta(seconds=1)) == []
    assert disputes.dispute_flag_overdue(now=dispute.due_at) == [dispute.pk]
    assert disputes.dispute_flag_overdue(now=dispute.due_at + H) == []  # once
    dispute.refresh_from_db()
    assert dispute.overdue_at == dispute.due_at
    assert dispute.messages.filter(action="overdue", role="system").count() == 1
    assert Notification.objects.filter(user=operator, kind="dispute.overdue").count() == 1
    assert f"dispute {dispute.pk} overdue" in caplog.text


def test_the_periodic_job_runs_the_service(delivered):
    from freeport.aftersales.dispute_tasks import disputes_flag_overdue

    dispute = open_dispute(delivered)
    Dispute.objects.filter(pk=dispute.pk).update(due_at=dispute.opened_at - H)
    disputes_flag_overdue.call_local()
    dispute.refresh_from_db()
    assert dispute.overdue_at is not None


# --- shopper pages ------------------------------------------------------------------------------


def test_shopper_opens_and_answers_through_the_pages(client, delivered):
    client.force_login(delivered.user)
    url = f"/aftersales/disputes/new/?order={delivered.number}"
    page = client.get(url)
    assert page.status_code == 200 and delivered.number in page.content.decode()
    assert 'for="id_message"' in page.content.decode()
    bad = client.post(
        "/aftersales/disputes/new/",
        {"order": delivered.number, "topic": "damaged", "subject": "Dent", "message": "  "},
    )
    assert bad.status_code == 400 and "This field is required" in bad.content.decode()
    assert not Dispute.objects.exists()
    done = client.post(
        "/aftersales/disputes/new/",
        {
            "order": delivered.number,
            "topic": "damaged",
            "subject": "Dent",
            "message": "Dented tin.",
        },
    )
    dispute = Dispute.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/aftersales/disputes/{dispute.pk}/"
    again = client.get(url)  # an open dispute: sent to it
    assert again.status_code == 302 and again["Location"] == f"/aftersales/disputes/{dispute.pk}/"
    thread = client.get(done["Location"])
    assert thread.status_code == 200 and "Dented tin." in thread.content.decode()
    empty = client.post(done["Location"], {"text": ""})
    assert empty.status_code == 400 and dispute.messages.count() == 1
    reply = client.post(done["Location"], {"text": "Any news?"})
    assert reply.status_code == 302 and dispute.messages.last().text == "Any news?"
    operator = staff_create(username="olivia", password=PASSWORD, role="operator")
    disputes.dispute_take(dispute=dispute, operator=operator)
    thread = client.get(done["Location"]).content.decode()
    assert 'data-action="taken"' not in thread and "olivia" not in thread  # internal steps
    assert client.get("/aftersales/disputes/").status_code == 200


def test_shopper_pages_are_the_owners_only(client, delivered, stranger):
    dispute = open_dispute(delivered)
    urls = [
        f"/aftersales/disputes/{dispute.pk}/",
        f"/aftersales/disputes/new/?order={delivered.number}",
    ]
    for url in urls:
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(stranger)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(urls[0], {"text": "mine now"}).status_code == 404
    assert (
        client.post(
            "/aftersales/disputes/new/",
            {"order": delivered.number, "topic": "other", "subject": "s", "message": "m"},
        ).status_code
        == 404
    )
    assert dispute.messages.count() == 1 and Dispute.objects.count() == 1
    for url in ("/console/disputes/", f"/console/disputes/{dispute.pk}/"):
        assert client.get(url).status_code == 403  # a shopper is not console staff


# --- console pages ------------------------------------------------------------------------------


def test_console_queue_sorts_by_due_time_and_marks_overdue(client, delivered, operator):
    other_user, buyer, address = shopper_make("second")
    from .conftest import deliver

    skus = {line.sku.code: line.sku for line in delivered.lines.select_related("sku")}
    from freeport.orders.testing import stock_make, warehouse_make

    stock_make(skus["C1-50"], 3, warehouse_make())
    second_order = deliver(other_user, buyer, address, [(skus["C1-50"], 1)], key="k2")
    late = open_dispute(delivered)
    soon = open_dispute(second_order)
    Dispute.objects.filter(pk=late.pk).update(due_at=late.opened_at - 2 * H)  # overdue
    client.force_login(operator)
    assert (
        'href="/console/disputes/" id="disputes-link"' in client.get("/console/").content.decode()
    )
    page = client.get("/console/disputes/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(f'data-dispute="{late.pk}"') < html.index(f'data-dispute="{soon.pk}"')
    assert 'class="dispute-overdue"' in html and "Overdue" in html
    assert (
        client.get("/console/disputes/?status=overdue").content.decode().count("data-dispute=") == 1
    )


def test_operator_takes_replies_and_resolves_in_the_console(client, delivered, operator):
    dispute = open_dispute(delivered)
    client.force_login(operator)
    base = f"/console/disputes/{dispute.pk}/"
    page = client.get(base)
    assert page.status_code == 200 and "The tin arrived dented." in page.content.decode()
    assert client.post(base + "take/").status_code == 302
    assert client.post(base + "reply/", {"text": ""}).status_code == 400
    assert client.post(base + "reply/", {"text": "We look into it."}).status_code == 302
    over = client.post(
        base + "resolve/", {"outcome": "refund_partial", "amount": "99999.00", "note": "n"}
    )
    assert over.status_code == 400 and "left to refund" in over.content.decode()
    unchanged(dispute, messages=3)
    done = client.post(
        base + "resolve/",
        {"outcome": "refund_partial", "amount": "12.00", "note": "Partial refund."},
    )
    assert done.status_code == 302
    twice = client.post(
        base + "resolve/", {"outcome": "refund_partial", "amount": "12.00", "note": "Again."}
    )
    assert twice.status_code == 400 and "already resolved" in twice.content.decode()
    dispute.refresh_from_db()
    assert dispute.status == "resolved" and dispute.assigned_to == operator
    assert Refund.objects.get().amount == Decimal("12.00") and payments_reconcile() == []


def test_merchant_staff_read_their_merchants_disputes_only(
    client, delivered, own_staff, other_staff
):
    dispute = open_dispute(delivered)
    base = f"/console/disputes/{dispute.pk}/"
    client.force_login(own_staff)
    assert f'data-dispute="{dispute.pk}"' in client.get("/console/disputes/").content.decode()
    page = client.get(base)
    assert page.status_code == 200 and 'id="dispute-resolve"' not in page.content.decode()
    for action in ("take/", "reply/", "resolve/"):
        assert (
            client.post(
                base + action, {"text": "x", "outcome": "rejected", "note": "x"}
            ).status_code
            == 403
        )
    unchanged(dispute, messages=1)
    client.force_login(other_staff)
    assert f'data-dispute="{dispute.pk}"' not in client.get("/console/disputes/").content.decode()
    assert client.get(base).status_code == 404


def test_anonymous_console_goes_to_login(client, db):
    response = client.get("/console/disputes/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_refunds_adding_up_to_the_whole_payment(delivered, operator):
    first = open_dispute(delivered)
    left = disputes.refundable_left(delivered)
    disputes.dispute_resolve(
        dispute=first,
        operator=operator,
        outcome="refund_partial",
        amount=str(left - Decimal("21.66")),
        note="most",
    )
    second = open_dispute(delivered)
    disputes.dispute_resolve(dispute=second, operator=operator, outcome="refund_full", note="rest")
    assert payment_of(delivered).refunded_amount == delivered.total


def test_an_unpaid_order_cannot_be_disputed(client, customs, skus, shopper):
    from freeport.orders.testing import group_make, stock_make, warehouse_make

    stock_make(skus["C1-50"], 2, warehouse_make())
    order = group_make(*shopper, [(skus["C1-50"], 1)], key="unpaid").orders.get()
    client.force_login(order.user)
    response = client.post(
        "/aftersales/disputes/new/",
        {"order": order.number, "topic": "other", "subject": "s", "message": "m"},
    )
    assert response.status_code == 400 and "Only a paid order" in response.content.decode()
    assert not Dispute.objects.exists()


def test_dispute_pages_run_a_fixed_number_of_queries(
    client, delivered, operator, django_assert_max_num_queries
):
    dispute = open_dispute(delivered)
    for n in range(5):  # resolved disputes of the same order, each with a few entries
        extra = Dispute.objects.create(
            order=delivered, user=delivered.user, topic="other", subject=f"old {n}",
            status="resolved", outcome="rejected", opened_at=dispute.opened_at,
            due_at=dispute.due_at, resolved_at=dispute.opened_at, resolved_by=operator,
            assigned_to=operator,
        )  # fmt: skip
        for action in ("opened", "message", "resolved"):
            DisputeMessage.objects.create(
                dispute=extra, at=dispute.opened_at, role="operator", action=action,
                author=operator, text="t",
            )  # fmt: skip
    client.force_login(operator)  # 6 disputes, 16 entries: the counts do not grow with them
    with django_assert_max_num_queries(6):
        assert client.get("/console/disputes/?status=all").status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(f"/console/disputes/{extra.pk}/").status_code == 200
    client.force_login(delivered.user)
    with django_assert_max_num_queries(5):
        assert client.get(f"/aftersales/disputes/{extra.pk}/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/aftersales/disputes/").status_code == 200


def test_a_return_cannot_refund_what_a_dispute_already_paid(delivered, operator):
    line = delivered.lines.get(sku__code="F1-900")
    request = services.return_request_create(
        user=delivered.user,
        order_number=delivered.number,
        kind="return",
        reason="quality",
        items=[(line.pk, 1)],
        now=delivered.shipment.delivered_at + timedelta(days=1),
    )
    from .test_services import through_inspection

    through_inspection(request, delivered)
    disputes.dispute_resolve(
        dispute=open_dispute(delivered), operator=operator, outcome="refund_full", note="All."
    )
    refunded = payment_of(delivered).refunded_amount
    with pytest.raises(services.ReturnError) as info:
        services.return_refund(number=request.number)
    assert info.value.code == "exceeds_refundable"
    request.refresh_from_db()
    assert request.status == "inspected" and request.goods_refund is None
    assert payment_of(delivered).refunded_amount == refunded
    assert payments_reconcile() == []
