"""Who may review what, and when (pure rules)."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freeport.reviews import policy

DELIVERED = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def decide(**kw):
    args = {
        "is_owner": True,
        "delivered": True,
        "delivered_at": DELIVERED,
        "already_reviewed": False,
        "now": DELIVERED + timedelta(days=1),
        "window_days": 90,
    }
    return policy.decide(**{**args, **kw})  # fmt: skip


def codes(decision):
    return [r.code for r in decision.reasons]


def test_the_owner_of_a_delivered_line_may_review_it_within_the_window():
    decision = decide()
    assert decision.allowed and codes(decision) == ["ok"]
    assert decision.review_by == DELIVERED + timedelta(days=90)


def test_someone_elses_line_is_not_found_and_says_nothing_more():
    assert codes(decide(is_owner=False, delivered=False, already_reviewed=True)) == ["not_found"]


@pytest.mark.parametrize("kw", [{"delivered": False}, {"delivered_at": None}])
def test_not_delivered(kw):
    decision = decide(**kw)
    assert not decision.allowed and codes(decision) == ["not_delivered"]


def test_every_reason_that_applies_is_given():
    decision = decide(already_reviewed=True, now=DELIVERED + timedelta(days=91))
    assert codes(decision) == ["already_reviewed", "window_passed"]
    assert "90 days" in decision.message and "already reviewed" in decision.message


@given(st.integers(min_value=1, max_value=400), st.integers(min_value=-(10**6), max_value=10**6))
def test_the_window_ends_exactly_window_days_after_delivery(days, offset_seconds):
    now = DELIVERED + timedelta(days=days, seconds=offset_seconds)
    assert decide(now=now, window_days=days).allowed == (offset_seconds <= 0)


@pytest.mark.parametrize("value, stars", [(1, 1), (5, 5), ("3", 3), (" 4 ", 4)])
def test_stars_accepted(value, stars):
    assert policy.clean_stars(value) == stars


@pytest.mark.parametrize("value", [0, 6, -1, True, False, None, "", "4.5", 4.0, "five", [5]])
def test_stars_refused(value):
    with pytest.raises(policy.PolicyInputError) as info:
        policy.clean_stars(value)
    assert info.value.field == "stars" and "1 to 5" in str(info.value.message)


def test_text_is_trimmed_and_limited():
    assert policy.clean_text("  good  ") == "good"
    assert policy.clean_text(None) == ""
    assert policy.clean_text("好" * 1000) == "好" * 1000
    for bad in ("好" * 1001, 5, "a\x00b"):
        with pytest.raises(policy.PolicyInputError) as info:
            policy.clean_text(bad)
        assert info.value.field == "text"


@pytest.mark.parametrize(
    "name, shown",
    [("李晓雨", "李**"), ("wang.fang", "w**"), ("", "**"), ("13912345678", "**"), ("+86139", "**"),
     ("  Anna ", "A**")],
)  # fmt: skip
def test_masked_name_shows_one_character(name, shown):
    assert policy.masked_name(name) == shown
