"""The storefront search page (/search/): results, facets as a plain GET form, did-you-mean."""

import re
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from freeport.catalog.query import SLUG
from freeport.kernel.i18n import is_english
from freeport.storefront.filters import parse_listing_query, query_string

from . import presenters, selectors, services
from .query import MAX_QUERY, SearchQuery, counts_as_search
from .text import fold

SORTS = ("relevance", "popular", "newest", "price_asc", "price_desc", "rating")
ON, OFF = ("1", "true", "on", "yes"), ("", "0", "false", "off", "no")  # ships_24h


def _parse(params):
    """SearchQuery from request.GET: bad filters are dropped with a message, never a 500."""
    data = params.copy()
    data.pop("sort", None)  # "relevance" is a search-only sort, checked below
    category = params.get("category", "").strip()
    parsed = parse_listing_query(
        data, category=category if re.fullmatch(SLUG, category) else None,
        page_size=settings.CATALOG_PAGE_SIZE,
    )  # fmt: skip
    errors = dict(parsed.errors)
    sort = params.get("sort", "relevance").strip() or "relevance"
    if sort not in SORTS:
        errors["sort"] = _("Unknown sort order; showing the best matches first.")
        sort = "relevance"
    q = " ".join(params.get("q", "").split())
    if len(q) > MAX_QUERY:
        errors["q"] = _("The search text was shortened to %(n)d characters.") % {"n": MAX_QUERY}
        q = q[:MAX_QUERY]
    literal = params.get("literal", "") in ("1", "true", "on")
    ships_24h = params.get("ships_24h", "").strip().lower()
    if ships_24h not in ON + OFF:
        errors["ships_24h"] = _("Unknown value for “ships within 24 h”; it was not applied.")
        parsed.invalid.add("ships_24h")
    fields = parsed.query.model_dump()
    query = SearchQuery(
        **{**fields, "q": q, "sort": sort, "literal": literal, "ships_24h": ships_24h in ON}
    )
    return query, errors, parsed


def _url(query: SearchQuery, page: int | None = None) -> str:
    """This search with only the validated parameters (bad input does not follow the shopper)."""
    head = [("q", query.q), ("category", query.category or ""), ("literal", "1" * query.literal),
            ("ships_24h", "1" * query.ships_24h)]  # fmt: skip
    parts = [urlencode([(k, v) for k, v in head if v]), query_string(query, page=page)]
    return "?" + "&".join(p for p in parts if p)


def _without(q: str, text: str) -> str:
    return " ".join(fold(q).replace(text, " ", 1).split())


@require_GET
def results(request):
    query, errors, parsed = _parse(request.GET)
    # Counted once per search a shopper runs: not for later pages, refinements, or requests
    # made by scripts for a fragment (htmx).
    log = counts_as_search(query) and request.headers.get("HX-Request") != "true"
    result = services.search(query, log=log)
    if result.pages and query.page > result.pages:
        errors["page"] = _("There is no page %(page)d; showing the last page.") % {
            "page": query.page
        }
        query = query.model_copy(update={"page": result.pages})
        result = services.search(query, log=False)
    vocab = selectors.current_vocabulary()
    english = is_english()
    facets = presenters.facet_values(result, vocab)
    understood = [
        {**u, "name": u["name_en"] if english else u["name_zh"],
         "remove_url": "?" + urlencode({"q": _without(query.q, u["text"])})}
        for u in presenters.understood(result, vocab)
    ]  # fmt: skip
    from_text = {(u["facet"], u["code"]) for u in understood}
    for facet, rows in facets.items():
        for row in rows:
            row["name"] = row.get("name_en" if english else "name_zh", "")
            row["from_text"] = (facet, row.get("code")) in from_text
            row["id"] = f"f-{facet}-{row.get('code') or row.get('min')}"
    for bucket in facets["price"]:
        low, high = Decimal(bucket["min"]), bucket["max"] and Decimal(bucket["max"])
        bucket["url"] = _url(query.model_copy(update={"price_min": low, "price_max": high}))
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "result": result,
            "facets": facets,
            "ships_fast": {
                **presenters.ships_fast(result),
                "from_text": ("ships_24h", "1") in from_text,
            },
            "understood": understood,
            "errors": errors,
            "invalid": parsed.invalid,
            "raw": {k: request.GET.get(k, "")[:40] for k in ("price_min", "price_max")},
            "did_you_mean_url": "?" + urlencode({"q": result.did_you_mean})
            if result.did_you_mean
            else None,
            "prev_url": _url(query, page=query.page - 1 if query.page > 2 else None)
            if query.page > 1
            else None,
            "next_url": _url(query, page=query.page + 1) if query.page < result.pages else None,
            "literal_url": "?" + urlencode({"q": query.q, "literal": 1}) if understood else None,
        },
    )
