"""Inventory services: every rule, and bad input refused with nothing changed."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from freeport.inventory import services
from freeport.inventory.models import Reservation, StockLot, StockMovement
from freeport.inventory.services import OutOfStock, Shortage, StockError
from freeport.kernel.models import OutboxMessage
from freeport.search import events

from .conftest import DELIVER_BY, TODAY, ledger, state

pytestmark = pytest.mark.django_db


def counts():
    return (
        StockLot.objects.count(),
        StockMovement.objects.count(),
        Reservation.objects.count(),
        list(StockLot.objects.order_by("pk").values_list("quantity_on_hand", "quantity_reserved")),
        list(Reservation.objects.order_by("pk").values_list("status", flat=True)),
    )


def search_events():
    return [m.payload["product_ids"] for m in OutboxMessage.objects.filter(topic=events.TOPIC)]


# ------------------------------------------------------------------ receive


def test_receive_creates_a_lot_and_adds_to_the_same_batch(sku, bonded):
    args = dict(
        sku=sku, warehouse=bonded, batch_number="L1", expiry_date=TODAY, customs_entry_ref="E1"
    )
    lot = services.stock_receive(**args, quantity=10, reference="E1")
    again = services.stock_receive(**args, quantity=5)
    assert again.pk == lot.pk and state(lot) == [(15, 0)] == [ledger(lot)]
    assert list(lot.movements.values_list("kind", "quantity", "reference")) == [
        ("receipt", 10, "E1"),
        ("receipt", 5, ""),
    ]
    assert search_events() == [[sku.product_id]] * 2


def test_receive_refuses_a_batch_with_another_expiry_or_entry(sku, bonded):
    args = dict(sku=sku, warehouse=bonded, batch_number="L1", quantity=1)
    services.stock_receive(**args, expiry_date=TODAY, customs_entry_ref="E1")
    before = counts()
    with pytest.raises(StockError) as error:
        services.stock_receive(**args, expiry_date=DELIVER_BY, customs_entry_ref="E1")
    assert error.value.field == "expiry_date"
    with pytest.raises(StockError) as error:
        services.stock_receive(**args, expiry_date=TODAY, customs_entry_ref="E2")
    assert error.value.field == "customs_entry_ref"
    assert counts() == before


def test_reserve_trusts_what_the_caller_read_only_for_bonded_warehouses(
    sku, bonded, showroom, receive, django_assert_num_queries
):
    receive(sku, 10)
    receive(sku, 5, warehouse=showroom)
    args = {"deliver_by": DELIVER_BY, "expires_at": timezone.now() + timedelta(minutes=5),
            "products": {sku.pk: sku.product_id}}  # fmt: skip
    with django_assert_num_queries(8):  # SKUs and warehouses not read again (10 otherwise)
        services.stock_reserve(reference="FP1", lines=[(sku.pk, bonded.pk, 1)],
                               bonded={bonded.pk}, **args)  # fmt: skip
    before = counts()
    with pytest.raises(StockError) as error:  # not in `bonded`: read, and refused as always
        services.stock_reserve(reference="FP2", lines=[(sku.pk, showroom.pk, 1)],
                               bonded={bonded.pk}, **args)  # fmt: skip
    assert error.value.field == "lines[0].warehouse_id"
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -3}, "quantity"),
        ({"quantity": 2.0}, "quantity"),
        ({"quantity": "2"}, "quantity"),
        ({"quantity": True}, "quantity"),
        ({"sku": 999_999}, "sku"),
        ({"warehouse": 999_999}, "warehouse"),
        ({"batch_number": "  "}, "batch_number"),
        ({"customs_entry_ref": ""}, "customs_entry_ref"),
        ({"expiry_date": "2028-01-01"}, "expiry_date"),
    ],
)
def test_receive_bad_input(sku, bonded, change, field):
    before = counts()
    args = dict(
        sku=sku, warehouse=bonded, batch_number="L1", expiry_date=None, customs_entry_ref="E1",
        quantity=3,
    )  # fmt: skip
    with pytest.raises(StockError) as error:
        services.stock_receive(**(args | change))
    assert error.value.field == field and error.value.message
    assert isinstance(error.value, ValueError)
    assert counts() == before and search_events() == []


# ------------------------------------------------------------------ adjust


def test_adjust_records_the_reason_and_the_actor(sku, receive, operator_user):
    lot = receive(sku, 10)
    movement = services.stock_adjust(lot=lot, delta=-3, reason="damaged in storage", actor=None)
    assert lot.quantity_on_hand == 7  # the caller's instance is refreshed
    assert (movement.kind, movement.quantity, movement.on_hand_delta) == ("adjustment", -3, -3)
    services.stock_adjust(lot=lot.pk, delta=2, reason="found in count", actor=operator_user)
    assert state(lot) == [(9, 0)] == [ledger(lot)]
    assert lot.movements.last().actor == operator_user


@pytest.mark.parametrize(
    ("delta", "reason", "field"),
    [
        (-1, "", "reason"),
        (-1, "   ", "reason"),
        (-1, None, "reason"),
        (0, "nothing", "delta"),
        (1.0, "float", "delta"),
        (-9, "more than is free", "delta"),  # 10 on hand, 2 reserved: 1 is the floor
    ],
)
def test_adjust_bad_input(sku, bonded, receive, hold, delta, reason, field):
    lot = receive(sku, 10)
    hold("FP1", [(sku, bonded, 2)])
    before = counts()
    with pytest.raises(StockError) as error:
        services.stock_adjust(lot=lot, delta=delta, reason=reason)
    assert error.value.field == field
    assert counts() == before


def test_adjust_down_to_the_reserved_quantity(sku, bonded, receive, hold):
    lot = receive(sku, 10)
    hold("FP1", [(sku, bonded, 2)])
    services.stock_adjust(lot=lot, delta=-8, reason="count")
    assert state(lot) == [(2, 2)] == [ledger(lot)]


def test_adjust_unknown_lot():
    with pytest.raises(StockError) as error:
        services.stock_adjust(lot=123456, delta=1, reason="x")
    assert error.value.field == "lot"


# ------------------------------------------------------------------ reserve


def test_reserve_first_expiry_first_out_and_split(sku, bonded, receive, hold):
    late = receive(sku, 5, expiry=TODAY + timedelta(days=300))
    never = receive(sku, 50, expiry=None)
    early = receive(sku, 3, expiry=TODAY + timedelta(days=60))
    reservations = hold("FP1", [(sku, bonded, 6)])
    assert [(r.lot_id, r.quantity, r.status) for r in reservations] == [
        (late.pk, 3, "held"),
        (early.pk, 3, "held"),
    ]
    assert state(late, never, early) == [(5, 3), (50, 0), (3, 3)]
    assert all(r.expires_at and r.reference == "FP1" for r in reservations)
    assert all(r.sku_id == sku.pk and r.warehouse_id == bonded.pk for r in reservations)
    moves = StockMovement.objects.filter(kind="reservation").order_by("lot_id")
    assert list(moves.values_list("lot_id", "quantity", "reference", "reserved_delta")) == [
        (late.pk, 3, "FP1", 3),
        (early.pk, 3, "FP1", 3),
    ]
    # More than the dated lots hold: the lot without an expiry date serves the rest.
    hold("FP2", [(sku, bonded, 4)])
    assert state(late, never, early) == [(5, 5), (50, 2), (3, 3)]
    assert search_events()[-1] == [sku.product_id]


def test_reserve_never_uses_a_lot_expiring_within_the_margin(sku, bonded, receive, hold):
    # Margin 30 days after DELIVER_BY (TODAY + 7): a lot must last until TODAY + 37.
    receive(sku, 100, expiry=TODAY + timedelta(days=36))
    ok = receive(sku, 2, expiry=TODAY + timedelta(days=37))
    with pytest.raises(OutOfStock) as short:
        hold("FP1", [(sku, bonded, 3)])
    assert short.value.shortages == [Shortage(sku.pk, bonded.pk, 3, 2)]
    assert [r.lot_id for r in hold("FP1", [(sku, bonded, 2)])] == [ok.pk]


def test_the_margin_is_a_setting(sku, bonded, receive, hold, settings):
    settings.INVENTORY_EXPIRY_MARGIN_DAYS = 0
    lot = receive(sku, 1, expiry=DELIVER_BY)
    assert [r.lot_id for r in hold("FP1", [(sku, bonded, 1)])] == [lot.pk]


def test_reserve_is_all_or_nothing(sku, other_sku, bonded, receive, hold):
    a = receive(sku, 10)
    b = receive(other_sku, 1)
    before = counts()
    with pytest.raises(OutOfStock) as short:
        hold("FP1", [(sku, bonded, 4), (other_sku, bonded, 2)])
    assert short.value.shortages == [(other_sku.pk, bonded.pk, 2, 1)]
    assert counts() == before and search_events() == [[sku.product_id], [other_sku.product_id]]
    assert state(a, b) == [(10, 0), (1, 0)]


def test_out_of_stock_lists_every_short_line(sku, other_sku, bonded, hold):
    with pytest.raises(OutOfStock) as short:
        hold("FP1", [(sku, bonded, 1), (other_sku, bonded, 2)])
    assert short.value.shortages == [
        Shortage(sku.pk, bonded.pk, 1, 0),
        Shortage(other_sku.pk, bonded.pk, 2, 0),
    ]
    assert "requested 2, available 0" in str(short.value)


def test_reserve_is_idempotent_on_the_reference(sku, bonded, receive, hold):
    lot = receive(sku, 10)
    first = hold("FP1", [(sku, bonded, 4)])
    again = hold("FP1", [(sku, bonded, 4)])
    assert [r.pk for r in again] == [r.pk for r in first]
    assert state(lot) == [(10, 4)]
    services.stock_commit(reference="FP1")
    assert [r.pk for r in hold("FP1", [(sku, bonded, 4)])] == [r.pk for r in first]
    assert state(lot) == [(10, 4)] == [ledger(lot)]
    # Once released, the reference may hold stock again (a new set of reservations).
    services.stock_release(reference="FP1", reason="cancelled")
    renewed = hold("FP1", [(sku, bonded, 1)])
    assert len(renewed) == 1 and renewed[0].pk not in {r.pk for r in first}
    assert state(lot) == [(10, 1)] == [ledger(lot)]


def test_reserve_merges_repeated_lines(sku, bonded, receive, hold):
    lot = receive(sku, 10)
    (reservation,) = hold("FP1", [(sku, bonded, 2), (sku, bonded, 3)])
    assert reservation.quantity == 5 and state(lot) == [(10, 5)]


def test_reserve_counts_reserved_stock_out(sku, bonded, receive, hold):
    lot = receive(sku, 3)
    hold("FP1", [(sku, bonded, 2)])
    with pytest.raises(OutOfStock) as short:
        hold("FP2", [(sku, bonded, 2)])
    assert short.value.shortages[0].available == 1
    assert state(lot) == [(3, 2)]


def test_sequential_attempts_never_oversell(sku, bonded, receive, hold):
    lot = receive(sku, 10)
    served = 0
    for n in range(15):
        try:
            hold(f"FP{n}", [(sku, bonded, 1)])
            served += 1
        except OutOfStock:
            pass
    assert served == 10 and state(lot) == [(10, 10)] == [ledger(lot)]


def test_showroom_stock_is_not_for_sale(sku, showroom, receive, hold):
    receive(sku, 5, warehouse=showroom)
    before = counts()
    with pytest.raises(StockError) as error:
        hold("FP1", [(sku, showroom, 1)])
    assert error.value.field == "lines[0].warehouse_id"
    assert counts() == before


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([], "lines"),
        ("nope", "lines"),
        ([("sku", "wh")], "lines[0]"),
        ([("sku", "wh", 0)], "lines[0].quantity"),
        ([("sku", "wh", -1)], "lines[0].quantity"),
        ([("sku", "wh", 1), ("sku", "wh", 1.5)], "lines[1].quantity"),
        ([("sku", "wh", True)], "lines[0].quantity"),
        ([(999_999, "wh", 1)], "lines[0].sku_id"),
        ([("sku", 999_999, 1)], "lines[0].warehouse_id"),
        ([("1", "wh", 1)], "lines[0].sku_id"),
        ([("sku", "wh", 1), ("sku", "wh", 1), (999_999, "wh", 1)], "lines[2].sku_id"),
    ],
)
def test_reserve_bad_lines(sku, bonded, receive, lines, field):
    receive(sku, 10)
    ids = {"sku": sku.pk, "wh": bonded.pk}
    if isinstance(lines, list):
        lines = [tuple(ids.get(v, v) if isinstance(v, str) else v for v in line) for line in lines]
    before = counts()
    with pytest.raises(StockError) as error:
        services.stock_reserve(
            reference="FP1", lines=lines, deliver_by=DELIVER_BY,
            expires_at=timezone.now() + timedelta(minutes=5),
        )  # fmt: skip
    assert error.value.field == field
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reference": ""}, "reference"),
        ({"reference": "x" * 65}, "reference"),
        ({"deliver_by": "2027-01-17"}, "deliver_by"),
        (
            {"deliver_by": datetime(2027, 1, 17, tzinfo=timezone.get_current_timezone())},
            "deliver_by",
        ),
        ({"expires_at": datetime(2027, 1, 17, 10, 0)}, "expires_at"),  # naive
        ({"expires_at": None}, "expires_at"),
    ],
)
def test_reserve_bad_arguments(sku, bonded, receive, change, field):
    receive(sku, 10)
    args = dict(
        reference="FP1", lines=[(sku.pk, bonded.pk, 1)], deliver_by=DELIVER_BY,
        expires_at=timezone.now() + timedelta(minutes=5),
    )  # fmt: skip
    before = counts()
    with pytest.raises(StockError) as error:
        services.stock_reserve(**(args | change))
    assert error.value.field == field
    assert counts() == before


def test_expires_at_helper(settings):
    now = timezone.now()
    assert services.reservation_expires_at(now) == now + timedelta(minutes=30)
    settings.INVENTORY_RESERVATION_TTL_MINUTES = 5
    assert services.reservation_expires_at(now) == now + timedelta(minutes=5)
    assert services.reservation_expires_at() > now


# ------------------------------------------------------------------ commit, release


def test_commit_stops_the_clock_and_is_idempotent(sku, bonded, receive, hold):
    lot = receive(sku, 10)
    hold("FP1", [(sku, bonded, 2)])
    assert services.stock_commit(reference="FP1") is True
    reservation = Reservation.objects.get(reference="FP1")
    assert (reservation.status, reservation.expires_at) == ("committed", None)
    assert services.stock_commit(reference="FP1") is True
    # Committed stock does not expire.
    assert services.reservations_expire(now=timezone.now() + timedelta(days=1)) == 0
    assert state(lot) == [(10, 2)]


def test_commit_after_release_says_too_late(sku, bonded, receive, hold):
    receive(sku, 10)
    hold("FP1", [(sku, bonded, 2)])
    services.stock_release(reference="FP1", reason="expired")
    before = counts()
    assert services.stock_commit(reference="FP1") is False
    assert services.stock_commit(reference="nothing-here") is False
    assert counts() == before


def test_release_held_and_committed_is_idempotent(sku, other_sku, bonded, receive, hold):
    a, b = receive(sku, 10), receive(other_sku, 10)
    hold("FP1", [(sku, bonded, 2)])
    hold("FP2", [(sku, bonded, 1), (other_sku, bonded, 4)])
    services.stock_commit(reference="FP2")
    assert services.stock_release(reference="FP2", reason="cancelled after payment") == 2
    assert services.stock_release(reference="FP2", reason="cancelled after payment") == 0
    assert state(a, b) == [(10, 2), (10, 0)] == [ledger(a), ledger(b)]
    released = StockMovement.objects.filter(kind="release", reference="FP2")
    assert set(released.values_list("reason", flat=True)) == {"cancelled after payment"}
    assert set(Reservation.objects.filter(reference="FP2").values_list("status", flat=True)) == {
        "released"
    }
    assert search_events()[-1] == sorted({sku.product_id, other_sku.product_id})


def test_release_needs_a_reason(sku, bonded, receive, hold):
    receive(sku, 10)
    hold("FP1", [(sku, bonded, 2)])
    before = counts()
    with pytest.raises(StockError) as error:
        services.stock_release(reference="FP1", reason=" ")
    assert error.value.field == "reason" and counts() == before


# ------------------------------------------------------------------ pick, ship, return


def test_pick_ship_return(sku, bonded, receive, hold):
    early = receive(sku, 2, expiry=TODAY + timedelta(days=90))
    late = receive(sku, 10, expiry=TODAY + timedelta(days=200))
    hold("FP1", [(sku, bonded, 5)])
    with pytest.raises(StockError):
        services.stock_pick(reference="FP1")  # not paid
    with pytest.raises(StockError):
        services.stock_ship(reference="FP1")  # not picked
    services.stock_commit(reference="FP1")
    with pytest.raises(StockError):
        services.stock_ship(reference="FP1")  # not picked
    assert services.stock_pick(reference="FP1") == 2
    assert services.stock_pick(reference="FP1") == 0
    assert state(early, late) == [(2, 2), (10, 3)]  # picked stock is still reserved
    assert services.stock_ship(reference="FP1") == 2
    assert services.stock_ship(reference="FP1") == 0
    assert state(early, late) == [(0, 0), (7, 0)] == [ledger(early), ledger(late)]
    assert set(Reservation.objects.values_list("status", flat=True)) == {"shipped"}
    assert services.stock_release(reference="FP1", reason="too late") == 0  # shipped stays

    services.stock_return(lot=late, quantity=2, reference="FP1", reason="unopened, resalable")
    assert late.quantity_on_hand == 9
    before = counts()
    with pytest.raises(StockError) as error:
        services.stock_return(lot=late, quantity=2, reference="FP1", reason="again")
    assert error.value.field == "quantity" and counts() == before  # only 3 left that lot
    services.stock_return(lot=late, quantity=1, reference="FP1", reason="the last one")
    with pytest.raises(StockError):
        services.stock_return(lot=early, quantity=1, reference="FP2", reason="never shipped")
    assert state(early, late) == [(0, 0), (10, 0)] == [ledger(early), ledger(late)]


def test_unknown_reference_cannot_be_picked_or_shipped():
    for action in (services.stock_pick, services.stock_ship):
        with pytest.raises(StockError) as error:
            action(reference="FP-none")
        assert error.value.field == "reference"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"quantity": 0}, "quantity"), ({"reason": ""}, "reason"), ({"reference": ""}, "reference")],
)
def test_return_bad_input(sku, receive, change, field):
    lot = receive(sku, 1)
    before = counts()
    with pytest.raises(StockError) as error:
        services.stock_return(**({"lot": lot, "quantity": 1, "reference": "FP1", "reason": "r"}
                                 | change))  # fmt: skip
    assert error.value.field == field and counts() == before


# ------------------------------------------------------------------ expiry job


def test_expired_holds_are_released_by_the_job(sku, other_sku, bonded, receive, hold):
    a, b = receive(sku, 10), receive(other_sku, 10)
    now = timezone.now()
    hold(
        "FP-old", [(sku, bonded, 2), (other_sku, bonded, 1)], expires_at=now - timedelta(seconds=1)
    )
    hold("FP-new", [(sku, bonded, 3)], expires_at=now + timedelta(minutes=10))
    hold("FP-paid", [(other_sku, bonded, 4)], expires_at=now - timedelta(minutes=1))
    services.stock_commit(reference="FP-paid")  # paid in time, though its hold has lapsed since
    assert services.reservations_expire(now=now) == 2
    assert services.reservations_expire(now=now) == 0  # safe to run twice
    assert state(a, b) == [(10, 3), (10, 4)] == [ledger(a), ledger(b)]
    statuses = dict(Reservation.objects.values_list("reference", "status").distinct())
    assert statuses == {"FP-old": "released", "FP-new": "held", "FP-paid": "committed"}
    assert services.stock_commit(reference="FP-old") is False  # the payment came too late
    # The periodic task runs the same job.
    from freeport.inventory.tasks import reservations_expire_sweep

    assert reservations_expire_sweep.call_local() == 0
    assert services.reservations_expire(now=now + timedelta(minutes=11)) == 1


def test_the_job_is_a_periodic_huey_task():
    from huey.api import PeriodicTask

    from freeport.inventory.tasks import reservations_expire_sweep

    task = reservations_expire_sweep.task_class()
    assert isinstance(task, PeriodicTask)
    assert task.validate_datetime(datetime(2027, 1, 1, 12, 34))  # every minute
