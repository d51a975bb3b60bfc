"""Shapes of a search result shared by the API and the storefront (pure)."""

from decimal import Decimal

from .facets import FACETS, SHIPS_FAST_HOURS
from .services import SearchResult
from .vocabulary import Vocabulary


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def facet_values(result: SearchResult, vocab: Vocabulary) -> dict[str, list[dict]]:
    """Per facet, its values with counts (selected ones first, then by count and code); the
    price facet lists the buckets."""
    out: dict[str, list[dict]] = {}
    for facet in FACETS:
        counts = result.facets.values.get(facet, {})
        selected = _selected(result, facet)
        codes = set(counts) | selected
        rows = []
        for code in codes:
            zh, en = vocab.labels.get((facet, code), (code, code))
            rows.append({"code": code, "name_zh": zh, "name_en": en,
                         "count": counts.get(code, 0), "selected": code in selected})  # fmt: skip
        rows.sort(key=lambda r: (not r["selected"], -r["count"], r["code"]))
        out[facet] = rows
    f = result.filters
    out["price"] = [
        {
            "min": _money(low),
            "max": _money(high - Decimal("0.01")) if high is not None else None,
            "count": count,
            "selected": f.price_min == low
            and f.price_max == (high - Decimal("0.01") if high is not None else None),
        }
        for low, high, count in result.facets.prices
    ]
    return out


def ships_fast(result: SearchResult) -> dict:
    """The "ships within 24 h" facet: its hours, how many results it would keep (the other
    filters applied) and whether it is selected."""
    return {
        "hours": SHIPS_FAST_HOURS,
        "count": result.facets.ships_24h,
        "selected": result.filters.ships_24h,
    }


def _selected(result: SearchResult, facet: str) -> set[str]:
    value = getattr(result.filters, facet)
    if facet == "category":
        return {value} if value else set()
    return set(value)


def understood(result: SearchResult, vocab: Vocabulary) -> list[dict]:
    return [
        {"facet": facet, "code": code, "text": text,
         "name_zh": vocab.label(facet, code, False), "name_en": vocab.label(facet, code, True)}
        for facet, code, text in result.understood
    ]  # fmt: skip
