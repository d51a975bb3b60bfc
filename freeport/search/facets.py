"""Filtering, facet counts and sorting of search hits (pure, the same on every backend).

Filters follow the listing's rules (decisions 4 and 5): brands and origins OR within the facet,
tags and certifications AND, a category includes its subcategories, a price range matches when
the product's SKU price range overlaps it. A facet's counts apply every selected filter except
its own, so a shopper sees how many results each other brand would give.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

FACETS = ("brand", "origin", "tag", "cert", "category")
# Price buckets (CNY): (min, max); None = open-ended.
PRICE_BUCKETS = [
    (Decimal("0"), Decimal("100")),
    (Decimal("100"), Decimal("300")),
    (Decimal("300"), Decimal("600")),
    (Decimal("600"), Decimal("1000")),
    (Decimal("1000"), None),
]


@dataclass(frozen=True)
class Hit:
    product_id: int
    brand: str
    category: str
    category_root: str
    origin: str
    tags: frozenset[str]
    certs: frozenset[str]
    price_min: Decimal
    price_max: Decimal
    sales_count: int = 0
    published_at: datetime | None = None
    in_stock: bool = True
    score: float = 0.0  # text relevance from the backend, higher is better; 0 without text


@dataclass(frozen=True)
class Filters:
    brand: frozenset[str] = frozenset()
    origin: frozenset[str] = frozenset()
    tag: frozenset[str] = frozenset()
    cert: frozenset[str] = frozenset()
    category: str | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None


def _price_ok(hit: Hit, low: Decimal | None, high: Decimal | None) -> bool:
    return (low is None or hit.price_max >= low) and (high is None or hit.price_min <= high)


def matches(hit: Hit, f: Filters, skip: str | None = None) -> bool:
    return (
        (skip == "brand" or not f.brand or hit.brand in f.brand)
        and (skip == "origin" or not f.origin or hit.origin in f.origin)
        and (skip == "tag" or f.tag <= hit.tags)
        and (skip == "cert" or f.cert <= hit.certs)
        and (skip == "category" or f.category in (None, hit.category, hit.category_root))
        and (skip == "price" or _price_ok(hit, f.price_min, f.price_max))
    )


def _values(hit: Hit, facet: str) -> set[str]:
    if facet in ("tag", "cert"):
        return set(hit.tags if facet == "tag" else hit.certs)
    if facet == "category":
        return {hit.category, hit.category_root}
    return {getattr(hit, facet)}


@dataclass
class FacetCounts:
    values: dict[str, Counter] = field(default_factory=dict)
    prices: list[tuple[Decimal, Decimal | None, int]] = field(default_factory=list)


def _below(high: Decimal | None) -> Decimal | None:
    """A bucket's upper end is exclusive: 100–300 means up to 299.99."""
    return None if high is None else high - Decimal("0.01")


def facet_counts(hits: list[Hit], f: Filters) -> FacetCounts:
    out = FacetCounts({name: Counter() for name in FACETS})
    for name in FACETS:
        for hit in hits:
            if matches(hit, f, skip=name):
                out.values[name].update(_values(hit, name))
    priced = [h for h in hits if matches(h, f, skip="price")]
    out.prices = [
        (low, high, sum(1 for h in priced if _price_ok(h, low, _below(high))))
        for low, high in PRICE_BUCKETS
    ]
    return out


def _newest_key(hit: Hit) -> float:
    return -(hit.published_at.timestamp() if hit.published_at else -math.inf)


SORT_KEYS = {
    "popular": lambda h: (-h.sales_count, _newest_key(h), h.product_id),
    "newest": lambda h: (_newest_key(h), -h.product_id),
    "price_asc": lambda h: (h.price_min, h.product_id),
    "price_desc": lambda h: (-h.price_max, -h.product_id),
}
