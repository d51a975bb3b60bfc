"""Promotion and coupon rules (pure): tables of cases and properties of the money arithmetic."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freeport.checkout import promotions as p

D = Decimal
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
FRESH = p.Shopper(has_paid_orders=False, uses_of_coupon=0)
PROMOS = [
    p.Promotion(1, D("199"), D("20"), merchant_id=7),
    p.Promotion(2, D("399"), D("50"), merchant_id=7),
    p.Promotion(3, D("299"), D("30")),  # platform-wide
    p.Promotion(4, D("100"), D("99"), merchant_id=8),  # another merchant's
]


@pytest.mark.parametrize(
    ("goods", "best", "hint"),
    [
        (D("150"), None, (D("49"), D("20"))),
        (D("199"), 1, (D("100"), D("30"))),
        (D("300"), 3, (D("99"), D("50"))),
        (D("399"), 2, None),
    ],
)
def test_best_promotion_and_next_threshold(goods, best, hint):
    chosen = p.best_promotion(PROMOS, 7, goods)
    assert (chosen.id if chosen else None) == best
    assert p.next_threshold(PROMOS, 7, goods) == hint


@given(
    total=st.integers(0, 100_000).map(lambda f: D(f) / 100),
    lines=st.lists(
        st.tuples(st.integers(1, 900_000).map(lambda f: D(f) / 100), st.integers(1, 20)),
        min_size=1, max_size=6,
    ),
)  # fmt: skip
def test_unit_cuts_are_exact_and_keep_whole_fen_prices(total, lines):
    goods = sum((price * qty for price, qty in lines), D(0))
    if total >= goods:
        return
    cuts = p.unit_cuts(total, lines)
    assert sum(cuts, D(0)) == total
    for (price, qty), cut in zip(lines, cuts, strict=True):
        parts = p.unit_prices(price, qty, cut)
        assert sum(n for _, n in parts) == qty and len(parts) <= 2
        assert sum(pr * n for pr, n in parts) == price * qty - cut
        assert all(pr == pr.quantize(D("0.01")) for pr, _ in parts)


@pytest.mark.parametrize(
    ("coupon", "goods", "amount", "reason"),
    [
        (p.Coupon("F10", p.FIXED, amount=D("10")), D("50"), D("10"), "ok"),
        (p.Coupon("F10", p.FIXED, amount=D("10")), D("6.50"), D("6.50"), "ok"),  # never more
        (p.Coupon("P10", p.PERCENT, percent=D("10")), D("238.05"), D("23.81"), "ok"),  # half-up
        (p.Coupon("P", p.PERCENT, percent=D("10"), max_off=D("15")), D("238"), D("15"), "ok"),
        (p.Coupon("T", p.THRESHOLD, amount=D("30"), min_spend=D("299")), D("298.99"), D("0"),
         "below_min_spend"),
        (p.Coupon("T", p.THRESHOLD, amount=D("30"), min_spend=D("299")), D("299"), D("30"), "ok"),
        (p.Coupon("X", p.FIXED, amount=D("10"), active=False), D("50"), D("0"), "inactive"),
        (p.Coupon("X", p.FIXED, amount=D("10"), valid_from=NOW + timedelta(1)), D("50"), D("0"),
         "not_started"),
        (p.Coupon("X", p.FIXED, amount=D("10"), valid_until=NOW), D("50"), D("0"), "expired"),
        (p.Coupon("X", p.FIXED, amount=D("10"), remaining=0), D("50"), D("0"), "used_up"),
        (p.Coupon("X", p.FIXED, amount=D("10")), D("0"), D("0"), "no_eligible_goods"),
    ],
)  # fmt: skip
def test_coupon_verdicts(coupon, goods, amount, reason):
    verdict = p.coupon_verdict(coupon, shopper=FRESH, eligible_goods=goods, now=NOW)
    assert (verdict.amount, verdict.reason) == (amount, reason)


def test_new_shopper_and_per_shopper_limits():
    coupon = p.Coupon("NEW", p.FIXED, amount=D("20"), new_shopper_only=True, per_shopper_limit=2)
    regular = p.Shopper(has_paid_orders=True, uses_of_coupon=0)
    assert p.coupon_verdict(coupon, shopper=regular, eligible_goods=D(99), now=NOW).reason == (
        "new_shopper_only"
    )
    twice = p.Shopper(has_paid_orders=False, uses_of_coupon=2)
    assert p.coupon_verdict(coupon, shopper=twice, eligible_goods=D(99), now=NOW).reason == (
        "limit_reached"
    )


@given(
    total=st.integers(0, 50_000).map(lambda f: D(f) / 100),
    goods=st.lists(st.integers(1, 1_000_000).map(lambda f: D(f) / 100), min_size=1, max_size=5),
)
def test_coupon_split_over_orders_is_exact(total, goods):
    parts = p.split_over(total, goods)
    assert sum(parts, D(0)) == total
    exact = [total * g / sum(goods) for g in goods]
    assert all(abs(a - e) < D("0.01") for a, e in zip(parts, exact, strict=True))
