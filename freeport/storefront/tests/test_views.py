"""Shopper pages through the Django test client: real responses, real catalog data."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from freeport.catalog import services
from freeport.catalog.models import SKU, Product
from freeport.catalog.testing import row_make

from .conftest import lot_make, more_products, spread_published

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    """Product titles of the cards, in page order."""
    return [p.title() for p in response.context["products"]]


def codes(response) -> list[str]:
    return [p.code for p in response.context["products"]]


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def more(catalog):
    more_products(30)  # 33 products: more than a page; origins NZ, AU, IE


# ---------- home ----------


def test_home_shows_category_tiles_and_popular_products(client, catalog):
    Product.objects.filter(code="C1").update(sales_count=50)
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert 'href="/c/infant-formula/"' in body and "婴幼儿奶粉" in body
    assert 'href="/c/formula-cow/"' in body and "牛奶粉" in body
    assert codes(response)[0] == "C1"  # most sold first
    assert "阿尔卑斯玫瑰 晚霜" in body
    assert "¥850.00" in body
    assert "¥129.00 起" in body  # F1 has two SKUs at different prices


def test_base_layout_has_landmarks_and_skip_link(client, catalog):
    body = text(client.get("/"))
    assert re.search(r'<html lang="zh-hans" data-theme="auto">', body)
    assert '<a class="skip-link" href="#main">跳到主要内容</a>' in body
    assert '<main id="main"' in body
    assert "<header" in body and "<footer" in body
    assert '<nav class="main-nav" aria-label="主导航">' in body


# ---------- listing: categories, filters, sort, pagination ----------


def test_category_listing_includes_subcategories_and_excludes_others(client, catalog):
    response = client.get("/c/infant-formula/")
    assert response.status_code == 200
    assert sorted(codes(response)) == ["F1", "F2"]
    leaf = client.get("/c/face-cream/")
    assert codes(leaf) == ["C1"]
    # breadcrumbs of a leaf name its root
    assert 'href="/c/skincare/"' in text(leaf)
    assert '<span aria-current="page">面霜</span>' in text(leaf)


def test_unknown_category_is_404(client, catalog):
    assert client.get("/c/no-such-thing/").status_code == 404
    assert client.get("/c/UPPER_case!/").status_code == 404


def test_all_products_and_card_contents(client, catalog):
    response = client.get("/products/")
    assert sorted(codes(response)) == ["C1", "F1", "F2"]
    body = text(response)
    assert "原产国：瑞士" in body and "原产国：新西兰" in body
    assert "¥268.00" in body and "¥129.00 起" in body
    assert "无香精" in body  # tag chip
    assert 'alt="包装示意图：阿尔卑斯玫瑰 晚霜"' in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("brand=alpine-rose", ["C1"]),
        ("brand=alpine-rose&brand=kiwi-gold", ["C1", "F1", "F2"]),
        ("origin=CH", ["C1"]),
        ("origin=nz", ["F1", "F2"]),
        ("tag=fragrance-free", ["C1"]),
        ("tag=fragrance-free&tag=sensitive-skin", ["C1"]),
        ("tag=fragrance-free&tag=grass-fed", []),
        ("cert=halal", ["F1", "F2"]),
        ("price_min=250", ["C1", "F2"]),
        ("price_max=200", ["F1"]),  # F1 starts at 129
        ("price_min=200&price_max=300", ["F1", "F2"]),
    ],
)
def test_filters_filter(client, catalog, params, expected):
    response = client.get(f"/products/?{params}")
    assert response.status_code == 200
    assert sorted(codes(response)) == expected
    assert not response.context["errors"]


def test_filters_are_checked_and_offered_within_category(client, catalog):
    body = text(client.get("/c/infant-formula/?brand=kiwi-gold"))
    assert 'value="kiwi-gold" checked' in body
    assert 'value="alpine-rose"' not in body  # not a brand of this category
    assert '<label for="origin-NZ">新西兰</label>' in body


def test_sort_orders(client, catalog):
    f1, f2, c1 = (Product.objects.get(code=c) for c in ("F1", "F2", "C1"))
    Product.objects.filter(pk=f2.pk).update(sales_count=90)
    Product.objects.filter(pk=c1.pk).update(sales_count=10)
    spread_published([c1, f1, f2])  # f2 newest
    assert codes(client.get("/products/")) == ["F2", "C1", "F1"]
    assert codes(client.get("/products/?sort=popular")) == ["F2", "C1", "F1"]
    assert codes(client.get("/products/?sort=newest")) == ["F2", "F1", "C1"]
    assert codes(client.get("/products/?sort=price_asc")) == ["F1", "F2", "C1"]
    assert codes(client.get("/products/?sort=price_desc")) == ["C1", "F2", "F1"]
    body = text(client.get("/products/?sort=price_desc"))
    assert '<option value="price_desc" selected>' in body
    # high to low orders by the dearest SKU, so that is the price the cards show
    assert "最高 ¥238.00" in body and "¥129.00 起" not in body
    assert "¥129.00 起" in text(client.get("/products/?sort=price_asc"))


def test_category_pills_and_origin_order(client, catalog, more):
    zh = text(client.get("/c/formula-cow/"))
    assert '<li><a href="/c/infant-formula/">全部</a></li>' in zh
    assert 'href="/c/formula-cow/" aria-current="page">牛奶粉</a>' in zh
    en = client.get("/c/infant-formula/", HTTP_COOKIE="django_language=en")
    assert 'aria-current="page">All</a>' in text(en)
    # origins in the alphabetical order of their names in English (Switzerland, code CH,
    # after New Zealand); in Chinese by code
    assert en.context["facets"]["origins"] == ["AU", "IE", "NZ"]
    products = text(client.get("/products/", HTTP_COOKIE="django_language=en"))
    assert products.index(">New Zealand</label>") < products.index(">Switzerland</label>")
    assert client.get("/products/").context["facets"]["origins"] == ["AU", "CH", "IE", "NZ"]


def test_first_card_images_load_at_once_the_rest_lazily(client, catalog, more):
    body = text(client.get("/products/"))
    images = re.findall(r'<img class="card-img"[^>]*>', body)
    assert len(images) == 24
    assert all('width="400" height="400"' in img for img in images)
    assert not any("loading=" in img for img in images[:8])
    assert all('loading="lazy"' in img for img in images[8:])


def test_pagination_with_rel_links_and_preserved_filters(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = 1
    first = client.get("/products/?cert=halal&sort=price_asc")
    assert codes(first) == ["F1"]
    body = text(first)
    assert "第 1 页，共 2 页" in body
    assert '<link rel="next" href="/products/?cert=halal&amp;sort=price_asc&amp;page=2">' in body
    assert '<a rel="next" href="/products/?cert=halal&amp;sort=price_asc&amp;page=2">' in body
    assert 'rel="prev"' not in body
    second = client.get("/products/?cert=halal&sort=price_asc&page=2")
    assert codes(second) == ["F2"]
    body = text(second)
    assert "第 2 页，共 2 页" in body
    assert '<a rel="prev" href="/products/?cert=halal&amp;sort=price_asc">' in body
    assert 'rel="next"' not in body


def test_page_past_the_end_shows_last_page_with_message(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = 2
    response = client.get("/products/?page=9")
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert "没有第 9 页，已显示最后一页。" in text(response)


# ---------- bad input: friendly, localized, never a 500 ----------


def test_bad_price_is_reported_and_ignored(client, catalog):
    response = client.get("/products/?price_min=abc&price_max=300")
    assert response.status_code == 200
    body = text(response)
    assert "最低价：请输入以元为单位的金额" in body
    assert 'id="price_min"' in body and 'value="abc"' in body and 'aria-invalid="true"' in body
    # filtered by the valid maximum only
    assert sorted(codes(response)) == ["F1", "F2"]


def test_unknown_origin_is_reported_and_valid_origins_kept(client, catalog):
    response = client.get("/products/?origin=XX&origin=CH")
    assert response.status_code == 200
    assert "未知的原产国代码：XX，已忽略。" in text(response)
    assert codes(response) == ["C1"]
    only_bad = client.get("/products/?origin=XX")
    assert sorted(codes(only_bad)) == ["C1", "F1", "F2"]


def test_inverted_price_range_and_bad_sort_and_page(client, catalog):
    response = client.get("/products/?price_min=500&price_max=100&sort=cheapest&page=zero")
    assert response.status_code == 200
    body = text(response)
    assert "最低价高于最高价，未应用价格筛选。" in body
    assert "未知的排序方式，已按人气排序。" in body
    assert "没有该页，已显示第一页。" in body
    assert len(codes(response)) == 3


def test_bad_codes_and_too_many_values(client, catalog):
    response = client.get("/products/?brand=Not%20A%20Slug&tag=grass-fed&cert=%3Cscript%3E")
    assert response.status_code == 200
    body = text(response)
    assert "部分所选品牌无法识别，已忽略。" in body
    assert "部分所选认证无法识别，已忽略。" in body
    assert "<script>" not in body.split("</header>")[1].split("<script>")[0]
    assert sorted(codes(response)) == ["F1", "F2"]  # tag=grass-fed still applied
    many = "&".join(f"tag=t{i}" for i in range(25))
    response = client.get(f"/products/?{many}")
    assert response.status_code == 200
    assert "此筛选项选择的值过多" in text(response)


def test_bad_input_messages_in_english(client, catalog):
    response = client.get("/products/?price_min=abc&origin=XX", HTTP_COOKIE="django_language=en")
    body = text(response)
    assert "Minimum price: enter an amount in yuan" in body
    assert "Unknown country of origin code: XX. It was ignored." in body


# ---------- product page ----------


def test_product_page_shows_compliance_panel(client, catalog):
    product = Product.objects.get(code="F1")
    response = client.get(f"/p/{product.id}/")
    assert response.status_code == 200
    body = text(response)
    assert '<h1 id="product-title">奇异金 婴儿配方奶粉 1段</h1>' in body
    assert "新西兰（NZ）" in body  # full-width brackets in Chinese
    assert "<code>1901101090</code> 婴儿配方奶粉" in body
    assert f"<code>{product.record_number}</code>" in body
    assert "在清单内：可通过跨境电商零售进口" in body
    assert "脱脂乳，乳清蛋白，植物油" in body
    assert "900 g ≈ 31.7 oz ≈ 1.98 lb" in body
    assert "400 g ≈ 14.1 oz" in body
    assert "730 天（约 2 年）" in body
    assert "0–6月龄" in body
    assert "Stage 1" in body
    assert "相当于国标 1段 婴儿配方（GB 10765-2021）" in body
    assert "清真认证" in body and "草饲" in body
    for sku in SKU.objects.filter(product=product):
        assert sku.gtin in body
    assert "¥238.00" in body and "¥129.00" in body
    # breadcrumbs: home > root > leaf > product
    assert 'href="/c/infant-formula/"' in body and 'href="/c/formula-cow/"' in body


def test_product_page_stage_three_equivalent_and_size_guide(client, reference, merchant):
    size_guide = (
        '[{"size": "S", "fits_zh": "4-8公斤", "fits_en": "4-8 kg"},'
        ' {"size": "M", "fits_zh": "6-11公斤", "fits_en": "6-11 kg"}]'
    )
    row = row_make(
        product_code="G3", age_min_months="12", age_max_months="36", stage_label="Stage 3",
        size_guide=size_guide, shelf_life_days="540",
    )  # fmt: skip
    services.catalog_import(rows=[(1, row)], status="approved")
    product = Product.objects.get(code="G3")
    zh = text(client.get(f"/p/{product.id}/"))
    assert "相当于国标 3段 幼儿配方（GB 10767-2021）" in zh
    assert "540 天（约 18 个月）" in zh
    assert '<th scope="row">S</th><td>4-8公斤</td>' in zh
    en = text(client.get(f"/p/{product.id}/", HTTP_COOKIE="django_language=en"))
    assert (
        "Equivalent to Chinese national standard Stage 3 young-child formula (GB 10767-2021)" in en
    )
    assert "12–36 months" in en
    assert '<th scope="row">M</th><td>6-11 kg</td>' in en


def test_net_content_is_not_repeated_needlessly(client, reference, merchant):
    rows = [
        row_make(product_code="H1", sku_code=f"H1-{colour}", variant_en=colour,
                 variant_zh=zh, net_content_value="1", net_content_unit="piece")
        for colour, zh in (("Silver", "银色"), ("Sage", "鼠尾草绿"))
    ] + [
        row_make(product_code="M1", sku_code="M1-1", price="100.00"),
        row_make(product_code="M1", sku_code="M1-3", price="280.00", variant_zh="900克×3",
                 variant_en="900 g × 3", net_content_value="2700"),
    ]  # fmt: skip
    services.catalog_import(rows=list(enumerate(rows, start=1)), status="approved")
    colours = Product.objects.get(code="H1")
    zh = client.get(f"/p/{colours.id}/")
    assert zh.context["net_contents"] == [("1 件", "")]  # once, not once per colour
    en = text(client.get(f"/p/{colours.id}/", HTTP_COOKIE="django_language=en"))
    assert "<td>1 piece</td>" in en
    multi = client.get(f"/p/{Product.objects.get(code='M1').id}/")
    assert multi.context["net_contents"] == [
        ("900 g ≈ 31.7 oz ≈ 1.98 lb", ""),  # "900克" says nothing more
        ("2700 g ≈ 95.2 oz ≈ 5.95 lb", "900克×3"),
    ]
    assert '<span class="muted">（900克×3）</span>' in text(multi)


def test_sold_out_product_says_so_by_the_price(client, stock):
    sold_out = Product.objects.get(code="C1")  # no bonded stock anywhere
    assert "暂时售罄：所有规格在保税仓均无现货。" in text(client.get(f"/p/{sold_out.id}/"))
    body = text(client.get(f"/p/{sold_out.id}/", HTTP_COOKIE="django_language=en"))
    assert '<p class="sold-out-note">Sold out for now' in body
    in_stock = Product.objects.get(code="F1")
    assert "sold-out-note" not in text(client.get(f"/p/{in_stock.id}/"))


def test_footer_sentences_are_not_run_together(client, catalog):
    body = text(client.get("/"))
    assert "<p>价格以人民币计。</p>" in body and "价格以人民币计。 " not in body


def test_product_page_in_english_uses_english_content(client, catalog):
    product = Product.objects.get(code="C1")
    body = text(client.get(f"/p/{product.id}/", HTTP_COOKIE="django_language=en"))
    assert "Alpine Rose Night Cream" in body
    assert "Switzerland (CH)" in body
    assert "30 ml ≈ 1.0 fl oz" in body
    assert "¥850.00" in body
    assert "Import and compliance information" in body


def test_stock_per_warehouse(client, stock):
    product = Product.objects.get(code="F1")
    body = text(client.get(f"/p/{product.id}/", HTTP_COOKIE="django_language=en"))
    # bonded 1: 90 + 30 available -> in stock; bonded 2: 3 -> low; showroom: display only
    assert re.search(
        r"Qianhai bonded warehouse qh-b1</span>\s*<span class=\"stock-status\">"
        r"<span class=\"dot\" aria-hidden=\"true\"></span>In stock",
        body,
    )
    assert "More than 10 available" in body
    assert 'Low stock<span class="stock-hint">Only 3 left</span>' in body
    assert "On display in the showroom" in body
    assert "Not sold from display; orders ship from the bonded warehouse." in body
    other = Product.objects.get(code="C1")
    body = text(client.get(f"/p/{other.id}/", HTTP_COOKIE="django_language=en"))
    assert body.count("Out of stock") == 2
    assert "Not on display right now" in body
    assert "Sold out" in body


def test_showroom_stock_does_not_make_a_sku_available(client, stock):
    sku = SKU.objects.get(code="C1-50")
    lot_make(sku, stock["showroom"], 5)
    body = text(client.get(f"/p/{sku.product_id}/", HTTP_COOKIE="django_language=en"))
    assert "Sold out" in body and "On display in the showroom" in body


def test_product_not_public_is_404(client, catalog):
    product = Product.objects.get(code="F2")
    Product.objects.filter(pk=product.pk).update(status="delisted")
    assert client.get(f"/p/{product.id}/").status_code == 404
    assert client.get(f"/img/product/{product.id}.svg").status_code == 404
    assert client.get("/p/999999/").status_code == 404
    Product.objects.filter(pk=product.pk).update(status="approved", positive_list=False)
    assert client.get(f"/p/{product.id}/").status_code == 404
    assert "F2" not in codes(client.get("/products/"))


def test_404_page_is_friendly(client, catalog):
    response = client.get("/p/424242/")
    assert response.status_code == 404
    assert "页面不存在" in text(response)


# ---------- placeholder image ----------


def test_placeholder_image_is_deterministic_svg_with_cache_headers(client, catalog):
    product = Product.objects.get(code="C1")
    first = client.get(f"/img/product/{product.id}.svg")
    assert first.status_code == 200
    assert first["Content-Type"].startswith("image/svg+xml")
    assert "public" in first["Cache-Control"] and "max-age=86400" in first["Cache-Control"]
    svg = first.content.decode()
    assert svg.startswith("<svg") and ">AR</text>" in svg and "Alpine Rose" in svg
    assert "#a3405f" in svg  # skincare colour
    second = client.get(f"/img/product/{product.id}.svg")
    assert second.content == first.content and second["ETag"] == first["ETag"]
    cached = client.get(f"/img/product/{product.id}.svg", HTTP_IF_NONE_MATCH=first["ETag"])
    assert cached.status_code == 304 and cached.content == b""
    formula = Product.objects.get(code="F1")
    assert "#2f5f9e" in client.get(f"/img/product/{formula.id}.svg").content.decode()


# ---------- language and theme ----------


def test_language_is_chinese_until_the_visitor_switches(client, catalog):
    assert '<html lang="zh-hans"' in text(client.get("/"))
    # the browser's language does not decide: zh-Hans is the default for everyone
    assert '<html lang="zh-hans"' in text(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    client.cookies["django_language"] = "fr"  # a language the site does not offer
    assert '<html lang="zh-hans"' in text(client.get("/"))
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert '<html lang="en"' in text(response) and response["Content-Language"] == "en"
    assert "Cookie" in response["Vary"]


def test_language_switch_sticks(client, catalog):
    page = text(client.get("/products/"))
    assert 'action="/i18n/setlang/"' in page
    assert '<input type="hidden" name="next" value="/products/">' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/products/?sort=newest"})
    assert response.status_code == 302 and response["Location"] == "/products/?sort=newest"
    english = client.get("/products/")
    assert '<html lang="en"' in text(english) and "All products" in text(english)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "全部商品" in text(client.get("/products/"))


def test_theme_cookie(client, catalog):
    response = client.post("/theme/", {"theme": "dark", "next": "/products/?sort=newest"})
    assert response.status_code == 302 and response["Location"] == "/products/?sort=newest"
    cookie = response.cookies["theme"]
    assert cookie.value == "dark" and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 0
    body = text(client.get("/"))
    assert 'data-theme="dark"' in body
    assert '<button type="submit" name="theme" value="dark" aria-pressed="true">' in body
    client.post("/theme/", {"theme": "light"})
    assert 'data-theme="light"' in text(client.get("/"))


def test_theme_rejects_bad_values_and_foreign_redirects(client, catalog):
    assert client.post("/theme/", {"theme": "neon"}).status_code == 400
    assert client.get("/theme/").status_code == 405
    response = client.post("/theme/", {"theme": "auto", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    client.cookies["theme"] = "<script>"
    assert 'data-theme="auto"' in text(client.get("/"))


def test_theme_from_script_answers_204(client, catalog):
    response = client.post("/theme/", {"theme": "dark"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 204 and response.cookies["theme"].value == "dark"


def test_prices_are_formatted_from_decimals(client, reference, merchant):
    row = row_make(product_code="BIG", price="12345.60")
    services.catalog_import(rows=[(1, row)], status="approved")
    product = Product.objects.get(code="BIG")
    assert product.price_min == Decimal("12345.60")
    assert "¥12,345.60" in text(client.get(f"/p/{product.id}/"))
    assert product.published_at <= timezone.now()
