"""No oversell under concurrency: real parallel transactions need PostgreSQL.

SQLite serialises writers (one write transaction at a time), so these races cannot happen there;
the sequential oversell test in test_services.py covers SQLite.
"""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from freeport.inventory import services
from freeport.inventory.models import Reservation, StockLot

from .conftest import DELIVER_BY

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]


def run_in_threads(count: int, work) -> list:
    """Start `count` threads together, each calling work(i) on its own connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        from django.db import connection as own

        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # collected, asserted by the caller
            results[i] = error
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def reconciles():
    out = StringIO()
    call_command("inventory_check", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_fifty_shoppers_ten_units(sku, bonded, receive):
    # Two lots (FEFO splits the stock over them), 10 units left in all.
    first = receive(sku, 6, expiry=DELIVER_BY + timedelta(days=100))
    second = receive(sku, 9, expiry=DELIVER_BY + timedelta(days=200))
    services.stock_adjust(lot=second, delta=-5, reason="damaged")
    expires_at = timezone.now() + timedelta(minutes=30)

    def reserve(i):
        return services.stock_reserve(
            reference=f"FP{i:03d}", lines=[(sku.pk, bonded.pk, 1)], deliver_by=DELIVER_BY,
            expires_at=expires_at,
        )  # fmt: skip

    results = run_in_threads(50, reserve)
    served = [r for r in results if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, services.OutOfStock)]
    assert len(served) == 10 and len(refused) == 40, [
        r for r in results if isinstance(r, Exception) and not isinstance(r, services.OutOfStock)
    ]
    assert all(r.shortages[0].available == 0 for r in refused)
    lots = StockLot.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")
    assert [(lot.quantity_on_hand, lot.quantity_reserved) for lot in lots] == [(6, 6), (4, 4)]
    assert Reservation.objects.filter(status="held").count() == 10
    assert reconciles() == "2 lots reconcile\n"


def test_the_same_reference_reserved_at_once_is_reserved_once(sku, bonded, receive):
    lot = receive(sku, 100)
    expires_at = timezone.now() + timedelta(minutes=30)

    def reserve(_i):
        return services.stock_reserve(
            reference="FP-retry", lines=[(sku.pk, bonded.pk, 3)], deliver_by=DELIVER_BY,
            expires_at=expires_at,
        )  # fmt: skip

    results = run_in_threads(10, reserve)
    assert all(isinstance(r, list) for r in results), results
    assert {tuple(x.pk for x in r) for r in results} == {(Reservation.objects.get().pk,)}
    lot.refresh_from_db()
    assert lot.quantity_reserved == 3
    assert reconciles() == "1 lots reconcile\n"


def test_payment_racing_the_expiry_job(sku, bonded, receive, hold):
    """Each order ends up either committed (payment won) or released (job won), never both."""
    receive(sku, 40, expiry=None)
    receive(sku, 40, expiry=DELIVER_BY + timedelta(days=60))
    lapsed = timezone.now() - timedelta(seconds=1)
    references = [f"FP{i:02d}" for i in range(20)]
    for reference in references:
        hold(reference, [(sku, bonded, 3)], expires_at=lapsed)  # one holds from both lots

    def work(i):
        if i == 0:
            return services.reservations_expire()
        return services.stock_commit(reference=references[i - 1])

    results = run_in_threads(len(references) + 1, work)
    assert not any(isinstance(r, Exception) for r in results), results
    for reference, paid in zip(references, results[1:], strict=True):
        statuses = set(
            Reservation.objects.filter(reference=reference).values_list("status", flat=True)
        )
        assert statuses == ({"committed"} if paid else {"released"}), reference
    assert results[0] == Reservation.objects.filter(status="released").count()
    assert reconciles() == "2 lots reconcile\n"
