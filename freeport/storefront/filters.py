"""Listing filters for shopper pages: the API's ProductQuery, with friendly, localized errors.

The storefront never answers 500 to a bad filter. A value ProductQuery refuses is reported next
to its filter and dropped (the listing is then not filtered by it); valid values that came with
it in the same field are kept.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from pydantic import ValidationError

from freeport.catalog.query import SLUG, ProductQuery, from_querydict
from freeport.kernel.countries import COUNTRIES

LIST_FIELDS = ("brand", "origin", "tag", "cert")
MAX_VALUES = {"brand": 50, "origin": 50, "tag": 20, "cert": 20}


@dataclass
class ParsedQuery:
    query: ProductQuery
    errors: dict[str, str] = field(default_factory=dict)
    invalid: set[str] = field(default_factory=set)  # input names to mark aria-invalid

    @property
    def has_filters(self) -> bool:
        q = self.query
        return (
            bool(q.brand or q.origin or q.tag or q.cert)
            or q.price_min is not None
            or q.price_max is not None
        )


def _list_message(name: str) -> str:
    return {
        "brand": _("Some selected brands were not recognised and were ignored."),
        "tag": _("Some selected features were not recognised and were ignored."),
        "cert": _("Some selected certifications were not recognised and were ignored."),
    }[name]


def _repair_list(name: str, values: list[str]) -> tuple[list[str], str]:
    """Keep the valid values of a multi-value filter; return them and the message to show."""
    if len(values) > MAX_VALUES[name]:
        return [], _("Too many values were selected for this filter, so it was not applied.")
    if name == "origin":
        unknown = sorted({v for v in values if v.upper() not in COUNTRIES})
        kept = [v for v in values if v.upper() in COUNTRIES]
        message = _("Unknown country of origin code: %(codes)s. It was ignored.") % {
            "codes": ", ".join(unknown)
        }
        return kept, message
    kept = [v for v in values if re.fullmatch(SLUG, v)]
    return kept, _list_message(name)


def _price_message(name: str) -> str:
    if name == "price_min":
        return _(
            "Minimum price: enter an amount in yuan such as 100 or 99.50 (0 to 1,000,000). "
            "The minimum price was not applied."
        )
    return _(
        "Maximum price: enter an amount in yuan such as 500 or 499.90 (0 to 1,000,000). "
        "The maximum price was not applied."
    )


def _inverted_range(data: dict) -> bool:
    """Both prices are numbers but the minimum is above the maximum."""
    try:
        return Decimal(data["price_min"]) > Decimal(data["price_max"])
    except (KeyError, InvalidOperation, TypeError, ValueError):
        return False


def parse_listing_query(params, *, category: str | None, page_size: int) -> ParsedQuery:
    """Validate request.GET with ProductQuery; the category comes from the URL, not the query."""
    data = from_querydict(params, page_size)
    data.pop("category", None)
    if category:
        data["category"] = category
    errors: dict[str, str] = {}
    invalid: set[str] = set()
    for _attempt in range(len(data) + 2):
        try:
            return ParsedQuery(ProductQuery(**data), errors, invalid)
        except ValidationError as exc:
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else "__range__"
                invalid.add(name)
                if name in LIST_FIELDS:
                    kept, message = _repair_list(name, data.get(name, []))
                    errors[name] = message
                    if kept and kept != data.get(name):
                        data[name] = kept
                    else:
                        data.pop(name, None)
                elif name in ("price_min", "price_max", "__range__") and _inverted_range(data):
                    errors["price"] = _(
                        "The minimum price is higher than the maximum price, "
                        "so the price filter was not applied."
                    )
                    data.pop("price_min", None)
                    data.pop("price_max", None)
                    invalid.update({"price_min", "price_max"})
                elif name in ("price_min", "price_max"):
                    message = _price_message(name)
                    if message not in errors.get("price", ""):
                        errors["price"] = f"{errors.get('price', '')} {message}".strip()
                    data.pop(name, None)
                elif name == "sort":
                    errors["sort"] = _("Unknown sort order; showing the most popular first.")
                    data.pop("sort", None)
                elif name == "page":
                    errors["page"] = _("There is no such page; showing the first page.")
                    data.pop("page", None)
                else:  # category (URL slugs are already checked) or anything new
                    data.pop(name, None)
    try:
        return ParsedQuery(ProductQuery(page_size=page_size, category=category), errors, invalid)
    except ValidationError:
        return ParsedQuery(ProductQuery(page_size=page_size), errors, invalid)


def query_string(query: ProductQuery, **overrides) -> str:
    """The validated filters as a query string (bad input is not carried into links)."""
    params: list[tuple[str, str]] = []
    for name in LIST_FIELDS:
        params += [(name, v) for v in getattr(query, name)]
    for name in ("price_min", "price_max"):
        value = getattr(query, name)
        if value is not None:
            params.append((name, f"{value:f}"))
    if query.sort != "popular":
        params.append(("sort", query.sort))
    for key, value in overrides.items():
        params = [(k, v) for k, v in params if k != key]
        if value is not None:
            params.append((key, str(value)))
    return urlencode(params)
