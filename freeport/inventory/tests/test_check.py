"""inventory_check reconciles lots with their ledger and reservations; the 0004 backfill."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from freeport.inventory import services
from freeport.inventory.models import Reservation, StockLot, StockMovement

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def check() -> str:
    out = StringIO()
    call_command("inventory_check", stdout=out, stderr=StringIO())
    return out.getvalue()


def check_fails() -> str:
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("inventory_check", stdout=out, stderr=StringIO())
    assert error.value.returncode == 1
    return out.getvalue()


def test_a_full_lifecycle_reconciles(sku, other_sku, bonded, showroom, receive, hold):
    a = receive(sku, 10, expiry=TODAY + timedelta(days=90))
    receive(sku, 10, expiry=None)
    receive(other_sku, 3, warehouse=showroom)
    services.stock_adjust(lot=a, delta=-1, reason="damaged")
    hold("FP1", [(sku, bonded, 12)])
    hold("FP2", [(sku, bonded, 2)])
    hold("FP3", [(sku, bonded, 1)], expires_at=timezone.now() - timedelta(seconds=1))
    services.stock_commit(reference="FP1")
    services.stock_pick(reference="FP1")
    services.stock_ship(reference="FP1")
    services.stock_return(lot=a, quantity=1, reference="FP1", reason="returned")
    services.stock_release(reference="FP2", reason="cancelled")
    services.reservations_expire()
    assert check() == "3 lots reconcile\n"


def test_a_tampered_lot_is_reported(sku, bonded, receive, hold):
    good = receive(sku, 10)
    bad = receive(sku, 10)
    hold("FP1", [(sku, bonded, 12)])
    StockLot.objects.filter(pk=bad.pk).update(quantity_on_hand=11)  # behind the ledger's back
    out = check_fails()
    assert (
        f"lot {bad.pk} ({bad.batch_number}): quantity_on_hand expected 10 (movements), actual 11"
        in out
    )
    assert f"lot {good.pk} " not in out

    StockLot.objects.filter(pk=bad.pk).update(quantity_on_hand=10, quantity_reserved=1)
    out = check_fails()
    assert (
        f"lot {bad.pk} ({bad.batch_number}): quantity_reserved expected 2 (movements), actual 1"
        in out
    )
    assert "quantity_reserved expected 2 (reservations), actual 1" in out

    StockLot.objects.filter(pk=bad.pk).update(quantity_reserved=2)
    Reservation.objects.filter(lot=bad).update(quantity=3)
    out = check_fails()
    assert out.strip() == (
        f"lot {bad.pk} ({bad.batch_number}): quantity_reserved expected 3 (reservations), actual 2"
    )


def test_an_empty_inventory_reconciles():
    assert check() == "0 lots reconcile\n"


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_lots_opening_balances(sku, bonded):
    """Lots created before the ledger (no or partial movements, reserved stock) reconcile after."""
    executor = MigrationExecutor(connection)
    before = [("inventory", "0002_warehouse_dispatch_hours")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Lot = old.get_model("inventory", "StockLot")
    Movement = old.get_model("inventory", "StockMovement")

    def lot(batch, on_hand, reserved=0):
        return Lot.objects.create(
            sku_id=sku.pk, warehouse_id=bonded.pk, batch_number=batch, customs_entry_ref="E",
            quantity_on_hand=on_hand, quantity_reserved=reserved, received_at=timezone.now(),
        )  # fmt: skip

    bare = lot("bare", 7, reserved=2)  # no movement at all
    short = lot("short", 8)
    Movement.objects.create(lot=short, kind="receipt", quantity=5)
    over = lot("over", 1)
    Movement.objects.create(lot=over, kind="receipt", quantity=4)
    Movement.objects.create(lot=over, kind="adjustment", quantity=-1)  # no reason back then
    fine = lot("fine", 6)
    Movement.objects.create(lot=fine, kind="receipt", quantity=6)
    empty = lot("empty", 0)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert check() == "5 lots reconcile\n"
    opening = StockMovement.objects.filter(reason__startswith="opening balance")
    assert sorted(opening.values_list("lot_id", "kind", "quantity")) == sorted(
        [(bare.pk, "receipt", 7), (short.pk, "receipt", 3), (over.pk, "adjustment", -2)]
    )
    assert not StockMovement.objects.filter(
        lot_id__in=[fine.pk, empty.pk], reason__startswith="opening"
    ).exists()
    assert StockMovement.objects.get(lot_id=over.pk, quantity=-1).reason
    legacy = Reservation.objects.get()
    assert (legacy.reference, legacy.lot_id, legacy.quantity, legacy.status) == (
        f"legacy-lot-{bare.pk}", bare.pk, 2, "committed",
    )  # fmt: skip
    # An operator frees it like any other reservation.
    assert services.stock_release(reference=legacy.reference, reason="no order behind it") == 1
    assert StockLot.objects.get(pk=bare.pk).available == 7
    assert check() == "5 lots reconcile\n"
