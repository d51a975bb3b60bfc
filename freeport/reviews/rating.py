"""Rating arithmetic (pure: no ORM). docs/reviews.md.

* `average(count, stars_total)`: what the product page shows, stars_total / count rounded half up
  to one decimal, as a Decimal (4.25 → 4.3, 4.24 → 4.2), computed in integers so no binary float
  or decimal-precision edge can move a boundary; None when there is no review.
* `percentages(histogram)`: each star's share in whole percent, summing to exactly 100 (largest
  remainder: every share is floored, then the points left go to the largest remainders; equal
  remainders go to the higher star first). All zero when there is no review.
* `bayesian(count, stars_total, prior_mean, prior_weight)`: a ranking score, see its docstring.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

STARS_MIN, STARS_MAX = 1, 5


def average(count: int, stars_total: int) -> Decimal | None:
    """stars_total / count rounded half up to one decimal; None when count is 0."""
    if count < 0 or stars_total < 0:
        raise ValueError("count and stars_total cannot be negative")
    if count == 0:
        return None
    # floor(total * 10 / count + 1/2) = floor((20 * total + count) / (2 * count)): exact.
    tenths = (20 * stars_total + count) // (2 * count)
    return Decimal(tenths).scaleb(-1)


def percentages(histogram: Sequence[int]) -> list[int]:
    """Whole percentages of each bucket that sum to 100 (largest remainder), or all zeros."""
    if any(n < 0 for n in histogram):
        raise ValueError("counts cannot be negative")
    total = sum(histogram)
    if total == 0:
        return [0] * len(histogram)
    floors = [n * 100 // total for n in histogram]
    remainders = [n * 100 % total for n in histogram]
    left = 100 - sum(floors)
    # Larger remainder first; among equals the later bucket (the higher star) first.
    order = sorted(range(len(histogram)), key=lambda i: (-remainders[i], -i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def bayesian(count: int, stars_total: int, prior_mean: float, prior_weight: float) -> float:
    """A rating to rank by: the product's stars averaged together with `prior_weight` imaginary
    reviews of `prior_mean` stars,

        (prior_weight x prior_mean + stars_total) / (prior_weight + count),

    clamped to [1, 5]. With no review it is the prior; with many it tends to the real average.
    A product with few reviews is pulled toward the prior, so luck with a handful of raters does
    not put it on top: with prior_weight >= 1 and prior_mean <= 4.5, one five-star review always
    ranks below 200 reviews averaging 4.8 (it is below the 200 whenever
    prior_mean < 4.799 - 0.201 / prior_weight). E.g. prior 4.0 x 10: one 5-star review scores
    45 / 11 = 4.09, the 200 reviews at 4.8 score 1000 / 210 = 4.76.

    A sensible prior_mean is the mean of all visible reviews (or 3.5 before there are many) and
    prior_weight the typical number of reviews a product has (5 to 20).
    """
    if count < 0 or stars_total < 0:
        raise ValueError("count and stars_total cannot be negative")
    if count and not STARS_MIN * count <= stars_total <= STARS_MAX * count:
        raise ValueError("stars_total must lie between count x 1 and count x 5")
    if not STARS_MIN <= prior_mean <= STARS_MAX:
        raise ValueError("prior_mean must be within 1..5")
    if not prior_weight > 0:
        raise ValueError("prior_weight must be positive")
    score = (prior_weight * prior_mean + stars_total) / (prior_weight + count)
    return float(min(STARS_MAX, max(STARS_MIN, score)))
