"""Pure checkout rules: sourcing, splitting over the single limit, freight."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freeport.checkout import freight, sourcing, splitting
from freeport.checkout.sourcing import Short, Store

FAST, SLOW, SHOWROOMLESS = Store(1, 24, 0), Store(2, 48, 1), Store(3, None, 2)


@pytest.mark.parametrize(
    ("quantity", "available", "expected"),
    [
        (2, {1: 5, 2: 5}, [(1, 2)]),  # fastest warehouse that can fill it
        (4, {1: 3, 2: 5}, [(2, 4)]),  # one parcel beats a split, even from a slower warehouse
        (7, {1: 3, 2: 5}, [(1, 3), (2, 4)]),  # split only when no single one can, fastest first
        (9, {1: 3, 2: 5}, Short(7, 9, 8)),  # short: nothing sourced, says how many can be bought
        (1, {}, Short(7, 1, 0)),
        (1, {3: 1}, [(3, 1)]),  # a warehouse without a promise still ships, last in line
    ],
)
def test_sourcing_prefers_one_fast_parcel(quantity, available, expected):
    assert sourcing.source(7, quantity, available, [SLOW, FAST, SHOWROOMLESS]) == expected


@given(
    quantity=st.integers(1, 50),
    stock=st.dictionaries(st.sampled_from([1, 2, 3]), st.integers(0, 30)),
)
def test_sourcing_never_takes_more_than_there_is(quantity, stock):
    result = sourcing.source(7, quantity, stock, [FAST, SLOW, SHOWROOMLESS])
    if isinstance(result, Short):
        assert result.available == sum(stock.values()) < quantity
    else:
        assert sum(q for _, q in result) == quantity
        assert all(0 < q <= stock[w] for w, q in result)
        assert len({w for w, _ in result}) == len(result)


D = Decimal


@pytest.mark.parametrize(
    ("lines", "parts"),
    [
        ([(1, D("1000"), 4)], [{1: 4}]),  # under the limit: one part
        ([(1, D("2000"), 3)], [{1: 2}, {1: 1}]),
        ([(1, D("6000"), 1), (2, D("100"), 2)], [{1: 1}, {2: 2}]),  # the dear unit goes alone
        ([(1, D("3000"), 1), (2, D("2500"), 1), (3, D("1990"), 1)], [{1: 1, 3: 1}, {2: 1}]),
    ],
)
def test_split_units_examples(lines, parts):
    assert splitting.split_units(lines, reserve=D("10")) == parts


@given(
    st.lists(
        st.tuples(
            st.integers(1, 20),
            st.decimals(D("0.01"), D("7000"), places=2),
            st.integers(1, 6),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda t: t[0],
    )
)
def test_split_units_keeps_every_unit_and_fits(lines):
    reserve = D("12")
    parts = splitting.split_units(lines, reserve=reserve)
    prices = {sku: price for sku, price, _ in lines}
    for sku, _, qty in lines:
        assert sum(p.get(sku, 0) for p in parts) == qty
    for part in parts:
        goods = sum(prices[s] * q for s, q in part.items())
        single = sum(part.values()) == 1
        assert goods <= splitting.LIMIT - reserve or single


def test_freight_rule():
    assert freight.freight_for(D("198.99"), flat=D("12"), free_from=D("199")) == D("12")
    assert freight.freight_for(D("199.00"), flat=D("12"), free_from=D("199")) == D("0.00")
    assert freight.to_free_freight(D("150.00"), free_from=D("199")) == D("49.00")
    assert freight.to_free_freight(D("250.00"), free_from=D("199")) == D("0.00")
