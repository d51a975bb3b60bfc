"""The search query model (pure): the listing's ProductQuery plus the text and relevance sort."""

from typing import Literal

from pydantic import Field, field_validator

from freeport.catalog.query import ProductQuery, from_querydict

SearchSort = Literal["relevance", "popular", "newest", "price_asc", "price_desc"]
MAX_QUERY = 100


class SearchQuery(ProductQuery):
    q: str = Field(default="", max_length=MAX_QUERY)
    sort: SearchSort = "relevance"
    # True: take every word as text; no word is turned into a filter.
    literal: bool = False

    @field_validator("q")
    @classmethod
    def _clean(cls, value: str) -> str:
        return " ".join(value.split())


def search_querydict(data, page_size: int) -> dict:
    out = from_querydict(data, page_size)
    q = data.get("q", "")
    if q.strip():
        out["q"] = q
    if data.get("literal", "").strip():
        out["literal"] = data.get("literal").strip()
    return out
