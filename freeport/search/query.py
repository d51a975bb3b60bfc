"""The search query model (pure): the listing's ProductQuery plus the text and relevance sort."""

from typing import Literal

from pydantic import Field, field_validator

from freeport.catalog.query import ProductQuery, from_querydict

SearchSort = Literal["relevance", "popular", "newest", "price_asc", "price_desc", "rating"]
MAX_QUERY = 100


class SearchQuery(ProductQuery):
    q: str = Field(default="", max_length=MAX_QUERY)
    sort: SearchSort = "relevance"
    # True: take every word as text; no word is turned into a filter.
    literal: bool = False
    # True: only products that ship within 24 h (facets.SHIPS_FAST_HOURS): the fastest promise
    # among the bonded warehouses holding sellable stock of them.
    ships_24h: bool = False

    @field_validator("q")
    @classmethod
    def _clean(cls, value: str) -> str:
        return " ".join(value.split())


def search_querydict(data, page_size: int) -> dict:
    out = from_querydict(data, page_size)
    q = data.get("q", "")
    if q.strip():
        out["q"] = q
    for flag in ("literal", "ships_24h"):
        if data.get(flag, "").strip():
            out[flag] = data.get(flag).strip()
    return out


def counts_as_search(query: SearchQuery) -> bool:
    """Whether running `query` is a new search by a shopper, for the popular-query and
    zero-result logs: text, first page, no filter or sort chosen. A later page, narrowing the
    results with the facets or sorting them is the same search again, not counted twice."""
    chosen = (
        query.brand or query.origin or query.tag or query.cert or query.category
        or query.price_min is not None or query.price_max is not None or query.ships_24h
    )  # fmt: skip
    return bool(query.q) and query.page == 1 and query.sort == "relevance" and not chosen
