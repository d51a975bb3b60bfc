"""The catalog row validator (pure): every rule names the field it rejects."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from freeport.catalog import reference
from freeport.catalog.rows import COLUMNS, REQUIRED, BadLine, Reference, parse_row
from freeport.catalog.selectors import reference_index
from freeport.catalog.testing import row_make
from freeport.kernel.gtin import make_gtin13


@pytest.fixture(autouse=True)
def english():
    """Reasons are translated (zh-hans is the default language); assert on the English text."""
    with translation.override("en"):
        yield


def make_reference() -> Reference:
    """The reference data of reference.py plus two merchants, built without a database."""
    categories, leaves = {}, set()
    for root, _zh, _en, children in reference.CATEGORIES:
        categories[root] = root
        for leaf, _lzh, _len in children:
            categories[leaf] = root
            leaves.add(leaf)
    return Reference(
        merchants={"kiwi-dairy", "alpine"},
        brands={"kiwi-gold": "kiwi-dairy", "alpine-rose": "alpine"},
        categories=categories,
        leaf_categories=leaves,
        tax_profiles={p[0]: p[11] for p in reference.TAX_PROFILES},
        certifications={c[0] for c in reference.CERTIFICATIONS},
        tags={t[0] for t in reference.TAGS},
    )


REF = make_reference()
CREAM = dict(
    category="face-cream", hs_code="3304990099", age_min_months="", age_max_months="",
    stage_label="", net_content_unit="ml", net_content_value="50", net_weight_kg="0.050",
    gross_weight_kg="0.150", tags="fragrance-free", certifications="",
)  # fmt: skip
GOOD_GTIN = make_gtin13("940000000001")
BAD_GTIN = GOOD_GTIN[:-1] + str((int(GOOD_GTIN[-1]) + 1) % 10)
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def fields(overrides, line=7):
    row, errors = parse_row(row_make(**overrides), line, REF)
    assert all(e.line == line for e in errors)
    return row, [e.field for e in errors]


def test_row_make_is_valid_and_cleaned():
    row, errors = parse_row(
        row_make(net_content_unit="G", origin_country="nz", certifications="halal|kosher|halal"),
        3,
        REF,
    )
    assert errors == []
    assert row.line == 3
    assert row["price"] == Decimal("238.00")
    assert row["net_content_unit"] == "g"
    assert row["origin_country"] == "NZ"
    assert row["positive_list"] is True
    assert row["certifications"] == ["halal", "kosher"]  # order kept, repeats dropped
    assert row["shelf_life_days"] == 730
    assert row["age_min_months"] == 0
    assert row["active"] is True
    assert row["size_guide"] == []


@pytest.mark.parametrize(
    "overrides, field",
    [
        # HS code: shape, then existence
        ({"hs_code": "190110109"}, "hs_code"),
        ({"hs_code": "19011010901"}, "hs_code"),
        ({"hs_code": "1901.10.10"}, "hs_code"),
        ({"hs_code": "1901101090".translate(FULLWIDTH)}, "hs_code"),
        ({"hs_code": "1901101099"}, "hs_code"),  # 10 digits, no tax profile
        # positive-list flag
        ({"positive_list": "maybe"}, "positive_list"),
        ({"positive_list": "2"}, "positive_list"),
        ({"hs_code": "9307009000", "positive_list": "true"}, "positive_list"),
        ({"hs_code": "9307009000", "positive_list": True}, "positive_list"),
        # price
        ({"price": "0"}, "price"),
        ({"price": "0.00"}, "price"),
        ({"price": "-5"}, "price"),
        ({"price": "abc"}, "price"),
        ({"price": "12.345"}, "price"),
        ({"price": "238.000"}, "price"),
        ({"price": "NaN"}, "price"),
        ({"price": "Infinity"}, "price"),
        ({"price": "1_000"}, "price"),
        ({"price": "¥238"}, "price"),
        ({"price": "1000000.01"}, "price"),
        ({"price": 238.5}, "price"),  # a float: refused, never rounded through binary
        # units, content and weights
        ({"net_content_unit": "oz"}, "net_content_unit"),
        ({"net_content_unit": "pcs"}, "net_content_unit"),
        ({"net_content_value": "0"}, "net_content_value"),
        ({"net_content_value": "100000000"}, "net_content_value"),
        ({"net_weight_kg": "1.200", "gross_weight_kg": "1.150"}, "net_weight_kg"),
        ({"gross_weight_kg": "1.1505"}, "gross_weight_kg"),
        ({"gross_weight_kg": "100000", "net_weight_kg": "1"}, "gross_weight_kg"),
        ({"net_weight_kg": "-0.9"}, "net_weight_kg"),
        # GTIN
        ({"gtin": BAD_GTIN}, "gtin"),
        ({"gtin": "12345"}, "gtin"),
        ({"gtin": "94000000000A"}, "gtin"),
        ({"gtin": GOOD_GTIN.translate(FULLWIDTH)}, "gtin"),
        # compliance data required by category
        ({"ingredients_zh": ""}, "ingredients_zh"),
        ({"ingredients_en": ""}, "ingredients_en"),
        ({**CREAM, "ingredients_en": ""}, "ingredients_en"),
        ({"shelf_life_days": ""}, "shelf_life_days"),
        ({"shelf_life_days": "0"}, "shelf_life_days"),
        ({**CREAM, "shelf_life_days": ""}, "shelf_life_days"),
        ({"age_min_months": ""}, "age_min_months"),
        ({"age_min_months": "6", "age_max_months": "6"}, "age_max_months"),
        ({"age_min_months": "40000"}, "age_min_months"),
        ({"shelf_life_days": "-5"}, "shelf_life_days"),
        ({"shelf_life_days": "²"}, "shelf_life_days"),
        ({"shelf_life_days": "7.5"}, "shelf_life_days"),
        # references
        ({"category": "no-such-category"}, "category"),
        ({"category": "infant-formula"}, "category"),  # a root, not a leaf
        ({"merchant": "nobody"}, "merchant"),
        ({"certifications": "halal|bogus"}, "certifications"),
        ({"tags": ["grass-fed", "nope"]}, "tags"),
        ({"brand": "alpine-rose"}, "brand"),  # owned by another merchant
        ({"brand": "Kiwi Gold"}, "brand"),
        # shape of the row and its other columns
        ({"colour": "red"}, "colour"),
        ({"title_zh": "奶" * 201}, "title_zh"),
        ({"title_en": ["a", "b"]}, "title_en"),
        ({"description_en": "nul\x00byte"}, "description_en"),
        ({"record_number": "abc"}, "record_number"),
        ({"origin_country": "XX"}, "origin_country"),
        ({"sku_code": "has space"}, "sku_code"),
        ({"product_code": "x" * 41}, "product_code"),
        ({"size_guide": "{not json"}, "size_guide"),
        ({"size_guide": '{"size": "S"}'}, "size_guide"),
        ({"size_guide": [{"size": "S", "fits_zh": "小"}]}, "size_guide"),
        ({"active": "maybe"}, "active"),
    ],
)
def test_bad_row_names_the_field(overrides, field):
    row, found = fields(overrides)
    assert row is None
    assert found == [field]


@pytest.mark.parametrize("column", REQUIRED)
def test_each_required_column(column):
    row, found = fields({column: ""})
    assert row is None
    assert column in found
    row, found = fields({column: None})
    assert row is None
    assert column in found


def test_missing_column_is_required_too():
    raw = row_make()
    del raw["record_number"]
    row, errors = parse_row(raw, 2, REF)
    assert row is None
    assert [(e.line, e.field, e.reason) for e in errors] == [(2, "record_number", "required")]


def test_several_errors_in_one_row_all_reported():
    row, found = fields({"price": "0", "gtin": BAD_GTIN, "tags": "nope"})
    assert row is None
    assert sorted(found) == ["gtin", "price", "tags"]


def test_bad_line_and_non_objects_are_reported_under_dash():
    row, errors = parse_row(BadLine("not a JSON object"), 4, REF)
    assert row is None
    assert [str(e) for e in errors] == ["line 4: -: not a JSON object"]
    row, errors = parse_row(["a", "list"], 5, REF)
    assert row is None
    assert errors[0].field == "-"


@pytest.mark.parametrize(
    "overrides",
    [
        CREAM,  # skincare needs ingredients and shelf life but no age range
        {
            **CREAM,
            "category": "hair-dryer",
            "hs_code": "8516310000",
            "ingredients_zh": "",
            "ingredients_en": "",
            "shelf_life_days": "",
            "net_content_unit": "piece",
            "net_content_value": "1",
        },  # no compliance extras for appliances
        {"hs_code": "9307009000", "positive_list": "false", "category": "hair-dryer"},
        {"age_max_months": ""},  # open-ended range, e.g. "12 months +"
        {"price": Decimal("0.01")},
        {"price": "1000000"},
        {"price": 238},
        {"positive_list": "NO"},
        {"active": "false"},
        {"size_guide": '[{"size": "S", "fits_zh": "小", "fits_en": "small"}]'},
        {"tags": ["grass-fed", "a2-protein"], "certifications": []},
        {"gtin": "96385074"},  # GTIN-8
    ],
)
def test_valid_variants(overrides):
    row, errors = parse_row(row_make(**overrides), 1, REF)
    assert errors == []
    assert row is not None


def test_positive_list_false_is_kept():
    row, _ = parse_row(row_make(positive_list="false"), 1, REF)
    assert row["positive_list"] is False


def test_reference_index_matches_reference_data(merchant):
    ref = reference_index()
    assert ref.categories == REF.categories
    assert ref.leaf_categories == REF.leaf_categories
    assert ref.tax_profiles == REF.tax_profiles
    assert ref.tax_profiles["9307009000"] is False
    assert ref.certifications == REF.certifications
    assert ref.tags == REF.tags
    assert ref.merchants == {"kiwi-dairy"}


def test_columns_are_unique():
    assert len(COLUMNS) == len(set(COLUMNS))


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
)
def test_any_two_place_price_in_range_is_kept_exactly(price):
    row, errors = parse_row(row_make(price=str(price)), 1, REF)
    assert errors == []
    assert row["price"] == price
    assert str(row["price"]) == str(price)


@given(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1000"), places=3).filter(
        lambda d: d != d.quantize(Decimal("0.01"))
    )
)
def test_any_three_place_price_is_refused(price):
    row, errors = parse_row(row_make(price=f"{price:f}"), 1, REF)
    assert row is None
    assert [e.field for e in errors] == ["price"]
