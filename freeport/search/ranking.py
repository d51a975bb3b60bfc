"""Relevance ranking (pure): text relevance blended with business signals, within a bound.

    final = text + in_stock_weight × in_stock + popularity_weight × popularity
                 + delivery_weight × delivery

- text: the backend's relevance (FTS5 bm25, PostgreSQL ts_rank) divided by the best score
  of the query, so 1.0 is the best match and the scale is the same on both backends;
- in_stock: 1 when some SKU has sellable bonded stock, else 0;
- popularity: log(1 + sales) / log(1 + the most sales among the hits), in [0, 1];
- delivery: the delivery promise, min(1, DELIVERY_REFERENCE_HOURS / dispatch hours) for the
  fastest bonded warehouse holding sellable stock (24 h → 1, 48 h → 0.5, 72 h → 0.33), 0 when
  no stocked warehouse states a promise, in [0, 1].

Weights come from settings.SEARCH_RANKING_WEIGHTS (defaults below) and are capped so they add
up to at most MAX_BOOST: a match whose text score is more than MAX_BOOST (of the best score)
below another's can never be ranked above it, however popular, well stocked or fast to ship,
so a popular weak match never hides a strong text match. Ties: text score, then product id.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .facets import Hit

MAX_BOOST = 0.25
SIGNALS = ("in_stock", "popularity", "delivery")
DEFAULT_WEIGHTS = {"in_stock": 0.10, "popularity": 0.10, "delivery": 0.05}
DELIVERY_REFERENCE_HOURS = 24  # a promise this fast or faster scores 1


@dataclass(frozen=True)
class Weights:
    in_stock: float = DEFAULT_WEIGHTS["in_stock"]
    popularity: float = DEFAULT_WEIGHTS["popularity"]
    delivery: float = DEFAULT_WEIGHTS["delivery"]

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
        )
        out[h.product_id] = h.score / best + boost
    return out


def rank(hits: list[Hit], weights: Weights) -> list[Hit]:
    final = blended(hits, weights)
    return sorted(hits, key=lambda h: (-final[h.product_id], -h.score, h.product_id))
