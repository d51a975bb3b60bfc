"""Query counts of the hot shopper pages are pinned: an N+1 fails here as the catalog grows.

Listing of a category (10): category + parent, subcategories of the root and of the category
(one query: the navigation and the ids to filter by, passed to product_listing and
facet_options), count, page of products, tags, certifications (prefetch), facet brands,
origins, tags, certifications.
All products (8): count, page, tags, certifications, facet brands, origins, tags, certifications.
Product page (8): product with brand / category / parent / tax profile / merchant, tags,
certifications, active SKUs, stock per warehouse (lots, warehouses), sellable stock per SKU,
its rating (reviews; + one query for the page of reviews when it has some:
reviews/tests/test_pages.py).
Home (5): root categories, their children, popular products, tags, certifications.
"""

import pytest

from freeport.catalog.models import SKU, Product

from .conftest import lot_make, more_products, warehouse_make

pytestmark = pytest.mark.django_db

CATEGORY_LISTING_QUERIES = 10
ALL_PRODUCTS_QUERIES = 8
PRODUCT_PAGE_QUERIES = 8
HOME_QUERIES = 5


def test_category_listing_query_count(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(CATEGORY_LISTING_QUERIES):
        response = client.get("/c/infant-formula/?cert=halal&sort=price_asc")
    assert response.status_code == 200 and len(response.context["products"]) == 2


def test_all_products_query_count(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(ALL_PRODUCTS_QUERIES):
        response = client.get("/products/")
    assert len(response.context["products"]) == 3


def test_product_page_query_count(client, stock, django_assert_num_queries):
    product = Product.objects.get(code="F1")
    with django_assert_num_queries(PRODUCT_PAGE_QUERIES):
        response = client.get(f"/p/{product.id}/")
    assert response.status_code == 200


def test_home_query_count(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200


def test_counts_do_not_grow_with_the_catalog(client, stock, django_assert_num_queries):
    more_products(40, skus_per_product=3)
    # more warehouses and lots for one product
    big = Product.objects.get(code="X0")
    extra = [warehouse_make(f"wh{i}", "bonded", 10 + i) for i in range(5)]
    for sku in SKU.objects.filter(product=big):
        for i, wh in enumerate(extra):
            lot_make(sku, wh, 10 + i, batch=f"B{sku.id}-{i}")
    assert Product.objects.count() == 43

    with django_assert_num_queries(CATEGORY_LISTING_QUERIES):
        response = client.get("/c/infant-formula/")
    assert len(response.context["products"]) == 24  # a full page
    with django_assert_num_queries(CATEGORY_LISTING_QUERIES):
        client.get("/c/formula-cow/?tag=grass-fed&origin=NZ&origin=AU&page=2")
    with django_assert_num_queries(ALL_PRODUCTS_QUERIES):
        client.get("/products/?sort=newest")
    with django_assert_num_queries(PRODUCT_PAGE_QUERIES):
        response = client.get(f"/p/{big.id}/")
    assert len(response.context["variants"]) == 3 and len(response.context["stock"]) == 8
    with django_assert_num_queries(HOME_QUERIES):
        client.get("/")


@pytest.mark.parametrize("slug", ["infant-formula", "formula-cow", "face-cream"])
def test_listing_selectors_give_the_same_answer_with_or_without_category_ids(catalog, slug):
    """The API calls product_listing(query) alone; the storefront passes the ids it has."""
    from freeport.catalog import selectors
    from freeport.catalog.query import ProductQuery

    more_products(6)
    query = ProductQuery(category=slug, sort="price_asc")
    ids = selectors.category_with_descendants(slug)
    assert list(selectors.product_listing(query)) == list(
        selectors.product_listing(query, category_ids=ids)
    )
    assert selectors.facet_options(query) == selectors.facet_options(query, category_ids=ids)
    everything = ProductQuery()
    assert selectors.product_listing(everything, category_ids=[]).count() == 9  # no category
