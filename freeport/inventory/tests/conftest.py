from datetime import date, timedelta

import pytest
from django.utils import timezone

from freeport.catalog.models import SKU
from freeport.inventory import services
from freeport.inventory.models import StockLot, StockMovement, Warehouse

TODAY = date(2027, 1, 10)
DELIVER_BY = TODAY + timedelta(days=7)  # with the 30-day margin: lots must last to 2027-02-16


def warehouse_make(code="QD-T1", kind=Warehouse.Kind.BONDED) -> Warehouse:
    return Warehouse.objects.create(
        code=code, name_zh=code, name_en=code, kind=kind, province="山东省", city="青岛市",
        customs_area_code="4258", dispatch_hours=24 if kind == Warehouse.Kind.BONDED else None,
    )  # fmt: skip


@pytest.fixture
def bonded(db):
    return warehouse_make()


@pytest.fixture
def showroom(db):
    return warehouse_make("SR-T1", Warehouse.Kind.SHOWROOM)


@pytest.fixture
def sku(catalog):
    return SKU.objects.get(code="F1-900")


@pytest.fixture
def other_sku(catalog):
    return SKU.objects.get(code="C1-50")


@pytest.fixture
def receive(bonded):
    """receive(sku, quantity, expiry=date | None, warehouse=bonded, batch=auto) -> StockLot."""
    counter = iter(range(1, 1000))

    def make(sku, quantity, expiry=TODAY + timedelta(days=365), warehouse=None, batch=None):
        return services.stock_receive(
            sku=sku, warehouse=warehouse or bonded, batch_number=batch or f"B{next(counter)}",
            expiry_date=expiry, customs_entry_ref="E-2027-1", quantity=quantity,
        )  # fmt: skip

    return make


@pytest.fixture
def hold():
    """hold(reference, [(sku, warehouse, qty)]) -> reservations, expiring in 30 minutes."""

    def make(reference, lines, *, deliver_by=DELIVER_BY, expires_at=None):
        return services.stock_reserve(
            reference=reference,
            lines=[(s.pk, w.pk, q) for s, w, q in lines],
            deliver_by=deliver_by,
            expires_at=expires_at or timezone.now() + timedelta(minutes=30),
        )

    return make


def state(*lots) -> list[tuple[int, int]]:
    """(on hand, reserved) of the lots, fresh from the database."""
    return [
        tuple(StockLot.objects.filter(pk=lot.pk).values_list(
            "quantity_on_hand", "quantity_reserved").get())
        for lot in lots
    ]  # fmt: skip


def ledger(lot) -> tuple[int, int]:
    """(on hand, reserved) as the lot's movements add up."""
    moves = StockMovement.objects.filter(lot=lot)
    return (
        sum(moves.values_list("on_hand_delta", flat=True)),
        sum(moves.values_list("reserved_delta", flat=True)),
    )


@pytest.fixture
def operator_user(db):
    from freeport.console.services import roles_ensure, staff_create

    roles_ensure()
    return staff_create(username="olivia", password="inventory-test-pass-1", role="operator")
