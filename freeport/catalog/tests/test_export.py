"""`manage.py catalog_export`: the import format, round trips, streaming queries."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from freeport.catalog import exporting, services
from freeport.catalog.management.commands.catalog_import import read_csv, read_jsonl
from freeport.catalog.models import SKU, Brand, Product
from freeport.catalog.rows import COLUMNS, parse_row
from freeport.catalog.selectors import reference_index
from freeport.catalog.testing import merchant_make, row_make


@pytest.fixture(autouse=True)
def english():
    """Reasons are translated (zh-hans is the default language); assert on the English text."""
    with translation.override("en"):
        yield


def export(*args) -> str:
    out = io.StringIO()
    call_command("catalog_export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_file(path, *args) -> str:
    out = io.StringIO()
    call_command("catalog_import", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def rich_catalog(catalog):
    """The shared catalog plus what stresses the format: a size guide, an inactive SKU, text
    with line breaks, quotes, commas and pipes, a product off the positive list, a second
    merchant."""
    merchant_make("alpine", country="CH")
    rows = [
        row_make(product_code="T1", sku_code="T1-S", category="diapers", hs_code="9619001100",
                 brand="kiwi-baby", brand_zh="奇异宝宝", brand_en="Kiwi Baby",
                 title_en='Diapers "Night", size S', title_zh="夜用纸尿裤，S 码",
                 description_en="Soft | breathable\nUp to 12 h,\r\ndry.",
                 ingredients_zh="", ingredients_en="", shelf_life_days="",
                 age_min_months="", age_max_months="", stage_label="",
                 net_content_unit="piece", net_content_value="60", price="99.00",
                 size_guide='[{"size": "S", "fits_zh": "4–8 公斤", "fits_en": "4–8 kg"}]',
                 certifications="fsc|eu-organic", tags=""),
        row_make(product_code="T1", sku_code="T1-M", category="diapers", hs_code="9619001100",
                 brand="kiwi-baby", price="109.00", active="false"),
        row_make(merchant="alpine", brand="alpine-blades", brand_en="Alpine Blades",
                 product_code="K1", sku_code="K1", category="hair-dryer",
                 hs_code="9307009000", positive_list="false", ingredients_zh="",
                 ingredients_en="", shelf_life_days="", age_min_months="", age_max_months="",
                 stage_label="", origin_country="CH", gross_weight_kg="12.5",
                 net_weight_kg="12.5", net_content_value="1.5", net_content_unit="kg",
                 price="1000000.00", certifications="", tags=""),
    ]  # fmt: skip
    result = services.catalog_import(rows=list(enumerate(rows, start=1)))
    assert result.imported and not result.errors, result.errors
    return result


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_round_trip(rich_catalog, tmp_path, fmt):
    first = tmp_path / f"first.{fmt}"
    call_command("catalog_export", "--output", str(first), stderr=io.StringIO())
    data = first.read_bytes()

    # Importing the export into the same database changes nothing ...
    out = import_file(first)
    assert "products: 0 created, 0 updated, 5 unchanged" in out
    assert "SKUs: 0 created, 0 updated, 7 unchanged" in out

    # ... and into an empty catalog rebuilds it, so that it exports to the same bytes.
    SKU.objects.all().delete()
    Product.objects.all().delete()
    Brand.objects.all().delete()
    out = import_file(first, "--status", "approved")
    assert "products: 5 created" in out and "SKUs: 7 created" in out
    second = tmp_path / f"second.{fmt}"
    call_command("catalog_export", "--output", str(second), stderr=io.StringIO())
    assert second.read_bytes() == data
    assert not SKU.objects.get(code="T1-M").is_active
    t1 = Product.objects.get(code="T1")
    assert t1.description_en == "Soft | breathable\nUp to 12 h,\r\ndry."
    assert t1.size_guide == [{"size": "S", "fits_zh": "4–8 公斤", "fits_en": "4–8 kg"}]
    assert (t1.price_min, t1.price_max) == (99, 99)  # the inactive SKU does not count


def test_jsonl_rows_in_column_order_with_exact_types(rich_catalog):
    lines = export().splitlines()
    assert len(lines) == SKU.objects.count() == 7
    rows = [json.loads(line) for line in lines]
    assert all(list(r) == COLUMNS for r in rows)
    # sorted by merchant, product code, SKU code
    keys = [(r["merchant"], r["sku_code"]) for r in rows]
    assert keys[:2] == [("alpine", "K1"), ("kiwi-dairy", "C1-50")]
    t1s = next(r for r in rows if r["sku_code"] == "T1-S")
    assert t1s["price"] == "99.00"
    assert t1s["gross_weight_kg"] == "1.150"
    assert t1s["certifications"] == ["eu-organic", "fsc"]
    assert t1s["tags"] == []
    assert t1s["shelf_life_days"] is None
    assert t1s["positive_list"] is True and t1s["active"] is True
    assert t1s["title_zh"] == "夜用纸尿裤，S 码"  # UTF-8, not \u escapes
    assert "夜用纸尿裤" in lines[[r["sku_code"] for r in rows].index("T1-S")]
    k1 = rows[0]
    assert k1["positive_list"] is False and k1["price"] == "1000000.00"


def test_csv_header_and_cells(rich_catalog):
    text = export("--format", "csv")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = dict(read_csv(io.StringIO(text, newline="")))
    assert len(rows) == 7
    f1 = next(r for r in rows.values() if r["sku_code"] == "F1-900")
    assert f1["certifications"] == "halal" and f1["positive_list"] == "true"
    assert f1["active"] == "true" and f1["size_guide"] == ""
    c1 = next(r for r in rows.values() if r["sku_code"] == "C1-50")
    assert c1["tags"] == "fragrance-free|sensitive-skin" and c1["age_min_months"] == ""


def test_merchant_filter_and_unknown_merchant(rich_catalog):
    rows = [json.loads(line) for line in export("--merchant", "alpine").splitlines()]
    assert [r["sku_code"] for r in rows] == ["K1"]
    with pytest.raises(CommandError, match="unknown merchant"):
        export("--merchant", "nobody")


def test_format_from_output_extension(rich_catalog, tmp_path):
    path = tmp_path / "out.csv"
    call_command("catalog_export", "-o", str(path), stderr=io.StringIO())
    assert path.read_text(encoding="utf-8").startswith("merchant,brand,")


def test_query_count_does_not_grow_with_the_catalog(catalog):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            export()
        return len(ctx.captured_queries)

    small = count_queries()
    rows = [
        row_make(product_code=f"Q{i}", sku_code=f"Q{i}-{j}", tags="grass-fed|a2-protein")
        for i in range(30)
        for j in range(2)
    ]
    assert services.catalog_import(rows=list(enumerate(rows, start=1))).imported
    assert SKU.objects.count() == 64
    assert count_queries() == small
    assert small <= 5  # merchant check aside: SKUs + tags + certifications per chunk


text_cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
).map(str.strip)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(description=text_cells, variant=text_cells)
def test_any_text_survives_both_serialisations(reference, description, variant):
    """Pure serialisation round trip: export cells -> file reader -> row validator."""
    merchant_make()
    ref = reference_index()
    raw = row_make(description_en=description, variant_zh=variant)
    row, errors = parse_row(raw, 1, ref)
    assert not errors
    exported = {name: row.values.get(name) for name in COLUMNS}
    exported["brand_zh"], exported["brand_en"] = raw["brand_zh"], raw["brand_en"]
    csv_text = io.StringIO(newline="")
    exporting.write_rows([exported], csv_text, "csv")
    jsonl_text = exporting.jsonl_line(exported)
    for reader, text in ((read_csv, csv_text.getvalue()), (read_jsonl, jsonl_text)):
        ((_, back),) = list(reader(io.StringIO(text, newline="")))
        again, errors = parse_row(back, 2, ref)
        assert not errors
        assert again.values == row.values
