"""Shopper pages: thin views that validate, call catalog / inventory selectors and render."""

import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from freeport.catalog import selectors as catalog
from freeport.catalog.models import Category
from freeport.catalog.query import ProductQuery
from freeport.checkout import fx
from freeport.customs import display
from freeport.inventory import selectors as inventory
from freeport.kernel.countries import country_name
from freeport.kernel.i18n import is_english
from freeport.reviews import selectors as reviews

from . import currency, presenters, pricing
from .filters import parse_listing_query, query_string
from .placeholder import product_svg

THEMES = ("light", "dark", "auto")
THEME_COOKIE_AGE = 365 * 24 * 3600
HOME_POPULAR = 8


def _cards(products):
    """What a card shows, in the page's queries: tags and certifications, the tax profile and
    net contents its tax-inclusive price needs, and its rating (reviews.ProductRating)."""
    return catalog.with_card_relations(pricing.with_unit_inputs(products)).select_related("rating")


@require_GET
def home(request):
    popular = _cards(catalog.product_listing(ProductQuery(sort="popular")))[:HOME_POPULAR]
    return render(
        request,
        "storefront/home.html",
        {"categories": catalog.category_tree(), "products": list(popular)},
    )


@require_GET
def category_listing(request, slug):
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    root = category.parent or category
    # One query for the root's subcategories (the navigation pills) and the category's own
    # children (what the listing includes, as catalog.category_with_descendants would find).
    children = list(
        Category.objects.filter(Q(parent_id=root.id) | Q(parent_id=category.id)).order_by(
            "position", "slug"
        )
    )
    subcategories = [c for c in children if c.parent_id == root.id]
    category_ids = [category.id, *(c.id for c in children if c.parent_id == category.id)]
    return _listing(
        request, category=category, root=root, subcategories=subcategories,
        category_ids=category_ids,
    )  # fmt: skip


@require_GET
def all_products(request):
    return _listing(request, category=None, root=None, subcategories=[], category_ids=None)


def _crumb(category) -> dict:
    return {"name": category.name(), "url": reverse("storefront:category", args=[category.slug])}


def _listing(request, *, category, root, subcategories, category_ids):
    parsed = parse_listing_query(
        request.GET, category=category.slug if category else None,
        page_size=settings.CATALOG_PAGE_SIZE,
    )  # fmt: skip
    query, errors = parsed.query, dict(parsed.errors)
    paginator = Paginator(
        _cards(catalog.product_listing(query, category_ids=category_ids)),
        query.page_size,
    )
    number = query.page
    if number > paginator.num_pages:
        errors["page"] = _("There is no page %(page)d; showing the last page.") % {"page": number}
        number = paginator.num_pages
    page = paginator.page(number)
    base = request.path
    facets = catalog.facet_options(query, category_ids=category_ids)
    if is_english():  # codes are in English alphabetical order only by chance (CH, CL, DE...)
        facets["origins"].sort(key=lambda code: country_name(code, "en"))

    def page_url(n):
        qs = query_string(query, page=n if n > 1 else None)
        return f"{base}?{qs}" if qs else base

    return render(
        request,
        "storefront/listing.html",
        {
            "category": category,
            "root": root,
            "subcategories": subcategories,
            "query": query,
            "errors": errors,
            "filter_errors": [m for k, m in errors.items() if k not in ("sort", "page")],
            "invalid": parsed.invalid,
            "has_filters": parsed.has_filters,
            "facets": facets,
            "page": page,
            "products": list(page.object_list),
            "prev_url": page_url(page.number - 1) if page.has_previous() else None,
            "next_url": page_url(page.number + 1) if page.has_next() else None,
            "clear_url": base,
            "raw": {k: request.GET.get(k, "")[:40] for k in ("price_min", "price_max")},
            "crumbs": [_crumb(root)] if category and root != category else [],
        },
    )


@require_GET
def product_page(request, product_id):
    product = catalog.product_detail(product_id=product_id)
    if product is None:
        raise Http404("No such product")
    skus = list(product.skus.all())
    sku_ids = [s.id for s in skus]
    sellable = inventory.sellable_quantity(sku_ids)
    quotes = [pricing.sku_quote(s, product.tax_profile) for s in skus]
    variants = [
        {
            "sku": s,
            "tax_inclusive": pricing.payable(q),
            "tax": display.breakdown(q) if q else None,
            "name": s.variant() or s.code,
            "content": presenters.content_with_conversions(s.net_content_value, s.net_content_unit),
            "available": sellable.get(s.id, 0) > 0,
            "names_content": presenters.variant_names_content(
                s.variant(), s.net_content_value, s.net_content_unit
            ),
        }
        for s, q in zip(skus, quotes, strict=True)
    ]
    # Net content in the compliance panel: once when every variant holds the same (colours of
    # one appliance), else per variant, named when the name adds something ("900克×3").
    contents = [v["content"] for v in variants]
    if len(set(contents)) == 1:
        net_contents = [(contents[0], "")]
    else:
        net_contents = [(v["content"], "" if v["names_content"] else v["name"]) for v in variants]
    return render(
        request,
        "storefront/product.html",
        {
            "product": product,
            "variants": variants,
            "net_contents": net_contents,
            "sold_out": bool(variants) and not any(v["available"] for v in variants),
            "prices": pricing.price_labels(
                product.price_min,
                product.price_max,
                quotes[0] if quotes else None,
                quotes[-1] if quotes else None,
            ),  # fmt: skip
            "shelf_life": presenters.shelf_life_text(product.shelf_life_days),
            "stage": presenters.stage_info(product),
            "stock": presenters.warehouse_stock(inventory.stock_by_warehouse(sku_ids)),
            "crumbs": [_crumb(c) for c in (product.category.parent, product.category) if c],
            "size_guide": presenters.size_guide_rows(product.size_guide),
            # Average, histogram and a page of the newest reviews (reviews app; one or two
            # queries): ?rpage= pages through them, ?reviewed= thanks the shopper who wrote one.
            "reviews": reviews.product_block(
                product.id, request.GET.get("rpage"), reviewed=request.GET.get("reviewed")
            ),
        },
    )


@require_GET
def product_image(request, product_id):
    product = get_object_or_404(
        catalog.public_products().select_related("brand", "category__parent"), id=product_id
    )
    root = product.category.parent or product.category
    svg = product_svg(
        brand_name=product.brand.name_en or product.brand.name_zh,
        category_slug=root.slug,
        category_name=root.name_en,
    )
    etag = '"' + hashlib.sha256(svg.encode()).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=86400)
    return response


def _back(request):
    """Where a preference form returns to: its `next`, else the referring page, if on this site."""
    target = request.POST.get("next") or request.headers.get("Referer") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("storefront:home")
    return target


@require_POST
def set_currency(request):
    """The footer's "Also show prices in" form: a currency of checkout's FX list, or "" (CNY
    only). Sets or clears the `currency` cookie (docs/storefront.md, "Prices in other
    currencies")."""
    code = request.POST.get("currency", "").strip().upper()
    if code not in ("", "CNY", *fx.CURRENCIES):
        return HttpResponseBadRequest(
            _("Unknown currency. Choose one of: %(list)s.") % {"list": ", ".join(fx.CURRENCIES)},
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponseRedirect(_back(request))
    if code in ("", "CNY"):
        response.delete_cookie(currency.COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            currency.COOKIE, code, max_age=currency.COOKIE_AGE, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE, httponly=True,
        )  # fmt: skip
    return response


@require_POST
def set_theme(request):
    theme = request.POST.get("theme", "")
    if theme not in THEMES:
        return HttpResponseBadRequest("theme must be light, dark or auto")
    target = _back(request)
    if request.headers.get("X-Requested-With") == "fetch":
        response = HttpResponse(status=204)  # the page already applied the theme itself
    else:
        response = HttpResponseRedirect(target)
    response.set_cookie(
        "theme",
        theme,
        max_age=THEME_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
