"""Pure catalog rules: listing transitions, formula stages, unit conversions, the listing query."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from freeport.catalog import listing
from freeport.catalog.query import ProductQuery
from freeport.catalog.stages import cn_stage_for
from freeport.catalog.units import base_quantity, conversions


@pytest.mark.parametrize(
    "current, target, reason, allowed, code",
    [
        ("pending", "approved", "", True, ""),
        ("pending", "rejected", "", False, "reason_required"),
        ("pending", "rejected", "HS code wrong", True, ""),
        ("pending", "delisted", "x", False, "invalid_transition"),
        ("approved", "delisted", "  ", False, "reason_required"),
        ("approved", "delisted", "recall", True, ""),
        ("approved", "rejected", "x", False, "invalid_transition"),
        ("delisted", "approved", "", True, ""),
        ("rejected", "pending", "", True, ""),
        ("rejected", "approved", "", False, "invalid_transition"),
    ],
)
def test_listing_transitions(current, target, reason, allowed, code):
    decision = listing.check_transition(current, target, reason)
    assert decision.allowed is allowed
    assert decision.code == code


def test_only_approved_positive_list_goods_are_public():
    assert listing.is_public("approved", True)
    assert not listing.is_public("approved", False)
    assert not listing.is_public("pending", True)


@pytest.mark.parametrize(
    "lo, hi, stage",
    [(0, 6, "1"), (6, 12, "2"), (12, 36, "3"), (0, 12, None), (36, None, None), (24, 36, "3")],
)
def test_cn_stage_equivalent(lo, hi, stage):
    found = cn_stage_for(lo, hi)
    assert (found.stage if found else None) == stage


def test_conversions():
    assert conversions(Decimal("900"), "g") == [(Decimal("31.7"), "oz"), (Decimal("1.98"), "lb")]
    assert conversions(Decimal("50"), "ml") == [(Decimal("1.7"), "fl oz")]
    assert conversions(Decimal("0.75"), "l") == [(Decimal("25.4"), "fl oz")]
    assert conversions(Decimal("30"), "piece") == []
    with pytest.raises(ValueError):
        base_quantity(Decimal(1), "gallon")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2))
def test_kg_and_g_agree(value):
    assert base_quantity(value, "kg")[0] == base_quantity(value * 1000, "g")[0]


def test_query_normalises_and_validates():
    q = ProductQuery(brand=["b", "a", "a"], origin=["nz"], price_min="10.50")
    assert q.brand == ["a", "b"] and q.origin == ["NZ"] and q.price_min == Decimal("10.50")
    for bad in ({"price_min": "1.234"}, {"origin": ["ZZ"]}, {"sort": "x"}, {"page": 0}):
        with pytest.raises(ValidationError):
            ProductQuery(**bad)
    with pytest.raises(ValidationError) as exc:
        ProductQuery(price_min="9", price_max="3")
    assert exc.value.errors()[0]["loc"] == ("price_max",)


@pytest.mark.parametrize(
    ("status", "changed", "by_operator", "expected"),
    [
        ("approved", {"record_number"}, False, True),
        ("approved", {"tax_profile", "title_en"}, False, True),
        ("approved", {"sku.gtin"}, False, True),
        ("approved", {"sku.net_weight_kg"}, False, True),
        ("approved", {"title_en", "description_zh", "tags"}, False, False),
        ("approved", {"sku.price", "sku.variant_en"}, False, False),
        ("approved", {"record_number"}, True, False),  # operators are the reviewers
        ("pending", {"record_number"}, False, False),  # already waiting for review
        ("rejected", {"record_number"}, False, False),
        ("approved", set(), False, False),
    ],
)
def test_compliance_edits_send_an_approved_listing_back_to_review(
    status, changed, by_operator, expected
):
    assert listing.back_to_review(status, changed, by_operator=by_operator) is expected
