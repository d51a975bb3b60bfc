"""Search API: GET /search (results, facets, did-you-mean) and GET /search/suggest."""

from ninja import Query, Router, Schema
from pydantic import Field

from freeport.catalog.api import _card as product_card
from freeport.catalog.schemas import ProductCardOut

from . import autocomplete, presenters, selectors, services
from .query import MAX_QUERY, SearchQuery, counts_as_search

router = Router(tags=["search"])
POPULAR_LIMIT = 5  # popular queries in a suggest answer


class FacetValueOut(Schema):
    code: str
    name_zh: str
    name_en: str
    count: int
    selected: bool


class PriceBucketOut(Schema):
    min: str
    max: str | None
    count: int
    selected: bool


class ShipsFastOut(Schema):
    hours: int = Field(description="The promise of the filter: ships within this many hours")
    count: int = Field(
        description="Results that ship within `hours` (the other selected filters applied)"
    )
    selected: bool = Field(description="Whether ships_24h=1 was given")


class FacetsOut(Schema):
    brand: list[FacetValueOut]
    origin: list[FacetValueOut]
    tag: list[FacetValueOut]
    cert: list[FacetValueOut]
    category: list[FacetValueOut]
    price: list[PriceBucketOut]
    ships_24h: ShipsFastOut = Field(
        description="Products whose fastest dispatch promise (bonded warehouses holding "
        "sellable stock) is 24 h or less; filter with ships_24h=1"
    )


class UnderstoodOut(Schema):
    facet: str
    code: str
    text: str
    name_zh: str
    name_en: str


class SearchOut(Schema):
    q: str
    total: int
    page: int
    page_size: int
    pages: int
    sort: str
    items: list[ProductCardOut]
    facets: FacetsOut
    understood: list[UnderstoodOut]
    did_you_mean: str | None
    relaxed: bool
    partial_from: int | None


class SuggestionOut(Schema):
    kind: str
    code: str
    text_zh: str
    text_en: str
    url: str


class PopularQueryOut(Schema):
    query: str = Field(description="A query shoppers often run, as searched (folded)")
    url: str = Field(description="Its search page: /search/?q=...")


class SuggestOut(Schema):
    q: str
    suggestions: list[SuggestionOut]
    popular: list[PopularQueryOut] = Field(
        description="Popular queries starting with the text (or its pinyin, initials), most "
        "searched first; at most 5"
    )


class SuggestQuery(Schema):
    q: str = Field(max_length=MAX_QUERY)
    limit: int = Field(default=8, ge=1, le=20)


@router.get("/search", response=SearchOut, summary="Search public products")
def search(request, filters: Query[SearchQuery]):
    result = services.search(filters, log=counts_as_search(filters))
    vocab = selectors.current_vocabulary()
    return {
        "q": filters.q,
        "total": result.total,
        "page": result.page,
        "page_size": filters.page_size,
        "pages": result.pages,
        "sort": filters.sort,
        "items": [product_card(p) for p in result.products],
        "facets": {
            **presenters.facet_values(result, vocab),
            "ships_24h": presenters.ships_fast(result),
        },
        "understood": presenters.understood(result, vocab),
        "did_you_mean": result.did_you_mean,
        "relaxed": result.relaxed,
        "partial_from": result.partial_from,
    }


@router.get("/search/suggest", response=SuggestOut, summary="Autocomplete suggestions")
def suggest(request, filters: Query[SuggestQuery]):
    popular = selectors.popular_queries(filters.q, limit=min(POPULAR_LIMIT, filters.limit))
    return {
        "q": filters.q,
        "suggestions": services.suggest(filters.q, limit=filters.limit),
        "popular": [{"query": p, "url": autocomplete.popular_url(p)} for p in popular],
    }
