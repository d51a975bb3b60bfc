"""Listing query (pure): the filters, sort and page shared by the storefront and the API.

One pydantic model validates both, so a bad parameter is refused the same way everywhere:
the storefront shows the message next to the filter, the API answers 422 naming the field.
"""

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from freeport.kernel.countries import COUNTRIES

Sort = Literal["popular", "newest", "price_asc", "price_desc"]
SLUG = r"^[a-z0-9-]{1,60}$"


class ProductQuery(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    category: str | None = Field(default=None, pattern=SLUG)
    brand: list[str] = Field(default_factory=list, max_length=50)
    origin: list[str] = Field(default_factory=list, max_length=50)
    tag: list[str] = Field(default_factory=list, max_length=20)
    cert: list[str] = Field(default_factory=list, max_length=20)
    price_min: Decimal | None = Field(default=None, ge=0, le=1_000_000, decimal_places=2)
    price_max: Decimal | None = Field(default=None, ge=0, le=1_000_000, decimal_places=2)
    sort: Sort = "popular"
    page: int = Field(default=1, ge=1, le=10_000)
    page_size: int = Field(default=24, ge=1, le=100)

    @field_validator("brand", "tag", "cert")
    @classmethod
    def _slugs(cls, values: list[str]) -> list[str]:
        for v in values:
            if not re.fullmatch(SLUG, v):
                raise ValueError(f"not a valid code: {v!r}")
        return sorted(set(values))

    @field_validator("origin")
    @classmethod
    def _countries(cls, values: list[str]) -> list[str]:
        upper = sorted({v.upper() for v in values})
        unknown = [v for v in upper if v not in COUNTRIES]
        if unknown:
            raise ValueError(f"unknown country code: {', '.join(unknown)}")
        return upper

    @field_validator("price_max")
    @classmethod
    def _range(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        low = info.data.get("price_min")
        if value is not None and low is not None and low > value:
            raise ValueError("price_max must not be below price_min")
        return value


def from_querydict(data, page_size: int) -> dict:
    """Turn a Django QueryDict into ProductQuery input; empty values mean 'not set'."""
    out: dict = {"page_size": page_size}
    for key in ("category", "price_min", "price_max", "sort", "page"):
        value = data.get(key, "").strip()
        if value:
            out[key] = value
    for key in ("brand", "origin", "tag", "cert"):
        values = [v.strip() for v in data.getlist(key) if v.strip()]
        if values:
            out[key] = values
    return out
