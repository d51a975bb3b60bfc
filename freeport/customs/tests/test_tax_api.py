import json

import pytest


def post(client, body):
    return client.post("/api/v1/tax/quote", json.dumps(body), content_type="application/json")


COSMETIC_LINE = {
    "unit_price": "200.00", "quantity": 1, "hs_code": "3304990099", "vat_rate": "0.13",
    "tariff_rate": "0.01", "consumption_tax": {"kind": "ad_valorem", "rate": "0.10"},
    "net_content": {"value": "50", "unit": "ml"},
}  # fmt: skip


def test_quote_with_explicit_figures(client, db):
    r = post(client, {"lines": [COSMETIC_LINE], "freight": "0.00", "insurance": "0.00",
                      "discount": "0.00", "annual_used": "0.00"})  # fmt: skip
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["regime"] == "cbec" and body["reason"] is None
    # CT 200/0.9×0.1 = 22.222 → ×0.7 = 15.56; VAT (200+22.222)×0.13×0.7 = 20.22
    assert body["lines"][0]["consumption_tax"] == "15.56"
    assert body["lines"][0]["vat"] == "20.22"
    assert body["totals"]["tax"] == "35.78"
    assert body["totals"]["payable"] == "235.78"
    assert body["quota"] == {"limit": "26000.00", "used": "0.00", "remaining": "26000.00",
                             "remaining_after": "25800.00"}  # fmt: skip
    assert body["explanation"]["zh"] and body["explanation"]["en"]


def test_quote_by_sku_uses_the_catalog_tax_profile(client, catalog):
    # C1-50: 850.00 night cream, 30 ml, HS 3304990099 (high-end cosmetic rule) → example (c)
    r = post(client, {"lines": [{"sku": "C1-50", "quantity": 1}]})
    body = r.json()
    assert body["lines"][0]["high_end_cosmetic"] is True
    assert body["totals"]["tax"] == "196.00"
    r = post(client, {"lines": [{"sku": "F1-900", "quantity": 2}], "freight": "20.00"})
    assert r.json()["totals"]["dutiable_value"] == "496.00"
    assert r.json()["totals"]["tax"] == "45.14"  # 496 × 0.091 = 45.136


def test_refusals(client, catalog):
    r = post(client, {"lines": [{"sku": "F1-900", "quantity": 1}], "annual_used": "25900.00"})
    body = r.json()
    assert (body["regime"], body["reason"], body["lines"]) == ("refused", "annual_limit", [])
    assert body["quota"]["remaining"] == "100.00"
    r = post(client, {"lines": [{"sku": "C1-50", "quantity": 6}]})
    assert r.json()["reason"] == "single_limit"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"lines": [{**COSMETIC_LINE, "unit_price": "-1"}]}, "lines.0.unit_price"),
        ({"lines": [{"sku": "NOPE", "quantity": 1}]}, "lines.0.sku"),
        ({"lines": [{**COSMETIC_LINE, "vat_rate": "1.5"}]}, "lines.0.vat_rate"),
        ({"lines": [{**COSMETIC_LINE, "consumption_tax": {"kind": "ad_valorem", "rate": "2"}}]},
         "lines.0.consumption_tax.rate"),
        ({"lines": [{**COSMETIC_LINE, "consumption_tax": {"kind": "luxury"}}]},
         "lines.0.consumption_tax.kind"),
        ({"lines": [{**COSMETIC_LINE, "quantity": 0}]}, "lines.0.quantity"),
        ({"lines": [{**COSMETIC_LINE, "unit_price": "abc"}]}, "lines.0.unit_price"),
        ({"lines": [{"quantity": 1}]}, "lines.0"),
        ({"lines": []}, "lines"),
        ({"lines": [COSMETIC_LINE], "freight": "-3"}, "freight"),
        ({"lines": [COSMETIC_LINE], "discount": "500"}, "discount"),
    ],
)  # fmt: skip
def test_bad_input_is_422_naming_the_field(client, catalog, body, field):
    r = post(client, body)
    assert r.status_code == 422, r.content
    assert r.json()["code"] == "validation_error"
    assert field in [e["field"] for e in r.json()["errors"]]


def test_malformed_json_is_a_clear_error(client, db):
    r = client.post("/api/v1/tax/quote", "{not json", content_type="application/json")
    assert r.status_code in (400, 422)
    assert "code" in r.json()
