"""The index document of a product (pure: reads the attributes of objects passed in)."""

from freeport.kernel.countries import COUNTRIES

from . import analysis
from .text import fold


def _join(parts) -> str:
    return " ".join(p for p in parts if p)


def document_fields(product, *, in_stock: bool) -> dict:
    """Field values of the SearchDocument of `product` (brand, category with parent, tags,
    certifications and active SKUs loaded by the caller)."""
    brand, category = product.brand, product.category
    root = category.parent or category
    tags, certs = list(product.tags.all()), list(product.certifications.all())
    country = COUNTRIES.get(product.origin_country, ("", ""))
    variants = [n for s in product.skus.all() for n in (s.variant_zh, s.variant_en)]
    title_zh = _join([product.title_zh, brand.name_zh])
    title_text = _join([title_zh, product.title_en, brand.name_en])
    facet_names = [
        category.name_zh, category.name_en, root.name_zh, root.name_en, *country,
        *(n for t in tags for n in (t.name_zh, t.name_en)),
        *(n for c in certs for n in (c.name_zh, c.name_en)),
    ]  # fmt: skip
    body = [product.ingredients_zh, product.ingredients_en, *variants,
            product.description_zh, product.description_en]  # fmt: skip
    return {
        "title": _join(analysis.terms(title_text)),
        "facets": _join(analysis.terms(_join(facet_names))),
        "pinyin": _join(analysis.pinyin_terms(_join([title_zh, category.name_zh]))),
        "body": _join([*analysis.terms(_join(body)), *analysis.cjk_bigrams(title_zh)]),
        "names": fold(_join([title_text, root.name_zh, category.name_zh])),
        "brand": brand.slug,
        "category": category.slug,
        "category_root": root.slug,
        "origin": product.origin_country,
        "tags": sorted(t.code for t in tags),
        "certs": sorted(c.code for c in certs),
        "price_min": product.price_min,
        "price_max": product.price_max,
        "sales_count": product.sales_count,
        "published_at": product.published_at,
        "in_stock": in_stock,
    }
