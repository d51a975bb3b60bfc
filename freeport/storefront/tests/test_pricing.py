"""Tax-inclusive prices (含税价) on cards and the product page: the engine's figures, shown."""

from decimal import Decimal

import pytest
from django.utils import translation

from freeport.catalog import services
from freeport.catalog.models import SKU, Product
from freeport.catalog.testing import row_make
from freeport.customs import quoting
from freeport.customs.tax import OrderInput, quote
from freeport.storefront import pricing

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def serum(catalog):
    """A 200.00 high-end cosmetic (15 ml: 13.33 per ml >= 10): VAT 13 % and consumption tax 15 %."""
    row = row_make(
        product_code="S1", sku_code="S1-15", brand="alpine-rose", brand_zh="阿尔卑斯玫瑰",
        brand_en="Alpine Rose", category="serum", hs_code="3304990099",
        title_en="Alpine Rose Serum", title_zh="阿尔卑斯玫瑰 精华", price="200.00",
        net_content_value="15", net_content_unit="ml", net_weight_kg="0.015",
        gross_weight_kg="0.080", origin_country="CH", age_min_months="", age_max_months="",
        stage_label="", certifications="", tags="",
    )  # fmt: skip
    result = services.catalog_import(rows=[(1, row)], status="approved")
    assert result.imported, result.errors
    return Product.objects.get(code="S1")


def engine_payable(code: str) -> Decimal:
    sku = SKU.objects.select_related("product__tax_profile").get(code=code)
    return quote(OrderInput(lines=(quoting.line_for_sku(sku, 1),))).totals["payable"]


def test_product_page_shows_the_engines_payable_and_its_breakdown(client, serum):
    assert engine_payable("S1-15") == Decimal("246.12")  # 200 + CT 24.71 + VAT 21.41
    body = text(client.get(f"/p/{serum.id}/"))
    assert '<p class="product-price">含税价 ¥246.12</p>' in body
    assert "税前 ¥200.00" in body
    # the breakdown: a native disclosure, one per SKU, with every figure
    assert '<details class="tax-details" id="tax-S1-15">' in body
    for label, amount in [
        ("商品价格", "¥200.00"), ("关税", "¥0.00"), ("消费税", "¥24.71"), ("进口增值税", "¥21.41"),
        ("税费合计", "¥46.12"), ("跨境电商减征 30%（已扣除）", "−¥19.76"), ("应付合计", "¥246.12"),
    ]:  # fmt: skip
        assert f'<th scope="row">{label}</th><td class="num">{amount}</td>' in body
    assert "跨境电商零售进口（限值以内）" in body
    assert "消费税（高档化妆品）35.29 × 70% = 24.71" in body  # explain.py, in Chinese
    assert 'href="/tax/calculator/?sku=S1-15"' in body
    assert 'href="#tax-S1-15">¥246.12</a>' in body  # the variants table links to it


def test_product_page_in_english(client, serum):
    client.cookies["django_language"] = "en"
    body = text(client.get(f"/p/{serum.id}/"))
    assert '<p class="product-price">¥246.12 incl. tax</p>' in body
    assert "¥200.00 before tax" in body
    assert '<th scope="row">Consumption tax</th><td class="num">¥24.71</td>' in body
    assert "Show the tax breakdown" in body
    assert "consumption tax (high-end cosmetics) 35.29 × 70% = 24.71" in body
    assert "CBEC retail import within the limits" in body


def test_each_sku_is_priced_with_its_own_content(client, catalog):
    """F1 (formula, VAT 13 % only): 129.00 → 140.74, 238.00 → 259.66."""
    f1 = Product.objects.get(code="F1")
    body = text(client.get(f"/p/{f1.id}/"))
    assert engine_payable("F1-400") == Decimal("140.74")
    assert engine_payable("F1-900") == Decimal("259.66")
    assert '<p class="product-price">含税价 ¥140.74 – ¥259.66</p>' in body
    assert 'id="tax-F1-400"' in body and 'id="tax-F1-900"' in body
    assert body.count("<details") == 2


def test_cards_show_the_tax_inclusive_range_and_the_pre_tax_price(client, serum):
    body = text(client.get("/products/"))
    assert '<p class="card-price">含税价 ¥140.74 – ¥259.66</p>' in body  # F1, two SKUs
    assert '<p class="card-pretax">税前 ¥129.00 起</p>' in body
    assert '<p class="card-price">含税价 ¥246.12</p>' in body  # the serum
    assert '<p class="card-price">含税价 ¥1,046.00</p>' in body  # C1: 850 + 196 (rules §10 c)
    body = text(client.get("/products/?sort=price_desc"))
    assert '<p class="card-pretax">税前 最高 ¥238.00</p>' in body
    client.cookies["django_language"] = "en"
    body = text(client.get("/"))
    assert '<p class="card-price">¥140.74 – ¥259.66 incl. tax</p>' in body
    assert '<p class="card-pretax">from ¥129.00 before tax</p>' in body


def test_a_single_item_over_5000_pays_full_tax_and_over_26000_has_no_tax_inclusive_price(
    client, catalog
):
    rows = [
        row_make(product_code="W1", sku_code="W1-6", category="red-wine", hs_code="2204210000",
                 price="6000.00", net_content_value="4.5", net_content_unit="l",
                 title_en="Grand Vin case", title_zh="正牌 整箱", age_min_months="",
                 age_max_months="", stage_label=""),
        row_make(product_code="W2", sku_code="W2-1", category="red-wine", hs_code="2204210000",
                 price="30000.00", net_content_value="0.75", net_content_unit="l",
                 title_en="Collector bottle", title_zh="收藏级", age_min_months="",
                 age_max_months="", stage_label=""),
    ]  # fmt: skip
    assert services.catalog_import(rows=list(enumerate(rows, 1)), status="approved").imported
    # full tax: tariff 14 % 840.00; CT (6000 + 840) / 0.9 × 0.1 = 760.00; VAT 988.00
    assert engine_payable("W1-6") == Decimal("8588.00")
    body = text(client.get(f"/p/{Product.objects.get(code='W1').id}/"))
    assert '<p class="product-price">含税价 ¥8,588.00</p>' in body
    assert "跨境电商零售进口（单件超过 5,000 元）" in body
    body = text(client.get(f"/p/{Product.objects.get(code='W2').id}/"))
    assert '<p class="product-price">税前 ¥30,000.00</p>' in body
    assert "超过 26,000 元年度限值" in body
    listing = text(client.get("/c/red-wine/"))
    assert '<p class="card-price">¥30,000.00</p>' in listing  # no tax-inclusive figure


def test_price_labels_use_the_engine_quotes():
    with translation.override("zh-hans"):
        lo = pricing.unit_quote(_profile(), Decimal("100.00"))
        labels = pricing.price_labels(Decimal("100"), Decimal("100"), lo, lo)
        assert labels.tax_inclusive == "含税价 ¥109.10"  # rules §10 a
        assert labels.pre_tax == "税前 ¥100.00"
        assert pricing.unit_quote(_profile(), Decimal("0")) is None
        none = pricing.price_labels(Decimal("100"), Decimal("100"), None, None)
        assert none.tax_inclusive == ""


def test_high_end_cosmetic_without_content_is_not_priced():
    cream = _profile(ct_kind="high_end_cosmetic", ct_rate=Decimal("0.15"))
    assert pricing.unit_quote(cream, Decimal("200.00")) is None
    q = pricing.unit_quote(cream, Decimal("200.00"), Decimal("15"), "ml")
    assert pricing.payable(q) == Decimal("246.12")


def _profile(**overrides):
    from freeport.catalog.models import TaxProfile

    fields = dict(hs_code="1901101090", tariff_mfn_rate=Decimal("0.15"),
                  tariff_provisional_rate=Decimal("0"), vat_rate=Decimal("0.13"),
                  ct_kind="none", ct_rate=Decimal("0"), ct_amount=Decimal("0"))  # fmt: skip
    fields.update(overrides)
    return TaxProfile(**fields)
