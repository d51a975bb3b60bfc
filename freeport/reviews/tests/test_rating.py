"""The rating arithmetic, on its own (no database)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from freeport.reviews import rating

counts = st.integers(min_value=1, max_value=10**7)
histograms = st.lists(st.integers(min_value=0, max_value=10**6), min_size=5, max_size=5)


@st.composite
def count_and_total(draw):
    n = draw(counts)
    return n, draw(st.integers(min_value=n, max_value=5 * n))


@pytest.mark.parametrize(
    "count, total, shown",
    [(1, 5, "5.0"), (4, 17, "4.3"), (20, 85, "4.3"), (20, 84, "4.2"), (3, 13, "4.3"),
     (8, 34, "4.3"), (40, 169, "4.2"), (40, 170, "4.3"), (2, 3, "1.5"), (200, 960, "4.8")],
)  # fmt: skip
def test_average_rounds_half_up_to_one_decimal(count, total, shown):
    assert rating.average(count, total) == Decimal(shown)
    assert str(rating.average(count, total)) == shown


def test_no_review_has_no_average():
    assert rating.average(0, 0) is None


@given(count_and_total())
def test_average_is_the_exact_quotient_rounded_half_up(ct):
    count, total = ct
    shown = rating.average(count, total)
    exact = Fraction(total, count)
    assert isinstance(shown, Decimal) and shown.as_tuple().exponent == -1
    # Within half a tenth, and a tie goes up.
    assert abs(Fraction(shown) - exact) <= Fraction(1, 20)
    if abs(Fraction(shown) - exact) == Fraction(1, 20):
        assert Fraction(shown) > exact
    assert Decimal(1) <= shown <= Decimal(5)


@given(histograms)
def test_percentages_sum_to_100_and_stay_within_a_point(histogram):
    shares = rating.percentages(histogram)
    total = sum(histogram)
    if total == 0:
        assert shares == [0] * 5
        return
    assert sum(shares) == 100 and all(s >= 0 for s in shares)
    for n, share in zip(histogram, shares, strict=True):
        exact = Fraction(100 * n, total)
        assert share - 1 < exact < share + 1 or exact == share
        if n == 0:
            assert share == 0


def test_percentages_examples():
    assert rating.percentages([1, 1, 1, 0, 0]) == [33, 33, 34, 0, 0]  # the higher star gets it
    assert rating.percentages([0, 0, 0, 1, 3]) == [0, 0, 0, 25, 75]
    assert rating.percentages([0, 0, 0, 0, 0]) == [0, 0, 0, 0, 0]


def test_bayesian_keeps_one_lucky_review_below_two_hundred_good_ones():
    for mean, weight in [(3.5, 10), (4.0, 10), (3.0, 5), (4.5, 1), (1.0, 1)]:
        one = rating.bayesian(1, 5, mean, weight)
        many = rating.bayesian(200, 960, mean, weight)
        assert one < many, (mean, weight)


@given(
    prior_mean=st.floats(min_value=1, max_value=4.5),
    prior_weight=st.floats(min_value=1, max_value=1000),
)
def test_bayesian_one_five_star_never_beats_200_at_4_8(prior_mean, prior_weight):
    assert rating.bayesian(1, 5, prior_mean, prior_weight) < rating.bayesian(
        200, 960, prior_mean, prior_weight
    )


@given(
    ct=st.one_of(st.just((0, 0)), count_and_total()),
    prior_mean=st.floats(min_value=1, max_value=5),
    prior_weight=st.floats(min_value=0.01, max_value=10**6),
)
def test_bayesian_is_within_1_and_5_and_between_prior_and_average(ct, prior_mean, prior_weight):
    count, total = ct
    score = rating.bayesian(count, total, prior_mean, prior_weight)
    assert 1.0 <= score <= 5.0
    if count:
        low, high = sorted((prior_mean, total / count))
        assert low - 1e-9 <= score <= high + 1e-9
    else:
        assert score == pytest.approx(prior_mean)


@given(count_and_total(), st.floats(min_value=1, max_value=5))
def test_more_of_the_same_moves_toward_the_average(ct, prior_mean):
    count, total = ct
    assume(abs(total / count - prior_mean) > 1e-6)
    few = rating.bayesian(count, total, prior_mean, 10)
    more = rating.bayesian(count * 10, total * 10, prior_mean, 10)
    assert abs(more - total / count) <= abs(few - total / count) + 1e-12


@pytest.mark.parametrize(
    "args",
    [(-1, 0, 3, 1), (1, 6, 3, 1), (1, 0, 3, 1), (1, 5, 0.5, 1), (1, 5, 5.5, 1), (1, 5, 3, 0)],
)
def test_bayesian_refuses_impossible_input(args):
    with pytest.raises(ValueError):
        rating.bayesian(*args)
