"""`manage.py catalog_import` on real CSV and JSON Lines files."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from freeport.catalog.models import SKU, Brand, ListingReview, Product
from freeport.catalog.rows import COLUMNS
from freeport.catalog.testing import merchant_make, row_make


@pytest.fixture(autouse=True)
def english():
    """Reasons are translated (zh-hans is the default language); assert on the English text."""
    with translation.override("en"):
        yield


def formula_rows():
    """Three SKUs of two products, plus a skincare product of another brand."""
    return [
        row_make(product_code="F1", sku_code="F1-900", price="238.00"),
        row_make(product_code="F1", sku_code="F1-400", price="129.00", variant_en="400 g",
                 net_content_value="400", net_weight_kg="0.400", gross_weight_kg="0.520"),
        row_make(product_code="F2", sku_code="F2-900", price="268.00", age_min_months="6",
                 age_max_months="12", stage_label="Stage 2", title_en="Kiwi Gold Stage 2"),
        row_make(product_code="C1", sku_code="C1-50", brand="kiwi-skin", brand_zh="奇异肌",
                 brand_en="Kiwi Skin", category="face-cream", hs_code="3304990099",
                 title_en="Kiwi Skin Night Cream", title_zh="奇异肌 晚霜", price="450.00",
                 net_content_value="50", net_content_unit="ml", net_weight_kg="0.050",
                 gross_weight_kg="0.150", age_min_months="", age_max_months="",
                 stage_label="", certifications="", tags="fragrance-free|sensitive-skin",
                 size_guide=""),
    ]  # fmt: skip


def write_csv(path, rows, bom=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[c for c in COLUMNS if c in rows[0]])
        writer.writeheader()
        writer.writerows(rows)
    return path


def jsonl_value(name, value):
    if name in ("certifications", "tags"):
        return [v for v in value.split("|") if v]
    return value


def write_jsonl(path, rows, lines_between=()):
    with open(path, "w", encoding="utf-8") as f:
        for i, row in enumerate(rows):
            f.write(json.dumps({k: jsonl_value(k, v) for k, v in row.items()}) + "\n")
            if i in lines_between:
                f.write("\n")
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("catalog_import", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path, *args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("catalog_import", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(exc.value)


@pytest.fixture(params=["csv", "jsonl"])
def fmt(request):
    return request.param


def write(tmp_path, fmt, rows, name="catalog"):
    path = tmp_path / f"{name}.{fmt}"
    return write_csv(path, rows) if fmt == "csv" else write_jsonl(path, rows)


def test_good_file_imports(merchant, tmp_path, fmt):
    out, err = run(write(tmp_path, fmt, formula_rows()))
    assert "rows: 4 read, 4 imported, 0 bad" in out
    assert "products: 3 created, 0 updated, 0 unchanged" in out
    assert "SKUs: 4 created, 0 updated, 0 unchanged" in out
    assert "errors: 0" in out
    assert err == ""
    f1 = Product.objects.get(merchant=merchant, code="F1")
    assert (f1.price_min, f1.price_max) == (Decimal("129.00"), Decimal("238.00"))
    assert f1.status == "pending" and f1.published_at is None
    assert f1.brand.slug == "kiwi-gold"
    assert list(f1.certifications.values_list("code", flat=True)) == ["halal"]
    c1 = Product.objects.get(code="C1")
    assert c1.brand.merchant == merchant  # a new brand, created for the row's merchant
    assert c1.brand.country == "NZ"
    assert sorted(c1.tags.values_list("code", flat=True)) == ["fragrance-free", "sensitive-skin"]
    assert c1.age_min_months is None and c1.size_guide == []
    sku = SKU.objects.get(code="F1-400")
    assert sku.price == Decimal("129.00") and sku.net_content_unit == "g"
    assert sku.merchant == merchant and sku.is_active


def test_one_bad_row_imports_nothing(merchant, tmp_path, fmt):
    rows = formula_rows()
    rows[1]["price"] = "-1"
    out, err, message = run_failing(write(tmp_path, fmt, rows))
    # CSV: header is line 1, so the second data row is line 3; JSONL: line 2.
    line = 3 if fmt == "csv" else 2
    assert f"line {line}: price: must be greater than 0" in err.splitlines()
    assert "nothing imported" in message
    assert "--skip-invalid" in message
    assert "rows: 4 read, 0 imported, 1 bad" in out
    assert Product.objects.count() == 0
    assert SKU.objects.count() == 0
    assert Brand.objects.filter(slug="kiwi-skin").count() == 0


def test_skip_invalid_imports_the_rest(merchant, tmp_path, fmt):
    rows = formula_rows()
    rows[2]["hs_code"] = "12345"
    rows[3]["gtin"] = "4006381333932"
    out, err = run(write(tmp_path, fmt, rows), "--skip-invalid")
    base = 1 if fmt == "csv" else 0
    assert err.splitlines() == [
        f"line {3 + base}: hs_code: must be exactly 10 digits",
        f"line {4 + base}: gtin: not a valid GTIN-8/12/13/14 (check digit)",
    ]
    assert "rows: 4 read, 2 imported, 2 bad" in out
    assert "errors: 2" in out
    assert sorted(SKU.objects.values_list("code", flat=True)) == ["F1-400", "F1-900"]
    assert list(Product.objects.values_list("code", flat=True)) == ["F1"]


def test_skip_invalid_with_no_valid_row_fails(merchant, tmp_path, fmt):
    rows = formula_rows()[:1]
    rows[0]["merchant"] = "nobody"
    _, err, message = run_failing(write(tmp_path, fmt, rows), "--skip-invalid")
    assert "merchant: unknown merchant 'nobody'" in err
    assert "nothing imported" in message


def test_reimport_is_idempotent(merchant, tmp_path, fmt):
    path = write(tmp_path, fmt, formula_rows())
    run(path)
    before = {s.code: (s.id, s.updated_at) for s in SKU.objects.all()}
    products_before = {p.code: (p.id, p.updated_at) for p in Product.objects.all()}
    labels_before = list(Product.tags.through.objects.order_by("id").values_list())
    out, err = run(path)
    assert "products: 0 created, 0 updated, 3 unchanged" in out
    assert "SKUs: 0 created, 0 updated, 4 unchanged" in out
    assert err == ""
    assert {s.code: (s.id, s.updated_at) for s in SKU.objects.all()} == before
    assert {p.code: (p.id, p.updated_at) for p in Product.objects.all()} == products_before
    assert list(Product.tags.through.objects.order_by("id").values_list()) == labels_before
    assert Brand.objects.count() == 2


def test_price_update_refreshes_product_range(merchant, tmp_path, fmt):
    rows = formula_rows()
    run(write(tmp_path, fmt, rows))
    rows[0]["price"] = "99.90"  # F1-900 becomes the cheapest of F1
    out, _ = run(write(tmp_path, fmt, rows, name="v2"))
    assert "SKUs: 0 created, 1 updated, 3 unchanged" in out
    assert "products: 0 created, 0 updated, 3 unchanged" in out
    f1 = Product.objects.get(code="F1")
    assert (f1.price_min, f1.price_max) == (Decimal("99.90"), Decimal("129.00"))
    assert SKU.objects.get(code="F1-900").price == Decimal("99.90")


def test_product_fields_and_label_sets_are_replaced(merchant, tmp_path, fmt):
    rows = formula_rows()
    run(write(tmp_path, fmt, rows))
    rows[3]["title_en"] = "Kiwi Skin Night Cream (new pack)"
    rows[3]["tags"] = "fragrance-free|paraben-free"
    rows[0]["certifications"] = ""
    out, _ = run(write(tmp_path, fmt, rows, name="v2"))
    assert "products: 0 created, 2 updated, 1 unchanged" in out
    c1 = Product.objects.get(code="C1")
    assert c1.title_en == "Kiwi Skin Night Cream (new pack)"
    assert sorted(c1.tags.values_list("code", flat=True)) == ["fragrance-free", "paraben-free"]
    assert not Product.objects.get(code="F1").certifications.exists()


def test_duplicate_sku_code_in_file(merchant, tmp_path, fmt):
    rows = formula_rows()
    rows[2]["sku_code"] = "F1-900"
    _, err, _ = run_failing(write(tmp_path, fmt, rows))
    first, dup = (2, 4) if fmt == "csv" else (1, 3)
    assert f"line {dup}: sku_code: duplicate of line {first}" in err.splitlines()
    assert SKU.objects.count() == 0


def test_same_sku_code_for_two_merchants_is_fine(merchant, tmp_path):
    merchant_make("alpine")
    rows = formula_rows()[:1]
    other = row_make(merchant="alpine", brand="alpine-milk", product_code="F1", sku_code="F1-900")
    rows.append(other)
    out, _ = run(write_jsonl(tmp_path / "two.jsonl", rows))
    assert "SKUs: 2 created" in out
    assert SKU.objects.filter(code="F1-900").count() == 2


def test_new_brand_claimed_by_two_merchants(merchant, tmp_path):
    merchant_make("alpine")
    rows = formula_rows()[:1]
    rows[0]["brand"] = "shared-brand"
    rows.append(row_make(merchant="alpine", brand="shared-brand", product_code="A1"))
    _, err, _ = run_failing(write_jsonl(tmp_path / "b.jsonl", rows))
    assert "line 2: brand: new brand already claimed by merchant kiwi-dairy on line 1" in err


def test_status_approved_publishes_and_records_review(merchant, tmp_path):
    path = write(tmp_path, "csv", formula_rows())
    run(path, "--status", "approved")
    assert set(Product.objects.values_list("status", flat=True)) == {"approved"}
    assert not Product.objects.filter(published_at__isnull=True).exists()
    assert ListingReview.objects.filter(from_status="pending", to_status="approved").count() == 3
    # Approved products cannot go back to pending: the import keeps their status and says so.
    out, err = run(path, "--status", "pending")
    assert set(Product.objects.values_list("status", flat=True)) == {"approved"}
    assert "note: kiwi-dairy F1: status stays approved" in err
    assert "products: 0 created, 0 updated, 3 unchanged" in out
    assert ListingReview.objects.count() == 3


def test_status_relists_delisted_product(merchant, tmp_path):
    path = write(tmp_path, "csv", formula_rows())
    run(path)
    Product.objects.filter(code="F1").update(status="delisted")
    out, _ = run(path, "--status", "approved")
    assert "products: 0 created, 3 updated, 0 unchanged" in out
    review = ListingReview.objects.get(product__code="F1")
    assert (review.from_status, review.to_status, review.reason) == (
        "delisted",
        "approved",
        "bulk import",
    )


def test_moving_a_sku_refreshes_both_products(merchant, tmp_path):
    rows = formula_rows()
    run(write(tmp_path, "jsonl", rows))
    rows[0]["product_code"] = "F2"  # F1-900 (238.00) moves from F1 to F2
    run(write(tmp_path, "jsonl", rows, name="v2"))
    f1, f2 = Product.objects.get(code="F1"), Product.objects.get(code="F2")
    assert (f1.price_min, f1.price_max) == (Decimal("129.00"), Decimal("129.00"))
    assert (f2.price_min, f2.price_max) == (Decimal("238.00"), Decimal("268.00"))


def test_inactive_sku_leaves_price_range(merchant, tmp_path):
    rows = formula_rows()
    rows[0]["active"] = "false"
    run(write(tmp_path, "csv", rows))
    assert not SKU.objects.get(code="F1-900").is_active
    f1 = Product.objects.get(code="F1")
    assert (f1.price_min, f1.price_max) == (Decimal("129.00"), Decimal("129.00"))


def test_jsonl_numbers_blank_lines_and_bad_lines(merchant, tmp_path):
    rows = formula_rows()[:2]
    path = tmp_path / "mixed.jsonl"
    first = json.dumps({k: jsonl_value(k, v) for k, v in rows[0].items()})
    first = first.replace('"price": "238.00"', '"price": 238.5').replace(
        '"shelf_life_days": "730"', '"shelf_life_days": 730'
    )
    path.write_text(
        first + "\n\n   \n"  # lines 2-3 blank
        "[1, 2, 3]\n"  # line 4
        '{"merchant": "kiwi-dairy",\n'  # line 5: broken JSON
        + json.dumps({k: jsonl_value(k, v) for k, v in rows[1].items()})  # line 6
        + "\n",
        encoding="utf-8",
    )
    out, err, _ = run_failing(path)
    lines = err.splitlines()
    assert lines[0] == "line 4: -: not a JSON object"
    assert lines[1].startswith("line 5: -: not valid JSON")
    assert len(lines) == 2
    assert "rows: 4 read" in out
    run(path, "--skip-invalid")
    assert SKU.objects.get(code="F1-900").price == Decimal("238.50")
    assert Product.objects.get(code="F1").shelf_life_days == 730


def test_jsonl_prices_never_go_through_float(merchant, tmp_path):
    row = {k: jsonl_value(k, v) for k, v in formula_rows()[0].items()}
    text = json.dumps(row).replace('"price": "238.00"', '"price": 238.00000000000001')
    path = tmp_path / "precise.jsonl"
    path.write_text(text + "\n", encoding="utf-8")
    # As a float this would be 238.0 and pass; as a Decimal it has too many decimal places.
    _, err, _ = run_failing(path)
    assert "line 1: price: at most 2 decimal places" in err


def test_jsonl_nan_and_repeated_keys_are_refused(merchant, tmp_path):
    row = {k: jsonl_value(k, v) for k, v in formula_rows()[0].items()}
    nan = json.dumps(row).replace('"price": "238.00"', '"price": NaN')
    twice = json.dumps(row).replace('"price": "238.00"', '"price": "1.00", "price": "238.00"')
    path = tmp_path / "odd.jsonl"
    path.write_text(nan + "\n" + twice + "\n", encoding="utf-8")
    _, err, _ = run_failing(path)
    assert err.splitlines()[0].startswith("line 1: -: not valid JSON")
    assert err.splitlines()[1].startswith("line 2: -: not valid JSON: key 'price' appears twice")


def test_csv_bom_multiline_cells_and_physical_line_numbers(merchant, tmp_path):
    rows = formula_rows()
    rows[0]["description_en"] = "Grass-fed milk.\nMade in New Zealand.\nStore dry."
    rows[2]["price"] = "free"
    path = write_csv(tmp_path / "bom.csv", rows, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    _, err, _ = run_failing(path)
    # header line 1, row 1 on lines 2-4, row 2 on line 5, row 3 on line 6
    assert err.splitlines() == ["line 6: price: not a number: 'free'"]
    rows[2]["price"] = "268.00"
    run(write_csv(tmp_path / "bom2.csv", rows, bom=True))
    assert Product.objects.get(code="F1").description_en.endswith("Store dry.")


def test_csv_blank_and_ragged_rows(merchant, tmp_path):
    rows = formula_rows()[:2]
    width = len(rows[0])
    path = write_csv(tmp_path / "r.csv", rows)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n" + "," * (width - 1) + "\n" + "a,b,c\n", encoding="utf-8")
    _, err, _ = run_failing(path)
    # line 4 is blank and line 5 has only empty cells: both skipped
    assert err.splitlines() == [f"line 6: -: 3 cells, the header has {width} columns"]


def test_csv_header_errors(merchant, tmp_path):
    rows = [{**r, "colour": "red"} for r in formula_rows()]
    for r in rows:
        del r["gtin"]
    path = tmp_path / "h.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _, err, message = run_failing(path)
    assert "line 1: colour: unknown column" in err.splitlines()
    assert "line 1: gtin: required column missing from the header" in err.splitlines()
    assert "bad header" in message
    assert Product.objects.count() == 0


def test_optional_columns_may_be_left_out_of_csv(merchant, tmp_path):
    rows = [{k: v for k, v in r.items() if k not in ("size_guide", "description_zh")}
            for r in formula_rows()]  # fmt: skip
    out, _ = run(write_csv(tmp_path / "short.csv", rows))
    assert "SKUs: 4 created" in out


@pytest.mark.parametrize(
    "content, fmt, expected",
    [
        ("", "csv", "holds no rows"),
        (",".join(COLUMNS) + "\n", "csv", "holds no rows"),
        ("\n\n", "jsonl", "holds no rows"),
    ],
)
def test_empty_files(merchant, tmp_path, content, fmt, expected):
    path = tmp_path / f"empty.{fmt}"
    path.write_text(content, encoding="utf-8")
    _, _, message = run_failing(path)
    assert expected in message


def test_unreadable_or_unknown_files(merchant, tmp_path):
    _, _, message = run_failing(tmp_path / "missing.csv")
    assert "no such file" in message
    other = tmp_path / "catalog.xlsx"
    other.write_bytes(b"PK")
    _, _, message = run_failing(other)
    assert "unknown format" in message
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(COLUMNS).encode() + b"\ncaf\xe9\n")
    _, _, message = run_failing(latin)
    assert "not UTF-8" in message


def test_format_option_overrides_extension(merchant, tmp_path):
    path = write_jsonl(tmp_path / "catalog.txt", formula_rows())
    out, _ = run(path, "--format", "jsonl")
    assert "SKUs: 4 created" in out


def test_ndjson_extension(merchant, tmp_path):
    out, _ = run(write_jsonl(tmp_path / "catalog.ndjson", formula_rows()))
    assert "SKUs: 4 created" in out


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_shows_on_a_terminal(merchant, tmp_path):
    err = FakeTerminal()
    path = write_jsonl(tmp_path / "tty.jsonl", formula_rows())
    call_command("catalog_import", str(path), stdout=io.StringIO(), stderr=err)
    assert "validating" in err.getvalue()
    assert "4/4" in err.getvalue()
