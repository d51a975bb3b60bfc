"""Catalog reads."""

from django.db.models import OuterRef, Prefetch, Q, Subquery

from . import listing
from .models import (
    SKU,
    AttributeTag,
    Brand,
    Category,
    Certification,
    Merchant,
    Product,
    TaxProfile,
)
from .query import ProductQuery
from .rows import Reference


def reference_index() -> Reference:
    """Everything the row validator needs to know about existing data, in a few queries."""
    categories = list(Category.objects.values_list("id", "slug", "parent_id"))
    by_id = {cid: (slug, parent) for cid, slug, parent in categories}

    def root_of(cid):
        slug, parent = by_id[cid]
        return root_of(parent) if parent else slug

    parents = {parent for _, _, parent in categories if parent}
    return Reference(
        merchants=set(Merchant.objects.filter(is_active=True).values_list("code", flat=True)),
        brands=dict(Brand.objects.values_list("slug", "merchant__code")),
        categories={slug: root_of(cid) for cid, slug, _ in categories},
        leaf_categories={slug for cid, slug, _ in categories if cid not in parents},
        tax_profiles=dict(TaxProfile.objects.values_list("hs_code", "positive_list")),
        certifications=set(Certification.objects.values_list("code", flat=True)),
        tags=set(AttributeTag.objects.values_list("code", flat=True)),
    )


def public_products():
    return Product.objects.filter(status=listing.APPROVED, positive_list=True)


def category_tree() -> list[Category]:
    """Root categories with their children, in two queries."""
    return list(
        Category.objects.filter(parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=Category.objects.order_by("position", "slug"))
        )
    )


def category_with_descendants(slug: str) -> list[int]:
    cat = Category.objects.filter(slug=slug).values_list("id", flat=True).first()
    if cat is None:
        return []
    return [cat, *Category.objects.filter(parent_id=cat).values_list("id", flat=True)]


SORTS = {
    "popular": ["-sales_count", "-published_at", "id"],
    "newest": ["-published_at", "-id"],
    "price_asc": ["price_min", "id"],
    "price_desc": ["-price_max", "-id"],
}


def _in_category(qs, query: ProductQuery, category_ids):
    """Narrow to query.category and its subcategories; ids the caller already knows save a query."""
    if not query.category:
        return qs
    if category_ids is None:
        category_ids = category_with_descendants(query.category)
    return qs.filter(category_id__in=list(category_ids))


def product_listing(query: ProductQuery, *, category_ids=None):
    """Public products matching the filters, ordered; related rows fetched once per page.

    category_ids: the ids of query.category and its subcategories when the caller has them
    (the storefront loads them for its navigation anyway); looked up from the slug otherwise.
    """
    qs = _in_category(public_products(), query, category_ids)
    if query.brand:
        qs = qs.filter(brand__slug__in=query.brand)
    if query.origin:
        qs = qs.filter(origin_country__in=query.origin)
    if query.price_min is not None:
        qs = qs.filter(price_max__gte=query.price_min)
    if query.price_max is not None:
        qs = qs.filter(price_min__lte=query.price_max)
    # Each selected tag / certification must be present (AND), as shoppers expect of filters.
    for code in query.tag:
        qs = qs.filter(tags__code=code)
    for code in query.cert:
        qs = qs.filter(certifications__code=code)
    return qs.select_related("brand", "category").order_by(*SORTS[query.sort])


def with_card_relations(products):
    return products.prefetch_related("tags", "certifications")


def with_unit_inputs(products):
    """The tax profile (joined) and the net content of the cheapest and dearest active SKU
    (subqueries in the same statement), so cards are priced without a query per card."""
    active = SKU.objects.filter(product_id=OuterRef("pk"), is_active=True)
    cheapest = active.order_by("price", "id")
    dearest = active.order_by("-price", "-id")
    return products.select_related("tax_profile").annotate(
        cheapest_content_value=Subquery(cheapest.values("net_content_value")[:1]),
        cheapest_content_unit=Subquery(cheapest.values("net_content_unit")[:1]),
        dearest_content_value=Subquery(dearest.values("net_content_value")[:1]),
        dearest_content_unit=Subquery(dearest.values("net_content_unit")[:1]),
    )


def facet_options(query: ProductQuery, *, category_ids=None) -> dict:
    """Values shoppers can filter by within the current category (category_ids as above)."""
    base = _in_category(public_products(), query, category_ids)
    brand_ids = base.values("brand_id")
    return {
        "brands": list(Brand.objects.filter(id__in=brand_ids).order_by("name_en")),
        "origins": sorted(set(base.values_list("origin_country", flat=True))),
        "tags": list(AttributeTag.objects.filter(products__in=base).distinct()),
        "certs": list(Certification.objects.filter(products__in=base).distinct()),
    }


def product_detail(*, product_id: int | None = None, sku_code: str | None = None):
    """A public product with everything its page shows; None if absent or not public."""
    qs = public_products().select_related("brand", "category__parent", "tax_profile", "merchant")
    qs = qs.prefetch_related(
        "tags",
        "certifications",
        Prefetch("skus", queryset=SKU.objects.filter(is_active=True).order_by("price", "id")),
    )
    if product_id is not None:
        return qs.filter(id=product_id).first()
    if sku_code is not None:
        return qs.filter(Q(skus__code=sku_code)).first()
    return None
