import datetime

import pytest
from django.utils import timezone

from freeport.catalog import services
from freeport.catalog.models import Product
from freeport.catalog.testing import row_make
from freeport.inventory.models import StockLot, Warehouse


@pytest.fixture
def stocked(catalog):
    bonded = Warehouse.objects.create(
        code="QD-BW1", name_zh="青岛一号仓", name_en="Qingdao BW1", kind="bonded",
        province="山东", city="青岛", customs_area_code="4227",
    )  # fmt: skip
    showroom = Warehouse.objects.create(
        code="SR-01", name_zh="展厅", name_en="Showroom", kind="showroom",
        province="山东", city="青岛", customs_area_code="4227", position=9,
    )  # fmt: skip
    from freeport.catalog.models import SKU

    sku = SKU.objects.get(code="F1-900")
    now = timezone.now()
    for wh, qty in ((bonded, 40), (showroom, 2)):
        StockLot.objects.create(
            sku=sku, warehouse=wh, batch_number="B1", customs_entry_ref="E1",
            expiry_date=datetime.date(2028, 1, 1), quantity_on_hand=qty,
            quantity_reserved=5 if wh == bonded else 0, received_at=now,
        )  # fmt: skip
    return sku


def test_list_filters_sort_and_pagination(client, catalog):
    r = client.get("/api/v1/products", {"sort": "price_asc"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 3
    prices = [p["price_min"] for p in body["results"]]
    assert prices == sorted(prices, key=float)
    assert body["results"][0]["price_min"] == "129.00"

    r = client.get("/api/v1/products", {"origin": "CH"})
    assert [p["title_en"] for p in r.json()["results"]] == ["Alpine Rose Night Cream"]

    r = client.get("/api/v1/products", {"tag": ["fragrance-free", "sensitive-skin"]})
    assert r.json()["count"] == 1
    r = client.get("/api/v1/products", {"tag": ["fragrance-free", "grass-fed"]})
    assert r.json()["count"] == 0

    r = client.get("/api/v1/products", {"brand": "kiwi-gold", "page_size": 1, "page": 2})
    body = r.json()
    assert (body["count"], body["pages"], len(body["results"])) == (2, 2, 1)

    r = client.get("/api/v1/products", {"category": "infant-formula", "price_max": "200"})
    assert [p["code"] for p in r.json()["results"]] == ["F1"]


def test_list_hides_unapproved_products(client, catalog):
    Product.objects.filter(code="F2").update(status="delisted")
    codes = {p["code"] for p in client.get("/api/v1/products").json()["results"]}
    assert codes == {"F1", "C1"}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"price_min": "abc"}, "price_min"),
        ({"price_min": "-1"}, "price_min"),
        ({"price_min": "10", "price_max": "5"}, "price_max"),
        ({"origin": "XX"}, "origin"),
        ({"sort": "cheapest"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"brand": "Not A Slug!"}, "brand"),
    ],
)
def test_invalid_query_is_422_naming_the_field(client, catalog, params, field):
    r = client.get("/api/v1/products", params)
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    assert field in [e["field"] for e in body["errors"]]


def test_detail_by_id_and_by_sku_code(client, stocked):
    product = Product.objects.get(code="F1")
    by_id = client.get(f"/api/v1/products/{product.id}").json()
    by_sku = client.get("/api/v1/products/F1-400").json()
    explicit = client.get("/api/v1/products/by-sku/F1-900").json()
    assert by_id == by_sku == explicit
    assert by_id["tax_profile"]["hs_code"] == "1901101090"
    assert by_id["stage"]["cn_standard"] == "GB 10765-2021"
    skus = {s["code"]: s for s in by_id["skus"]}
    assert skus["F1-900"]["available"] == 35  # showroom display stock is not sellable
    assert skus["F1-400"]["available"] == 0
    stock = {s["warehouse"]: s["available"] for s in by_id["stock"]}
    assert stock == {"QD-BW1": 35, "SR-01": 2}


def test_detail_not_found_is_json_404(client, catalog):
    for url in ("/api/v1/products/999999", "/api/v1/products/NOPE", "/api/v1/products/by-sku/x"):
        r = client.get(url)
        assert r.status_code == 404
        assert r.json()["code"] == "not_found"
    Product.objects.filter(code="C1").update(status="pending")
    assert client.get("/api/v1/products/C1-50").status_code == 404


def test_categories_and_brands(client, catalog):
    tree = client.get("/api/v1/categories").json()
    assert len(tree) == 9
    formula = next(c for c in tree if c["slug"] == "infant-formula")
    assert {c["slug"] for c in formula["children"]} == {"formula-cow", "formula-goat"}
    brands = {b["slug"] for b in client.get("/api/v1/brands").json()}
    assert brands == {"kiwi-gold", "alpine-rose"}


def test_openapi_schema_served(client, db):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert "/api/v1/products" in r.json()["paths"]


def _grow(n):
    rows = [
        row_make(product_code=f"G{i}", sku_code=f"G{i}-{j}", price=f"{100 + i}.00")
        for i in range(n)
        for j in range(2)
    ]
    assert services.catalog_import(rows=list(enumerate(rows, 1)), status="approved").imported


def test_list_query_count_is_constant(client, catalog, django_assert_num_queries):
    # count + page + tags + certifications (merchant, brand, category joined)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/products").status_code == 200
    _grow(10)
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/products").json()["results"]) == 13


def test_detail_query_count_is_constant(client, stocked, django_assert_num_queries):
    # product + tags + certs + skus + sellable stock + stock per warehouse (2)
    with django_assert_num_queries(7):
        assert client.get("/api/v1/products/F1-900").status_code == 200
    rows = [row_make(product_code="F1", sku_code=f"F1-X{i}") for i in range(8)]
    assert services.catalog_import(rows=list(enumerate(rows, 1)), status="approved").imported
    with django_assert_num_queries(7):
        assert len(client.get("/api/v1/products/F1-900").json()["skus"]) == 10


def test_api_docs_page_loads_swagger_from_our_static_files(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in page
    assert "/static/ninja/swagger-ui-bundle.js" in page
