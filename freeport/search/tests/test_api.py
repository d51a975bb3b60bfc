"""GET /api/v1/search and /api/v1/search/suggest: the contract and its 422s."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_answers_items_facets_and_understood_filters(client, catalog):
    r = client.get("/api/v1/search", {"q": "无香精 面霜"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"q", "total", "page", "page_size", "pages", "sort", "items", "facets",
                         "understood", "did_you_mean", "relaxed", "partial_from"}  # fmt: skip
    assert body["total"] == 1 and body["items"][0]["title_en"] == "Alpine Rose Night Cream"
    assert {u["code"] for u in body["understood"]} == {"fragrance-free", "face-cream"}
    assert set(body["facets"]) == {"brand", "origin", "tag", "cert", "category", "price",
                                   "ships_24h"}  # fmt: skip
    assert body["facets"]["ships_24h"] == {"hours": 24, "count": 0, "selected": False}
    tag = {t["code"]: t for t in body["facets"]["tag"]}
    assert tag["fragrance-free"]["selected"]
    assert tag["fragrance-free"]["name_en"] == "Fragrance-free"
    assert body["facets"]["price"][3] == {"min": "600.00", "max": "999.99", "count": 1,
                                          "selected": False}  # fmt: skip


def test_search_takes_the_product_filters(client, catalog):
    r = client.get("/api/v1/search", {"q": "kiwi", "price_max": "200", "sort": "price_asc"})
    body = r.json()
    assert [i["price_min"] for i in body["items"]] == ["129.00"]
    r = client.get("/api/v1/search", {"brand": "alpine-rose", "page_size": 1, "page": 5})
    assert r.status_code == 200 and r.json()["items"] == [] and r.json()["total"] == 1


def test_did_you_mean(client, catalog):
    body = client.get("/api/v1/search", {"q": "alpne rose"}).json()
    assert body["did_you_mean"] == "alpine rose" and body["total"] == 1


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "x" * 101}, "q"),
        ({"sort": "cheapest"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"origin": "XX"}, "origin"),
        ({"price_min": "-1"}, "price_min"),
        ({"price_min": "abc"}, "price_min"),
        ({"brand": "Not A Slug!"}, "brand"),
        ({"literal": "perhaps"}, "literal"),
        ({"ships_24h": "soon"}, "ships_24h"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(client, catalog, params, field):
    r = client.get("/api/v1/search", params)
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    assert field in [e["field"] for e in body["errors"]]


def test_suggest(client, catalog):
    r = client.get("/api/v1/search/suggest", {"q": "qiyi"})
    assert r.status_code == 200
    body = r.json()
    assert body["q"] == "qiyi"
    assert {"kind": "brand", "code": "kiwi-gold", "text_zh": "奇异金", "text_en": "Kiwi Gold",
            "url": "/search/?brand=kiwi-gold"} in body["suggestions"]  # fmt: skip
    assert any(s["kind"] == "product" and s["url"].startswith("/p/") for s in body["suggestions"])
    assert client.get("/api/v1/search/suggest").status_code == 422
    r = client.get("/api/v1/search/suggest", {"q": "a", "limit": "50"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "limit"
    assert client.get("/api/v1/search/suggest", {"q": "  "}).json()["suggestions"] == []


def test_search_query_count_does_not_grow(client, catalog, django_assert_max_num_queries):
    from freeport.catalog import services
    from freeport.catalog.testing import row_make

    params = {"q": "奶粉", "origin": "NZ"}
    client.get("/api/v1/search", params)  # warms the vocabulary cache
    with django_assert_max_num_queries(SEARCH_QUERIES):
        assert client.get("/api/v1/search", params).json()["total"] == 2
    rows = [row_make(product_code=f"M{i}", sku_code=f"M{i}-1") for i in range(30)]
    services.catalog_import(rows=list(enumerate(rows, start=1)), status="approved")
    client.get("/api/v1/search", params)
    with django_assert_max_num_queries(SEARCH_QUERIES):
        assert client.get("/api/v1/search", params).json()["total"] == 32


# backend match, document rows, page products + tags + certifications
SEARCH_QUERIES = 5
