"""Filtering, facet counts and sorting of search hits (pure, the same on every backend).

Filters follow the listing's rules (decisions 4 and 5): brands and origins OR within the facet,
tags and certifications AND, a category includes its subcategories, a price range matches when
the product's SKU price range overlaps it; "ships within 24 h" keeps the products whose fastest
dispatch promise (bonded warehouses holding sellable stock) is SHIPS_FAST_HOURS or less. A
facet's counts apply every selected filter except its own, so a shopper sees how many results
each other brand would give.
"""

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

FACETS = ("brand", "origin", "tag", "cert", "category")
SHIPS_FAST_HOURS = 24  # the "ships within 24 h" filter (query parameter ships_24h)
# Price buckets (CNY): (min, max); None = open-ended.
PRICE_BUCKETS = [
    (Decimal("0"), Decimal("100")),
    (Decimal("100"), Decimal("300")),
    (Decimal("300"), Decimal("600")),
    (Decimal("600"), Decimal("1000")),
    (Decimal("1000"), None),
]


class Hit(NamedTuple):
    """One searchable product: its facet values and ranking signals (immutable). A named tuple
    rather than a frozen dataclass: search makes up to 2,000 of them per query, and a named
    tuple is built several times faster."""

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
    # Fastest dispatch promise (hours) among the bonded warehouses holding sellable stock of
    # it; None: no stock, or no warehouse holding it states a promise.
    dispatch_hours: int | None = None
    rating_count: int = 0  # visible reviews
    rating_stars: int = 0  # their stars added up
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
    ships_24h: bool = False


def ships_fast(hit: Hit) -> bool:
    """Whether `hit` ships within SHIPS_FAST_HOURS (a known promise, from stock it holds)."""
    return hit.dispatch_hours is not None and hit.dispatch_hours <= SHIPS_FAST_HOURS


def _price_ok(hit: Hit, low: Decimal | None, high: Decimal | None) -> bool:
    return (low is None or hit.price_max >= low) and (high is None or hit.price_min <= high)


def matches(hit: Hit, f: Filters, skip: str | None = None) -> bool:
    if skip is None:  # search's case, once per hit: the same tests without the skips
        return (
            (not f.brand or hit.brand in f.brand)
            and (not f.origin or hit.origin in f.origin)
            and (not f.tag or f.tag <= hit.tags)
            and (not f.cert or f.cert <= hit.certs)
            and (f.category is None or f.category in (hit.category, hit.category_root))
            and (f.price_min is None or hit.price_max >= f.price_min)
            and (f.price_max is None or hit.price_min <= f.price_max)
            and (not f.ships_24h or ships_fast(hit))
        )
    return (
        (skip == "brand" or not f.brand or hit.brand in f.brand)
        and (skip == "origin" or not f.origin or hit.origin in f.origin)
        and (skip == "tag" or f.tag <= hit.tags)
        and (skip == "cert" or f.cert <= hit.certs)
        and (skip == "category" or f.category in (None, hit.category, hit.category_root))
        and (skip == "price" or _price_ok(hit, f.price_min, f.price_max))
        and (skip == "ships_24h" or not f.ships_24h or ships_fast(hit))
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
    ships_24h: int = 0  # hits shipping within SHIPS_FAST_HOURS (the other filters applied)


def _below(high: Decimal | None) -> Decimal | None:
    """A bucket's upper end is exclusive: 100–300 means up to 299.99."""
    return None if high is None else high - Decimal("0.01")


def _failed(hit: Hit, f: Filters) -> str | None:
    """The one filter `hit` fails ("price" and "ships_24h" included), "" if none, None if
    several."""
    failed = ""
    if f.brand and hit.brand not in f.brand:
        failed = "brand"
    if f.origin and hit.origin not in f.origin:
        if failed:
            return None
        failed = "origin"
    if f.tag and not f.tag <= hit.tags:
        if failed:
            return None
        failed = "tag"
    if f.cert and not f.cert <= hit.certs:
        if failed:
            return None
        failed = "cert"
    if f.category is not None and f.category != hit.category and f.category != hit.category_root:
        if failed:
            return None
        failed = "category"
    low, high = f.price_min, f.price_max
    if (low is not None and hit.price_max < low) or (high is not None and hit.price_min > high):
        if failed:
            return None
        failed = "price"
    if f.ships_24h and not ships_fast(hit):
        if failed:
            return None
        failed = "ships_24h"
    return failed


def _count(counter: Counter, facet: str, hits: list[Hit]) -> None:
    """Add the values `_values` gives each hit (each counted once per hit)."""
    if facet in ("brand", "origin"):
        counter.update(getattr(h, facet) for h in hits)
    elif facet in ("tag", "cert"):
        counter.update(v for h in hits for v in (h.tags if facet == "tag" else h.certs))
    else:
        counter.update(h.category for h in hits)
        counter.update(h.category_root for h in hits if h.category_root != h.category)


class HitList(list):
    """A list of hits that may carry the FacetIndex of the list it was copied from (search's
    candidates without text: every document). `facet_counts` and `matching` use the index as
    long as the list still holds exactly those hits."""

    index: "FacetIndex | None" = None

    def indexed(self) -> "FacetIndex | None":
        index = self.index
        return index if index is not None and index.covers(self) else None


def _buckets(hit: Hit) -> tuple[int, ...]:
    return tuple(
        k for k, (low, high) in enumerate(PRICE_BUCKETS) if _price_ok(hit, low, _below(high))
    )


def _bucket_counts(n: Counter) -> list[tuple[Decimal, Decimal | None, int]]:
    return [(low, high, n[k]) for k, (low, high) in enumerate(PRICE_BUCKETS)]


def _meet(sets: list[set[int]]) -> set[int] | None:
    """The intersection of these sets; None (everything) when there are none."""
    if not sets:
        return None
    smallest, *others = sorted(sets, key=len)
    return smallest.intersection(*others)


def _reposition(order: list[int], keys: list, i: int, old, new) -> None:
    """Move position `i` in a list of positions sorted by key (and by position among equal
    keys, as a stable sort of range(n) leaves them) from key `old` to key `new`."""
    lo, hi = bisect_left(keys, old), bisect_right(keys, old)
    j = order.index(i, lo, hi)
    del order[j], keys[j]
    lo, hi = bisect_left(keys, new), bisect_right(keys, new)
    j = lo + bisect_left(order[lo:hi], i)
    order.insert(j, i)
    keys.insert(j, new)


class FacetIndex:
    """Positions of a fixed list of hits per facet value, price bucket and price order: filters
    and facet counts over all of them (a search without text) by set operations, not a pass of
    `matches` per hit."""

    def __init__(self, hits: list[Hit]):
        self.hits = hits
        self.values: dict[str, dict[str, set[int]]] = {name: {} for name in FACETS}
        for i, h in enumerate(hits):
            for name in FACETS:
                for value in _values(h, name):
                    self.values[name].setdefault(value, set()).add(i)
        self.buckets = [_buckets(h) for h in hits]  # the price buckets each hit counts in
        self.by_min = sorted(range(len(hits)), key=lambda i: hits[i].price_min)
        self.mins = [hits[i].price_min for i in self.by_min]
        self.by_max = sorted(range(len(hits)), key=lambda i: hits[i].price_max)
        self.maxes = [hits[i].price_max for i in self.by_max]
        self.fast = {i for i, h in enumerate(hits) if ships_fast(h)}
        self.totals = self._totals()

    def _totals(self) -> FacetCounts:  # with no filter
        return FacetCounts(
            {
                name: Counter({v: len(at) for v, at in of.items()})
                for name, of in self.values.items()
            },
            _bucket_counts(Counter(k for b in self.buckets for k in b)),
            len(self.fast),
        )

    def replace(self, changed: list[tuple[int, Hit, Hit]]) -> None:
        """Update the index for hits replaced in place in `self.hits`: (position, old, new)
        of the same product, only facet values and signals changed. The result equals an
        index built from the new list (tested), at the cost of the changes, not of the list."""
        for i, old, new in changed:
            for name in FACETS:
                for value in _values(old, name):
                    at = self.values[name].get(value)
                    if at is not None:
                        at.discard(i)
                        if not at:
                            del self.values[name][value]
                for value in _values(new, name):
                    self.values[name].setdefault(value, set()).add(i)
            self.buckets[i] = _buckets(new)
            if ships_fast(new):
                self.fast.add(i)
            else:
                self.fast.discard(i)
            if old.price_min != new.price_min:
                _reposition(self.by_min, self.mins, i, old.price_min, new.price_min)
            if old.price_max != new.price_max:
                _reposition(self.by_max, self.maxes, i, old.price_max, new.price_max)
        if changed:
            self.totals = self._totals()

    def covers(self, hits: list[Hit]) -> bool:
        return len(hits) == len(self.hits) and hits == self.hits  # `is` per item: fast

    def _any(self, name: str, codes: frozenset[str]) -> set[int]:
        return set().union(*(self.values[name].get(c, ()) for c in codes))

    def _all(self, name: str, codes: frozenset[str]) -> set[int]:
        return _meet([self.values[name].get(c, set()) for c in codes])

    def passing(self, f: Filters) -> dict[str, set[int]]:
        """Per filter set in `f` ("price" included), the positions of the hits it lets through."""
        out: dict[str, set[int]] = {}
        if f.brand:
            out["brand"] = self._any("brand", f.brand)
        if f.origin:
            out["origin"] = self._any("origin", f.origin)
        if f.tag:
            out["tag"] = self._all("tag", f.tag)
        if f.cert:
            out["cert"] = self._all("cert", f.cert)
        if f.category is not None:
            out["category"] = self.values["category"].get(f.category, set())
        if f.price_min is not None or f.price_max is not None:
            ranges = []
            if f.price_min is not None:  # price_max >= price_min of the filter
                ranges.append(set(self.by_max[bisect_left(self.maxes, f.price_min) :]))
            if f.price_max is not None:  # price_min <= its price_max
                ranges.append(set(self.by_min[: bisect_right(self.mins, f.price_max)]))
            out["price"] = _meet(ranges)
        if f.ships_24h:
            out["ships_24h"] = self.fast
        return out

    def matching(self, f: Filters) -> list[Hit]:
        """The hits matching every filter of `f`, in order."""
        passing = self.passing(f)
        keep = _meet(list(passing.values()))
        return list(self.hits) if keep is None else [self.hits[i] for i in sorted(keep)]

    def counts(self, f: Filters) -> FacetCounts:
        passing = self.passing(f)
        out = FacetCounts({name: Counter() for name in FACETS})
        for name in FACETS:
            base = _meet([p for other, p in passing.items() if other != name])
            if base is None:
                out.values[name] = Counter(self.totals.values[name])
            elif name in ("brand", "origin"):
                out.values[name] = Counter(getattr(self.hits[i], name) for i in base)
            else:
                _count(out.values[name], name, [self.hits[i] for i in base])
        base = _meet([p for other, p in passing.items() if other != "price"])
        if base is None:
            out.prices = list(self.totals.prices)
        else:
            out.prices = _bucket_counts(Counter(k for i in base for k in self.buckets[i]))
        base = _meet([p for other, p in passing.items() if other != "ships_24h"])
        out.ships_24h = len(self.fast) if base is None else len(self.fast & base)
        return out


def matching(hits: list[Hit], f: Filters) -> list[Hit]:
    """The hits matching every filter, in order: `[h for h in hits if matches(h, f)]`, by the
    index when `hits` is an indexed HitList (every document)."""
    index = hits.indexed() if isinstance(hits, HitList) else None
    if index is not None:
        return index.matching(f)
    return [h for h in hits if matches(h, f)]


def facet_counts(hits: list[Hit], f: Filters) -> FacetCounts:
    """Each facet counts the hits matching every filter but its own (`matches(hit, f,
    skip=facet)`). By the index for an indexed HitList (every document); else in one pass: a
    hit failing no filter counts in every facet, one failing one filter only in that filter's
    facet, one failing several nowhere."""
    index = hits.indexed() if isinstance(hits, HitList) else None
    if index is not None:
        return index.counts(f)
    every: list[Hit] = []  # fail nothing
    only: dict[str, list[Hit]] = {name: [] for name in (*FACETS, "price", "ships_24h")}
    for hit in hits:
        failed = _failed(hit, f)
        if failed == "":
            every.append(hit)
        elif failed is not None:
            only[failed].append(hit)
    out = FacetCounts({name: Counter() for name in FACETS})
    for name in FACETS:
        _count(out.values[name], name, every)
        _count(out.values[name], name, only[name])
    priced = every + only["price"]
    out.prices = []
    for low, high in PRICE_BUCKETS:
        top = _below(high)  # the bucket overlaps [price_min, price_max]
        n = sum(1 for h in priced if h.price_max >= low and (top is None or h.price_min <= top))
        out.prices.append((low, high, n))
    out.ships_24h = sum(1 for h in every + only["ships_24h"] if ships_fast(h))
    return out


def _newest_key(hit: Hit) -> float:
    return -(hit.published_at.timestamp() if hit.published_at else -math.inf)


SORT_KEYS = {
    "popular": lambda h: (-h.sales_count, _newest_key(h), h.product_id),
    "newest": lambda h: (_newest_key(h), -h.product_id),
    "price_asc": lambda h: (h.price_min, h.product_id),
    "price_desc": lambda h: (-h.price_max, -h.product_id),
}
