"""First-expiry-first-out allocation, tested as a pure rule (tables, then properties)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freeport.inventory.fefo import (
    Candidate,
    Shortfall,
    allocate,
    earliest_expiry,
    fefo_order,
    is_eligible,
    sellable,
)

D = date(2027, 1, 1)


def lot(lot_id, days, available):
    return Candidate(lot_id, None if days is None else D + timedelta(days=days), available)


@pytest.mark.parametrize(
    ("lots", "quantity", "expected"),
    [
        # earliest expiry first, split when one lot is not enough
        ([lot(1, 90, 5), lot(2, 30, 5)], 3, [(2, 3)]),
        ([lot(1, 90, 5), lot(2, 30, 5)], 7, [(2, 5), (1, 2)]),
        # lots without an expiry date go last
        ([lot(1, None, 50), lot(2, 400, 1)], 2, [(2, 1), (1, 1)]),
        # the same expiry: the lower lot id first
        ([lot(7, 30, 2), lot(3, 30, 2)], 3, [(3, 2), (7, 1)]),
        # empty lots are skipped
        ([lot(1, 10, 0), lot(2, 20, 4)], 4, [(2, 4)]),
        # expiring exactly on the earliest acceptable date is fine; a day earlier is not
        ([lot(1, -1, 9), lot(2, 0, 9)], 9, [(2, 9)]),
    ],
)
def test_allocation_table(lots, quantity, expected):
    assert allocate(lots, quantity, D) == expected


@pytest.mark.parametrize(
    ("lots", "quantity", "sellable_left"),
    [
        ([], 1, 0),
        ([lot(1, 10, 3)], 4, 3),
        ([lot(1, -5, 100), lot(2, 5, 2)], 3, 2),  # the expiring lot does not count
        ([lot(1, None, 1), lot(2, 1, 1)], 5, 2),
    ],
)
def test_shortfall_reports_what_is_sellable(lots, quantity, sellable_left):
    with pytest.raises(Shortfall) as short:
        allocate(lots, quantity, D)
    assert (short.value.requested, short.value.sellable) == (quantity, sellable_left)
    assert sellable(lots, D) == sellable_left


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2", True, None])
def test_quantity_must_be_a_positive_whole_number(quantity):
    with pytest.raises(ValueError, match="positive whole number"):
        allocate([lot(1, None, 10)], quantity, D)


def test_expiry_margin_rule():
    assert earliest_expiry(date(2027, 3, 1), 30) == date(2027, 3, 31)
    assert is_eligible(lot(1, None, 1), D)
    assert is_eligible(lot(1, 0, 1), D) and not is_eligible(lot(1, -1, 1), D)


candidates = st.lists(
    st.builds(
        Candidate,
        lot_id=st.integers(1, 10_000),
        expiry_date=st.one_of(st.none(), st.dates(D - timedelta(days=60), D + timedelta(days=60))),
        available=st.integers(-2, 40),
    ),
    max_size=12,
    unique_by=lambda c: c.lot_id,
)


@given(lots=candidates, quantity=st.integers(1, 300))
def test_allocation_properties(lots, quantity):
    by_id = {c.lot_id: c for c in lots}
    try:
        allocation = allocate(lots, quantity, D)
    except Shortfall as short:
        # Only a real shortage is reported, with exactly what the eligible lots hold.
        assert short.sellable == sellable(lots, D) < quantity
        return
    # The allocation covers the quantity exactly, once per lot, within each lot's stock.
    assert sum(q for _id, q in allocation) == quantity
    assert len({i for i, _q in allocation}) == len(allocation)
    for lot_id, q in allocation:
        assert 0 < q <= by_id[lot_id].available
        assert is_eligible(by_id[lot_id], D)  # never an ineligible lot
    # FEFO: the used lots are a prefix of the eligible, non-empty lots in FEFO order, and every
    # lot but the last one used is emptied.
    usable = [c.lot_id for c in fefo_order(lots) if is_eligible(c, D) and c.available > 0]
    assert [i for i, _q in allocation] == usable[: len(allocation)]
    for lot_id, q in allocation[:-1]:
        assert q == by_id[lot_id].available
