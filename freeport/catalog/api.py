"""Catalog API: products (list, detail by id or SKU code), categories, brands."""

from django.core.paginator import Paginator
from django.http import Http404
from ninja import Query, Router

from freeport.inventory.selectors import sellable_quantity, stock_by_warehouse

from . import selectors
from .models import Brand, Product
from .query import ProductQuery
from .schemas import BrandOut, CategoryOut, PageOut, ProductDetailOut
from .stages import cn_stage_for

router = Router(tags=["catalog"])


def _money(value) -> str:
    return f"{value:.2f}"


def _card(p: Product) -> dict:
    return {
        "id": p.id,
        "code": p.code,
        "merchant": p.merchant.code,
        "title_zh": p.title_zh,
        "title_en": p.title_en,
        "brand": p.brand,
        "category": p.category.slug,
        "origin_country": p.origin_country,
        "price_min": _money(p.price_min),
        "price_max": _money(p.price_max),
        "tags": [t.code for t in p.tags.all()],
        "certifications": [c.code for c in p.certifications.all()],
        "url": f"/p/{p.id}/",
        "image_url": f"/img/product/{p.id}.svg",
    }


@router.get("/products", response=PageOut, summary="List public products")
def product_list(request, filters: Query[ProductQuery]):
    qs = selectors.with_card_relations(selectors.product_listing(filters)).select_related(
        "merchant"
    )
    paginator = Paginator(qs, filters.page_size)
    if filters.page > max(paginator.num_pages, 1):
        page_items = []
    else:
        page_items = list(paginator.page(filters.page).object_list)
    return {
        "count": paginator.count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": paginator.num_pages if paginator.count else 0,
        "results": [_card(p) for p in page_items],
    }


def _detail(p: Product) -> dict:
    skus = list(p.skus.all())
    available = sellable_quantity([s.id for s in skus])
    stage = None
    if p.age_min_months is not None:
        cn = cn_stage_for(p.age_min_months, p.age_max_months)
        stage = {
            "age_min_months": p.age_min_months,
            "age_max_months": p.age_max_months,
            "label": p.stage_label,
            "cn_stage": cn.stage if cn else None,
            "cn_standard": cn.standard if cn else None,
        }
    tp = p.tax_profile
    return {
        **_card(p),
        "description_zh": p.description_zh,
        "description_en": p.description_en,
        "record_number": p.record_number,
        "positive_list": p.positive_list,
        "tax_profile": {
            "hs_code": tp.hs_code,
            "vat_rate": f"{tp.vat_rate:.2f}",
            "consumption_tax": tp.ct_kind,
        },
        "ingredients_zh": p.ingredients_zh,
        "ingredients_en": p.ingredients_en,
        "shelf_life_days": p.shelf_life_days,
        "stage": stage,
        "size_guide": p.size_guide,
        "tags_detail": list(p.tags.all()),
        "certifications_detail": list(p.certifications.all()),
        "skus": [
            {
                "code": s.code,
                "gtin": s.gtin,
                "variant_zh": s.variant_zh,
                "variant_en": s.variant_en,
                "price": _money(s.price),
                "net_content": {
                    "value": f"{s.net_content_value.normalize():f}",
                    "unit": s.net_content_unit,
                },
                "gross_weight_kg": f"{s.gross_weight_kg:.3f}",
                "net_weight_kg": f"{s.net_weight_kg:.3f}",
                "available": available.get(s.id, 0),
            }
            for s in skus
        ],  # fmt: skip
        "stock": [
            {
                "warehouse": row["warehouse"].code,
                "name_zh": row["warehouse"].name_zh,
                "name_en": row["warehouse"].name_en,
                "kind": row["warehouse"].kind,
                "available": row["available"],
            }
            for row in stock_by_warehouse([s.id for s in skus])
        ],
    }


@router.get(
    "/products/by-sku/{code}", response=ProductDetailOut, summary="Product detail by SKU code"
)
def product_by_sku(request, code: str):
    product = selectors.product_detail(sku_code=code)
    if product is None:
        raise Http404(f"No public product has SKU {code!r}")
    return _detail(product)


@router.get(
    "/products/{key}",
    response=ProductDetailOut,
    summary="Product detail by id, or by SKU code when the key is not a product id",
)
def product_detail(request, key: str):
    product = None
    if key.isdigit() and len(key) < 19:
        product = selectors.product_detail(product_id=int(key))
    if product is None:
        product = selectors.product_detail(sku_code=key)
    if product is None:
        raise Http404(f"No public product with id or SKU code {key!r}")
    return _detail(product)


@router.get("/categories", response=list[CategoryOut], summary="Category tree")
def category_list(request):
    return [
        {
            "slug": root.slug,
            "name_zh": root.name_zh,
            "name_en": root.name_en,
            "children": [
                {"slug": c.slug, "name_zh": c.name_zh, "name_en": c.name_en, "children": []}
                for c in root.children.all()
            ],
        }
        for root in selectors.category_tree()
    ]


@router.get("/brands", response=list[BrandOut], summary="Brands with public products")
def brand_list(request):
    return Brand.objects.filter(products__in=selectors.public_products()).distinct()
