"""Relevance ranking (pure): text relevance blended with business signals, within a bound.

    final = text + in_stock_weight × in_stock + popularity_weight × popularity
                 + delivery_weight × delivery + rating_weight × rating

- text: the backend's relevance (FTS5 bm25, PostgreSQL ts_rank) divided by the best score
  of the query, so 1.0 is the best match and the scale is the same on both backends;
- in_stock: 1 when some SKU has sellable bonded stock, else 0;
- popularity: log(1 + sales) / log(1 + the most sales among the hits), in [0, 1];
- delivery: the delivery promise, min(1, DELIVERY_REFERENCE_HOURS / dispatch hours) for the
  fastest bonded warehouse holding sellable stock (24 h → 1, 48 h → 0.5, 72 h → 0.33), 0 when
  no stocked warehouse states a promise, in [0, 1];
- rating: the shoppers' stars, (bayesian − 1) / 4 in [0, 1], where bayesian is the average of
  the product's visible reviews together with RATING_PRIOR_WEIGHT imaginary reviews of
  RATING_PRIOR_MEAN stars (reviews.rating.bayesian): no review scores the prior (0.625), one
  five-star review barely more (3.64 → 0.66), 200 reviews averaging 4.8 nearly their average
  (4.74 → 0.94), and many poor reviews pull a product down (20 at 2 stars: 2.5 → 0.375).

Weights come from settings.SEARCH_RANKING_WEIGHTS (defaults below) and are capped so they add
up to at most MAX_BOOST: a match whose text score is more than MAX_BOOST (of the best score)
below another's can never be ranked above it, however popular, well stocked or fast to ship,
so a popular weak match never hides a strong text match. Ties: text score, then product id.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from freeport.reviews.rating import bayesian

from .facets import Hit

MAX_BOOST = 0.25
SIGNALS = ("in_stock", "popularity", "delivery", "rating")
DEFAULT_WEIGHTS = {"in_stock": 0.10, "popularity": 0.07, "delivery": 0.04, "rating": 0.04}
DELIVERY_REFERENCE_HOURS = 24  # a promise this fast or faster scores 1
RATING_PRIOR_MEAN = 3.5  # stars of the imaginary reviews every product starts with
RATING_PRIOR_WEIGHT = 10  # how many: about what a product has before its rating means much


@dataclass(frozen=True)
class Weights:
    in_stock: float = DEFAULT_WEIGHTS["in_stock"]
    popularity: float = DEFAULT_WEIGHTS["popularity"]
    delivery: float = DEFAULT_WEIGHTS["delivery"]
    rating: float = DEFAULT_WEIGHTS["rating"]

    @classmethod
    def from_settings(cls, values: Mapping[str, float] | None) -> "Weights":
        merged = {**DEFAULT_WEIGHTS, **(values or {})}
        weights = [max(0.0, float(merged[k])) for k in SIGNALS]
        total = sum(weights)
        if total > MAX_BOOST:  # keep the guarantee whatever is configured
            weights = [w * MAX_BOOST / total for w in weights]
        return cls(*weights)


def delivery(dispatch_hours: int | None) -> float:
    """The delivery-promise signal in [0, 1]: faster is higher, unknown is 0."""
    if dispatch_hours is None:
        return 0.0
    return min(1.0, DELIVERY_REFERENCE_HOURS / max(dispatch_hours, 1))


def rating(count: int, stars: int) -> float:
    """The rating signal in [0, 1] (see the module's docstring)."""
    return (bayesian(count, stars, RATING_PRIOR_MEAN, RATING_PRIOR_WEIGHT) - 1) / 4


UNRATED = rating(0, 0)  # the prior's signal, shared by every product without a review


def by_rating(h: Hit) -> tuple:
    """Sort key of "Top rated": the rating signal (the prior keeps one lucky review from
    topping a long record), then more reviews, then product id."""
    signal = rating(h.rating_count, h.rating_stars) if h.rating_count else UNRATED
    return (-signal, -h.rating_count, h.product_id)


def blended(hits: list[Hit], weights: Weights) -> dict[int, float]:
    best = max((h.score for h in hits), default=0.0) or 1.0
    most_sales = max((h.sales_count for h in hits), default=0)
    out = {}
    for h in hits:
        pop = math.log1p(h.sales_count) / math.log1p(most_sales) if most_sales else 0.0
        boost = (
            weights.in_stock * h.in_stock
            + weights.popularity * pop
            + weights.delivery * delivery(h.dispatch_hours)
            + weights.rating
            * (rating(h.rating_count, h.rating_stars) if h.rating_count else UNRATED)
        )
        out[h.product_id] = h.score / best + boost
    return out


def rank(hits: list[Hit], weights: Weights) -> list[Hit]:
    final = blended(hits, weights)
    return sorted(hits, key=lambda h: (-final[h.product_id], -h.score, h.product_id))
