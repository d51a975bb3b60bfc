"""Catalog export: every SKU as one row of the import format (docs/catalog-format.md).

`sku_rows()` streams rows (column -> Python value) with chunked queries: one query per chunk of
SKUs (product, brand, category, tax profile joined) plus one each for the chunk's tags and
certifications, whatever the catalog size. `jsonl_line()` / `csv_values()` serialise a row so
that importing the output changes nothing and exporting again gives the same bytes.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TextIO

from django.db.models import Prefetch

from .models import SKU, AttributeTag, Certification
from .rows import COLUMNS, LISTS

FORMATS = ("jsonl", "csv")
CHUNK_SIZE = 1000


def sku_queryset(merchant: str | None = None):
    qs = SKU.objects.select_related(
        "merchant", "product__brand", "product__category", "product__tax_profile"
    ).prefetch_related(
        Prefetch("product__tags", queryset=AttributeTag.objects.only("id", "code")),
        Prefetch("product__certifications", queryset=Certification.objects.only("id", "code")),
    )
    if merchant is not None:
        qs = qs.filter(merchant__code=merchant)
    # Natural keys, not ids: the same catalog exports in the same order in any database.
    return qs.order_by("merchant__code", "product__code", "code")


def sku_row(sku: SKU) -> dict:
    """One SKU as a row: every column of COLUMNS, in that order."""
    p = sku.product
    return {
        "merchant": sku.merchant.code,
        "brand": p.brand.slug,
        "brand_zh": p.brand.name_zh,
        "brand_en": p.brand.name_en,
        "category": p.category.slug,
        "product_code": p.code,
        "sku_code": sku.code,
        "gtin": sku.gtin,
        "title_zh": p.title_zh,
        "title_en": p.title_en,
        "price": sku.price,
        "gross_weight_kg": sku.gross_weight_kg,
        "net_weight_kg": sku.net_weight_kg,
        "net_content_value": sku.net_content_value,
        "net_content_unit": sku.net_content_unit,
        "origin_country": p.origin_country,
        "hs_code": p.tax_profile.hs_code,
        "positive_list": p.positive_list,
        "record_number": p.record_number,
        "description_zh": p.description_zh,
        "description_en": p.description_en,
        "variant_zh": sku.variant_zh,
        "variant_en": sku.variant_en,
        "ingredients_zh": p.ingredients_zh,
        "ingredients_en": p.ingredients_en,
        "stage_label": p.stage_label,
        "shelf_life_days": p.shelf_life_days,
        "age_min_months": p.age_min_months,
        "age_max_months": p.age_max_months,
        "certifications": sorted(c.code for c in p.certifications.all()),
        "tags": sorted(t.code for t in p.tags.all()),
        "size_guide": [dict(sorted(entry.items())) for entry in p.size_guide or []],
        "active": sku.is_active,
    }


def sku_rows(merchant: str | None = None) -> Iterator[dict]:
    for sku in sku_queryset(merchant).iterator(chunk_size=CHUNK_SIZE):
        yield sku_row(sku)


def _decimal_text(value: Decimal) -> str:
    return f"{value:f}"  # fixed point, never exponent notation


def jsonl_line(row: dict) -> str:
    """A JSON object on one line: decimals as strings (exact), whole numbers as numbers,
    missing numbers as null, lists as arrays, text as UTF-8 (not \\u escapes)."""
    out = {
        name: _decimal_text(value) if isinstance(value, Decimal) else value
        for name, value in row.items()
    }
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n"


def csv_values(row: dict) -> list[str]:
    """Cells in COLUMNS order: lists joined with '|', size_guide as JSON text, booleans as
    true/false, missing numbers as empty cells."""
    cells = []
    for name in COLUMNS:
        value = row[name]
        if name in LISTS:
            cells.append("|".join(value))
        elif name == "size_guide":
            cells.append(
                json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""
            )
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        elif isinstance(value, Decimal):
            cells.append(_decimal_text(value))
        elif value is None:
            cells.append("")
        else:
            cells.append(str(value))
    return cells


def write_rows(rows: Iterable[dict], out: TextIO, fmt: str) -> int:
    """Write rows to a text stream (open files with newline=""); return how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    count = 0
    if fmt == "csv":
        writer = csv.writer(
            out, lineterminator="\r\n"
        )  # RFC 4180; makes the writer quote cells holding a CR
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(csv_values(row))
            count += 1
    else:
        for row in rows:
            out.write(jsonl_line(row))
            count += 1
    return count
