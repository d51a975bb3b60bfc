"""The index document of a product (pure: reads the values and objects passed in)."""

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from freeport.kernel.countries import COUNTRIES

from . import analysis
from .text import fold


def _join(parts) -> str:
    return " ".join(p for p in parts if p)


TEXT = ("title_text", "facet_text", "pinyin_text", "body_text", "title_zh", "names_text")
PRODUCT_VALUES = (
    "title_zh", "title_en", "description_zh", "description_en", "ingredients_zh",
    "ingredients_en", "origin_country", "price_min", "price_max", "sales_count", "published_at",
)  # fmt: skip


class Name(NamedTuple):
    """A brand, category, tag or certification: its code (slug) and names."""

    code: str
    name_zh: str
    name_en: str


def document_source(
    product: Mapping[str, Any],
    *,
    brand: Name,
    category: Name,
    root: Name,
    tags: Sequence[Name],
    certs: Sequence[Name],
    variants: Sequence[str],
    in_stock: bool,
    dispatch_hours: int | None = None,
    rating: tuple[int, int] = (0, 0),
) -> dict:
    """What a product's document is made of: its texts before analysis, and the facet and
    signal values. `product` holds the PRODUCT_VALUES; `variants` the names (zh, en) of its
    active SKUs; `root` its category's parent, or the category; `dispatch_hours` the fastest
    promise of the bonded warehouses holding sellable stock of them (None: none known). Plain
    strings and values, cheap to send to another process (a rebuild analyses in worker
    processes). `rating`: (visible reviews, their stars added up)."""
    country = COUNTRIES.get(product["origin_country"], ("", ""))
    title_zh = _join([product["title_zh"], brand.name_zh])
    title_text = _join([title_zh, product["title_en"], brand.name_en])
    facet_names = [
        category.name_zh, category.name_en, root.name_zh, root.name_en, *country,
        *(n for t in tags for n in (t.name_zh, t.name_en)),
        *(n for c in certs for n in (c.name_zh, c.name_en)),
    ]  # fmt: skip
    body = [product["ingredients_zh"], product["ingredients_en"], *variants,
            product["description_zh"], product["description_en"]]  # fmt: skip
    return {
        "title_text": title_text,
        "facet_text": _join(facet_names),
        "pinyin_text": _join([title_zh, category.name_zh]),
        "body_text": _join(body),
        "title_zh": title_zh,
        "names_text": _join([title_text, root.name_zh, category.name_zh]),
        "brand": brand.code,
        "category": category.code,
        "category_root": root.code,
        "origin": product["origin_country"],
        "tags": sorted(t.code for t in tags),
        "certs": sorted(c.code for c in certs),
        "price_min": product["price_min"],
        "price_max": product["price_max"],
        "sales_count": product["sales_count"],
        "published_at": product["published_at"],
        "in_stock": in_stock,
        "dispatch_hours": dispatch_hours,
        "rating_count": rating[0],
        "rating_stars": rating[1],
    }


def document_from_source(source: dict) -> dict:
    """Field values of the SearchDocument made of `source` (see document_source): the analysis,
    where indexing spends its time."""
    return {
        "title": _join(analysis.terms(source["title_text"])),
        "facets": _join(analysis.terms(source["facet_text"])),
        "pinyin": _join(analysis.pinyin_terms(source["pinyin_text"])),
        "body": _join(
            [*analysis.terms(source["body_text"]), *analysis.cjk_bigrams(source["title_zh"])]
        ),
        "names": fold(source["names_text"]),
        **{k: v for k, v in source.items() if k not in TEXT},
    }


def document_fields(
    product, *, in_stock: bool, dispatch_hours: int | None = None, rating=(0, 0)
) -> dict:
    """Field values of the SearchDocument of `product` (brand, category with parent, tags,
    certifications and active SKUs loaded by the caller)."""
    category = product.category
    source = document_source(
        {name: getattr(product, name) for name in PRODUCT_VALUES},
        brand=Name(product.brand.slug, product.brand.name_zh, product.brand.name_en),
        category=_name(category),
        root=_name(category.parent or category),
        tags=[Name(t.code, t.name_zh, t.name_en) for t in product.tags.all()],
        certs=[Name(c.code, c.name_zh, c.name_en) for c in product.certifications.all()],
        variants=[n for s in product.skus.all() for n in (s.variant_zh, s.variant_en)],
        in_stock=in_stock,
        dispatch_hours=dispatch_hours,
        rating=rating,
    )
    return document_from_source(source)


def _name(category) -> Name:
    return Name(category.slug, category.name_zh, category.name_en)
