"""The shopper's tax calculator at /tax/calculator/ (GET form, engine figures, field errors)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = "/tax/calculator/"


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def error_of(html: str, field: str) -> str:
    match = re.search(rf'<p class="field-error" id="id_{field}_error">([^<]*)</p>', html)
    return match.group(1) if match else ""


def test_named_url_and_linked_from_every_page(client, catalog):
    assert reverse("storefront:tax_calculator") == URL
    assert f'href="{URL}"' in body(client.get("/"))


def test_empty_form_shows_no_result_and_no_error(client, catalog):
    html = body(client.get(URL))
    assert "<h1>跨境税费计算器</h1>" in html
    assert 'class="field-error"' not in html and "应付总额" not in html
    assert '<label for="id_price">单件价格（元）</label>' in html
    assert '<option value="face-cream">面霜</option>' in html  # categories with products
    assert '<option value="F1-400">' in html  # SKU suggestions


def test_sku_from_a_product_page_is_quoted_at_once(client, catalog):
    html = body(client.get(URL, {"sku": "C1-50"}))
    # rules §10 (c): 850.00 high-end cosmetic, CT 105.00 + VAT 91.00
    assert "<strong>¥1,046.00</strong>" in html
    assert "所用税号：3304990099 其他美容护肤品" in html
    assert '<th scope="row">消费税</th><td class="num">¥105.00</td>' in html
    assert '<th scope="row">进口增值税</th><td class="num">¥91.00</td>' in html
    assert 'value="C1-50"' in html  # the field keeps the code


def test_price_and_category_with_freight_and_quantity(client, catalog):
    html = body(client.get(URL, {"price": "250.00", "quantity": "2", "category": "formula-cow",
                                 "freight": "20.00"}))  # fmt: skip
    # rules §10 (d): 2 × 250 + 20 freight, VAT 13 % × 70 % = 47.32
    assert "所用税号：1901101090 婴儿配方奶粉" in html
    assert '<th scope="row">完税价格</th><td class="num">¥520.00</td>' in html
    assert '<th scope="row">税费合计</th><td class="num">¥47.32</td>' in html
    assert "<strong>¥567.32</strong>" in html
    for step in ("完税价格", "关税", "消费税", "进口增值税", "跨境电商 70% 规则", "应付总额"):
        assert f'<span class="step-title">{step}</span>' in html
    assert "单次交易限值：5,000 元" in html and "个人年度交易限值：26,000 元" in html
    assert "本单之后剩余 ¥25,480.00" in html


def test_single_item_over_5000_full_tax_and_the_limits_explained(client, catalog):
    html = body(client.get(URL, {"price": "6000", "category": "formula-cow"}))
    # one item over 5,000: tariff at the provisional rate (0 %), VAT 13 % in full = 780.00
    assert "跨境电商零售进口（单件超过 5,000 元）" in html
    assert "<strong>¥6,780.00</strong>" in html
    assert "只有一件不可分割的商品" in html
    html = body(client.get(URL, {"price": "3000", "quantity": "2", "category": "formula-cow"}))
    assert "多件商品超过 5,000 元单次限值" in html
    assert "<strong>" not in html.split("calc-result")[1]  # no total payable
    assert "请拆分为每单不超过 5,000 元" in html


def test_annual_limit_refusal(client, catalog):
    html = body(client.get(URL, {"price": "200", "category": "formula-cow",
                                 "annual_used": "25900"}))  # fmt: skip
    assert "超过 26,000 元年度限值" in html  # rules §10 (f)
    assert "剩余 ¥100.00" in html and "须按一般贸易处理" in html


def test_cosmetics_need_the_net_content(client, catalog):
    html = body(client.get(URL, {"price": "200", "category": "face-cream"}))
    assert error_of(html, "content_value") == "该类目的税额取决于净含量，请填写。"
    assert 'aria-describedby="id_content_value_helptext id_content_value_error"' in html
    html = body(client.get(URL, {"price": "200", "category": "face-cream",
                                 "content_value": "15", "content_unit": "ml"}))  # fmt: skip
    assert "<strong>¥246.12</strong>" in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"price": "-5", "category": "formula-cow"}, "price", "请输入大于 0 的价格。"),
        ({"price": "0", "category": "formula-cow"}, "price", "请输入大于 0 的价格。"),
        ({"price": "abc", "category": "formula-cow"}, "price",
         "请输入以元为单位的金额，例如 199.00。"),
        ({"price": "1.999", "category": "formula-cow"}, "price", "最多保留两位小数。"),
        ({"price": "10", "category": ""}, "category", "请选择类目。"),
        ({"price": "10", "category": "formula-cow", "quantity": "0"}, "quantity",
         "请输入件数，至少为 1 的整数。"),
        ({"sku": "NOPE-1"}, "sku", "没有在售商品的 SKU 编码是“NOPE-1”。"),
        ({"sku": "F1-400", "freight": "-1"}, "freight", "运费不能为负数。"),
        ({"sku": ""}, "sku", "请输入 SKU 编码，或输入价格并选择类目。"),
    ],
)  # fmt: skip
def test_bad_input_is_named_next_to_the_field_and_no_result(client, catalog, params, field,
                                                            message):  # fmt: skip
    html = body(client.get(URL, params))
    assert error_of(html, field) == message
    # the control is marked invalid and described by its error
    control = re.search(rf'<(?:input|select) [^>]*id="id_{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in control and f"id_{field}_error" in control
    assert 'role="alert"' in html
    assert "应付总额" not in html and "calc-total" not in html


def test_english(client, catalog):
    client.cookies["django_language"] = "en"
    html = body(client.get(URL, {"sku": "C1-50"}))
    assert "<h1>Import tax calculator</h1>" in html
    assert "HS code used: 3304990099 Other beauty and skincare preparations" in html
    assert '<th scope="row">Consumption tax</th><td class="num">¥105.00</td>' in html
    assert '<span class="step-title">The 70% CBEC rule</span>' in html
    html = body(client.get(URL, {"price": "-5", "category": "formula-cow", "quantity": "0"}))
    assert error_of(html, "price") == "Enter a price greater than 0."
    assert error_of(html, "quantity") == "Enter a whole number of items, at least 1."


def test_query_count_is_fixed(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # categories (3), SKU list, the SKU
        body(client.get(URL, {"sku": "C1-50"}))
