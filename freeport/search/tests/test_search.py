"""Search on the configured database (SQLite FTS5 or PostgreSQL): the same tests for both."""

from decimal import Decimal

import pytest
from django.db import connection

from freeport.catalog import services as catalog_services
from freeport.catalog.models import Product
from freeport.catalog.testing import row_make
from freeport.search import analysis, backends, selectors, services
from freeport.search.models import SearchDocument, Synonym, ZeroResultQuery
from freeport.search.query import SearchQuery

pytestmark = pytest.mark.django_db


def ids(result):
    return [h.product_id for h in result.hits]


def code_of(result):
    return [Product.objects.get(id=i).code for i in ids(result)]


def full_codes(result):
    """Codes of the products matching every word (before the partial matches)."""
    return code_of(result)[: result.partial_from]


def find(q="", **kw):
    return services.search(SearchQuery(q=q, **kw))


@pytest.fixture
def shop(catalog):
    """The shared 3-product catalog plus products for ranking, synonyms and facets."""
    rows = [
        row_make(product_code="H1", sku_code="H1-1", brand="manuka-bee", brand_zh="麦卢卡蜂",
                 brand_en="Manuka Bee", category="vitamins", title_zh="麦卢卡蜂 蜂蜜 UMF10+",
                 title_en="Manuka Bee Honey UMF10+", ingredients_en="Manuka honey",
                 ingredients_zh="麦卢卡蜂蜜", price="199.00", age_min_months="",
                 age_max_months="", stage_label="", tags="sugar-free", certifications=""),
        row_make(product_code="V1", sku_code="V1-1", brand="nordic-sun", brand_zh="北欧阳光",
                 brand_en="Nordic Sun", category="vitamins", title_zh="北欧阳光 维生素D3 软糖",
                 title_en="Nordic Sun Vitamin D3 Gummies",
                 ingredients_en="Sugar, honey, vitamin D3",
                 ingredients_zh="糖，蜂蜜，维生素D3", price="89.00", origin_country="NO",
                 age_min_months="", age_max_months="", stage_label="", tags="", certifications=""),
        row_make(product_code="S1", sku_code="S1-1", brand="alpine-rose", brand_zh="阿尔卑斯玫瑰",
                 brand_en="Alpine Rose", category="sunscreen", title_zh="阿尔卑斯玫瑰 清爽防晒乳",
                 title_en="Alpine Rose Light Sunscreen SPF50", origin_country="CH",
                 hs_code="3304990099", price="320.00", net_content_value="50",
                 net_content_unit="ml", net_weight_kg="0.050", gross_weight_kg="0.100",
                 age_min_months="", age_max_months="", stage_label="", certifications="",
                 tags="fragrance-free|reef-safe"),
    ]  # fmt: skip
    result = catalog_services.catalog_import(rows=list(enumerate(rows, start=1)), status="approved")
    assert result.imported, result.errors
    # The weak honey match (ingredients only) is a best seller; the strong one sells nothing.
    Product.objects.filter(code="V1").update(sales_count=50_000)
    Product.objects.filter(code="H1").update(sales_count=0)
    services.index_products(Product.objects.values_list("id", flat=True))


def test_import_indexes_public_products(catalog):
    assert SearchDocument.objects.count() == 3
    assert code_of(find("奶粉", sort="price_asc")) == ["F1", "F2"]


def test_chinese_english_pinyin_initials_and_folding(shop):
    assert set(code_of(find("奶粉"))) == {"F1", "F2"}
    assert set(code_of(find("naifen"))) == {"F1", "F2"}
    assert set(code_of(find("nf"))) == {"F1", "F2"}
    assert set(code_of(find("嬰兒配方奶粉"))) == {"F1", "F2"}  # traditional characters
    assert set(code_of(find("ＦＯＲＭＵＬＡ"))) == {"F1", "F2"}  # full-width
    assert code_of(find("night creams")) == ["C1"]  # stemmed
    assert code_of(find("晚霜")) == ["C1"]


def test_typos_and_did_you_mean(shop):
    result = find("alpne rose night cream")
    assert full_codes(result) == ["C1"]
    assert result.did_you_mean == "alpine rose night cream"
    result = find("奶份")  # a homophone typed by the IME
    assert set(code_of(result)) == {"F1", "F2"} and result.did_you_mean == "奶粉"


def test_query_understanding_filters(shop):
    result = find("无香精 防晒 瑞士")
    assert code_of(result) == ["S1"]
    assert {(f, c) for f, c, _ in result.understood} == {
        ("tag", "fragrance-free"), ("category", "sunscreen"), ("origin", "CH")}  # fmt: skip
    assert result.filters.origin == {"CH"}
    literal = find("无香精 防晒 瑞士", literal=True)
    # Taken as text, the words still find it: tag, category and country names are indexed.
    assert literal.understood == [] and full_codes(literal) == ["S1"]


def test_facets_count_with_the_other_filters(shop):
    result = find("", brand=["kiwi-gold", "alpine-rose"], origin=["NZ"])
    assert set(code_of(result)) == {"F1", "F2"}
    assert result.facets.values["brand"]["kiwi-gold"] == 2
    assert result.facets.values["brand"]["manuka-bee"] == 1  # NZ applied, brands not
    assert result.facets.values["origin"] == {"NZ": 2, "CH": 2}  # brands applied, origin not
    priced = find("", price_min=Decimal("100"), price_max=Decimal("250"))
    assert set(code_of(priced)) == {"F1", "H1"}


def test_sort_and_pagination(shop):
    by_price = find("", sort="price_asc")
    assert code_of(by_price)[:2] == ["V1", "F1"]
    page = find("", sort="price_asc", page=2, page_size=2)
    assert [p.code for p in page.products] == code_of(by_price)[2:4]
    assert page.pages == 3
    assert find("", page=9, page_size=2).products == []


def test_strong_text_match_beats_popular_weak_match(shop):
    assert code_of(find("honey")) == ["H1", "V1"]
    assert code_of(find("蜂蜜")) == ["H1", "V1"]


def test_synonyms_from_the_admin_table(shop):
    Synonym.objects.create(words="sunblock", targets="防晒乳")
    Synonym.objects.create(words="蜜糖, 蜂蜜")
    selectors.invalidate()
    assert code_of(find("sunblock")) == ["S1"]
    assert find("防晒乳").total == 1 and find("sunblock", literal=True).total == 1
    assert code_of(find("蜜糖")) == ["H1", "V1"]


def test_index_follows_listing_review(shop):
    product = Product.objects.get(code="C1")
    catalog_services.product_review(product_id=product.id, target="delisted", reason="recall")
    assert find("晚霜").total == 0
    assert not SearchDocument.objects.filter(product_id=product.id).exists()


def test_zero_results_are_logged_once_per_query(shop):
    find("Unicorn sparkle")
    find("unicorn  SPARKLE")
    row = ZeroResultQuery.objects.get()
    assert (row.query, row.count) == ("unicorn sparkle", 2)


def test_autocomplete_prefix_and_pinyin(shop):
    kinds = {(s["kind"], s["code"]) for s in services.suggest("alpi")}
    assert ("brand", "alpine-rose") in kinds
    products = [s["text_en"] for s in services.suggest("qiyi") if s["kind"] == "product"]
    assert products and all(t.startswith("Kiwi Gold") for t in products)
    assert any(s["kind"] == "product" for s in services.suggest("naif"))


def test_reindex_rebuilds_everything(shop):
    SearchDocument.objects.all().delete()
    assert services.index_rebuild() == Product.objects.count()
    assert find("honey").total == 2


def test_backend_matches_the_database():
    expected = "postgresql" if connection.vendor == "postgresql" else "sqlite-fts5"
    assert backends.current().name == expected


def test_words_that_find_nothing_leave_the_understood_filters(shop):
    # "防晒" names the sunscreen category; "抗衰老" matches nothing: show the category, relaxed.
    result = find("抗衰老 防晒")
    assert code_of(result) == ["S1"] and result.relaxed
    assert find("抗衰老").total == 0  # no filter understood: still nothing


def test_demo_synonyms_load_is_idempotent(shop):
    from freeport.search.demo import DEMO_SYNONYMS

    assert services.demo_synonyms_load() == len(DEMO_SYNONYMS)
    assert services.demo_synonyms_load() == len(DEMO_SYNONYMS)
    assert Synonym.objects.count() == len(DEMO_SYNONYMS)
    assert code_of(find("防晒霜")) == ["S1"]
    assert code_of(find("sun cream")) == ["S1"]


def test_few_full_matches_are_followed_by_partial_ones(shop):
    result = find("alpine rose night cream", literal=True)  # no word taken as a filter
    assert result.partial_from == 1 and code_of(result)[0] == "C1"
    partial = ids(result)[1:]
    assert partial and len(set(ids(result))) == len(ids(result))  # each product once
    terms = set(analysis.terms("alpine rose night cream", for_index=False))
    for doc in SearchDocument.objects.filter(product_id__in=partial):
        words = set(f"{doc.title} {doc.facets} {doc.pinyin} {doc.body}".split())
        assert terms & words and not terms <= words  # some of the words, not all
    assert find("alpine rose night cream", literal=True, sort="price_asc").partial_from == 1
    # a one-word query has nothing to relax; enough full matches: no partial ones either
    assert find("奶粉").partial_from is None


def test_partial_matches_keep_the_filters(shop):
    result = find("alpine rose night cream", literal=True, origin=["CH"])
    assert {h.origin for h in result.hits} == {"CH"}


def test_words_naming_filters_give_the_filtered_products_as_partial_matches(shop):
    # "vitamins" names the category (a filter), "gummies" is text: V1 matches both; H1 is in
    # the category only, so it follows as a partial match; nothing outside the category.
    result = find("vitamins gummies")
    assert ("category", "vitamins") in {(f, c) for f, c, _ in result.understood}
    assert code_of(result) == ["V1", "H1"] and result.partial_from == 1
