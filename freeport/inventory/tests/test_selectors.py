from datetime import timedelta

import pytest

from freeport.inventory.selectors import available_by_warehouse, sellable_quantity

from .conftest import DELIVER_BY, TODAY, warehouse_make

pytestmark = pytest.mark.django_db


def test_available_by_warehouse(sku, other_sku, bonded, showroom, receive, hold):
    second = warehouse_make("SH-T2")
    receive(sku, 5, expiry=TODAY + timedelta(days=20))  # too close for DELIVER_BY + 30 days
    receive(sku, 7, expiry=TODAY + timedelta(days=200))
    receive(sku, 4, expiry=None, warehouse=second)
    receive(sku, 9, warehouse=showroom)  # display only
    receive(other_sku, 2)
    hold("FP1", [(sku, bonded, 3), (other_sku, bonded, 2)])  # from the 200-day lot
    ids = [sku.pk, other_sku.pk]
    assert available_by_warehouse(ids) == {(sku.pk, bonded.pk): 9, (sku.pk, second.pk): 4}
    assert available_by_warehouse(ids, deliver_by=DELIVER_BY) == {
        (sku.pk, bonded.pk): 4,
        (sku.pk, second.pk): 4,
    }
    assert available_by_warehouse(ids, deliver_by=TODAY + timedelta(days=200)) == {
        (sku.pk, second.pk): 4
    }
    assert available_by_warehouse([]) == {}
    assert sellable_quantity(ids) == {sku.pk: 13, other_sku.pk: 0}  # unchanged behaviour
