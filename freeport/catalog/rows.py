"""Catalog file rows (pure): parse and validate one row of the import format.

The format is documented in docs/catalog-format.md. A row is one SKU; product fields repeat on
every SKU row of the product. Lookups of existing reference data come in through `Reference`,
so this module needs no database and is tested directly.
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from freeport.kernel.countries import COUNTRIES
from freeport.kernel.gtin import is_valid_gtin

from .units import UNITS

REQUIRED = [
    "merchant", "brand", "brand_zh", "brand_en", "category", "product_code", "sku_code", "gtin",
    "title_zh", "title_en", "price", "gross_weight_kg", "net_weight_kg",
    "net_content_value", "net_content_unit", "origin_country", "hs_code", "positive_list",
    "record_number",
]  # fmt: skip
OPTIONAL_TEXT = [
    "description_zh", "description_en", "variant_zh", "variant_en",
    "ingredients_zh", "ingredients_en", "stage_label",
]  # fmt: skip
OPTIONAL_INT = ["shelf_life_days", "age_min_months", "age_max_months"]
LISTS = ["certifications", "tags"]
COLUMNS = REQUIRED + OPTIONAL_TEXT + OPTIONAL_INT + LISTS + ["size_guide", "active"]

# Longest text each column takes (the database column sizes; PostgreSQL refuses longer values).
MAX_LENGTH = {
    "brand_zh": 120, "brand_en": 120, "title_zh": 200, "title_en": 200, "variant_zh": 120,
    "variant_en": 120, "stage_label": 40, "description_zh": 20000, "description_en": 20000,
    "ingredients_zh": 5000, "ingredients_en": 5000,
}  # fmt: skip
# Largest whole number per integer column (age columns are smallint in the database).
MAX_INT = {"shelf_life_days": 99999, "age_min_months": 32767, "age_max_months": 32767}

# Compliance data required by root category (the product page's compliance panel shows them).
NEEDS_INGREDIENTS = {
    "infant-formula", "skincare", "makeup", "health-supplements", "snacks", "wine",
    "personal-care",
}  # fmt: skip
NEEDS_SHELF_LIFE = NEEDS_INGREDIENTS
NEEDS_AGE_RANGE = {"infant-formula"}

CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
RECORD_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{5,39}")
BRAND_RE = re.compile(r"[a-z0-9-]{2,60}")
HS_RE = re.compile(r"[0-9]{10}")  # ASCII digits only: `\d` would also take fullwidth digits
DIGITS_RE = re.compile(r"[0-9]+")
DECIMAL_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
MAX_PRICE = Decimal("1000000")
# Upper bounds from the database columns: weights are numeric(8, 3), net content numeric(10, 2).
MAX_WEIGHT = Decimal("99999.999")
MAX_CONTENT = Decimal("99999999.99")


@dataclass(frozen=True)
class Reference:
    merchants: set[str]
    brands: dict[str, str]  # brand slug -> merchant code that owns it
    categories: dict[str, str]  # category slug -> root category slug
    leaf_categories: set[str]
    tax_profiles: dict[str, bool]  # hs code -> on the positive list
    certifications: set[str]
    tags: set[str]


@dataclass
class RowError:
    line: int
    field: str
    reason: str

    def __str__(self):
        return f"line {self.line}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class BadLine:
    """Stands in for a row the file reader could not turn into a dict (e.g. a line that is not a
    JSON object); parse_row reports `reason` for the whole line, under the field "-"."""

    reason: str


@dataclass
class CatalogRow:
    line: int
    values: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.values[key]


def _text(raw) -> str:
    return "" if raw is None else str(raw).strip()


def _decimal(raw, name, errors, line, *, positive=True, places=2, maximum=None):
    if isinstance(raw, float):  # binary floats never carry money or weights (kernel/money.py)
        errors.append(RowError(line, name, _("pass a string or Decimal, not a float")))
        return None
    text = _text(raw)
    if not DECIMAL_RE.fullmatch(text):
        errors.append(RowError(line, name, _("not a number: %(v)r") % {"v": text}))
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - DECIMAL_RE admits only valid literals
        errors.append(RowError(line, name, _("not a number: %(v)r") % {"v": text}))
        return None
    if positive and value <= 0:
        errors.append(RowError(line, name, _("must be greater than 0")))
        return None
    if value.as_tuple().exponent < -places:
        errors.append(RowError(line, name, _("at most %(n)d decimal places") % {"n": places}))
        return None
    if maximum is not None and value > maximum:
        errors.append(RowError(line, name, _("at most %(m)s") % {"m": maximum}))
        return None
    return value


def _bool(raw, name, errors, line):
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if text in {"true", "1", "yes", "y"}:
        return True
    if text in {"false", "0", "no", "n"}:
        return False
    errors.append(RowError(line, name, _("must be true or false")))
    return None


def _list(raw) -> list[str]:
    if isinstance(raw, list):
        return [_text(x) for x in raw if _text(x)]
    return [p.strip() for p in _text(raw).split("|") if p.strip()]


def parse_row(raw: dict, line: int, ref: Reference) -> tuple[CatalogRow | None, list[RowError]]:
    """Validate one row; return the cleaned row, or None and every error found in it."""
    if isinstance(raw, BadLine):
        return None, [RowError(line, "-", raw.reason)]
    if not isinstance(raw, dict):
        return None, [RowError(line, "-", _("not an object of column: value"))]
    errors: list[RowError] = []
    unknown = sorted(set(raw) - set(COLUMNS), key=str)
    for name in unknown:
        errors.append(RowError(line, str(name), _("unknown column")))
    for name in REQUIRED:
        if _text(raw.get(name)) == "" and not isinstance(raw.get(name), bool):
            errors.append(RowError(line, name, _("required")))
    for name in REQUIRED + OPTIONAL_TEXT + OPTIONAL_INT:
        if isinstance(raw.get(name), list | dict):
            errors.append(RowError(line, name, _("must be a single value, not a list or object")))
    if errors:
        return None, errors

    v: dict = {name: _text(raw.get(name)) for name in REQUIRED + OPTIONAL_TEXT}
    for name, limit in MAX_LENGTH.items():
        if len(v[name]) > limit:
            errors.append(RowError(line, name, _("at most %(n)d characters") % {"n": limit}))
    for name, text in v.items():
        if "\x00" in text:  # PostgreSQL text cannot hold NUL
            errors.append(RowError(line, name, _("contains a NUL character")))

    if v["merchant"] not in ref.merchants:
        errors.append(
            RowError(line, "merchant", _("unknown merchant %(v)r") % {"v": v["merchant"]})
        )
    owner = ref.brands.get(v["brand"])
    if owner is not None and owner != v["merchant"] and v["merchant"] in ref.merchants:
        errors.append(RowError(line, "brand", _("brand belongs to another merchant")))
    if not BRAND_RE.fullmatch(v["brand"]):
        errors.append(
            RowError(line, "brand", _("brand key must be lowercase letters, digits, '-'"))
        )
    if v["category"] not in ref.categories:
        errors.append(
            RowError(line, "category", _("unknown category %(v)r") % {"v": v["category"]})
        )
    elif v["category"] not in ref.leaf_categories:
        errors.append(RowError(line, "category", _("products go in a leaf category")))
    for name in ("product_code", "sku_code"):
        if not CODE_RE.fullmatch(v[name]):
            errors.append(RowError(line, name, _("1-40 letters, digits, '.', '_' or '-'")))
    if not (DIGITS_RE.fullmatch(v["gtin"]) and is_valid_gtin(v["gtin"])):
        errors.append(RowError(line, "gtin", _("not a valid GTIN-8/12/13/14 (check digit)")))

    price = _decimal(raw.get("price"), "price", errors, line)
    if price is not None and price > MAX_PRICE:
        errors.append(RowError(line, "price", _("above the 1,000,000 CNY ceiling")))
    gross = _decimal(
        raw.get("gross_weight_kg"), "gross_weight_kg", errors, line, places=3, maximum=MAX_WEIGHT
    )
    net = _decimal(
        raw.get("net_weight_kg"), "net_weight_kg", errors, line, places=3, maximum=MAX_WEIGHT
    )
    if gross is not None and net is not None and net > gross:
        errors.append(RowError(line, "net_weight_kg", _("net weight exceeds gross weight")))
    content = _decimal(
        raw.get("net_content_value"), "net_content_value", errors, line, maximum=MAX_CONTENT
    )
    unit = v["net_content_unit"].lower()
    if unit not in UNITS:
        errors.append(RowError(line, "net_content_unit", _("must be one of ml, l, g, kg, piece")))

    if v["origin_country"].upper() not in COUNTRIES:
        errors.append(RowError(line, "origin_country", _("unknown ISO country code")))
    if not HS_RE.fullmatch(v["hs_code"]):
        errors.append(RowError(line, "hs_code", _("must be exactly 10 digits")))
    elif v["hs_code"] not in ref.tax_profiles:
        errors.append(RowError(line, "hs_code", _("no tax profile for this HS code")))
    positive = _bool(raw.get("positive_list"), "positive_list", errors, line)
    active = True
    if _text(raw.get("active")) != "":
        active = _bool(raw.get("active"), "active", errors, line)
    if positive and ref.tax_profiles.get(v["hs_code"]) is False:
        errors.append(
            RowError(line, "positive_list", _("HS code is not on the CBEC positive list"))
        )
    if not RECORD_RE.fullmatch(v["record_number"]):
        errors.append(RowError(line, "record_number", _("6-40 capital letters, digits or '-'")))

    ints, bad_ints = {}, set()
    for name in OPTIONAL_INT:
        text = _text(raw.get(name))
        if text == "":
            ints[name] = None
        elif DIGITS_RE.fullmatch(text) and int(text) <= MAX_INT[name]:
            ints[name] = int(text)
        else:
            errors.append(
                RowError(line, name, _("a whole number from 0 to %(n)d") % {"n": MAX_INT[name]})
            )
            ints[name] = None
            bad_ints.add(name)

    lists = {}
    for name in LISTS:
        if isinstance(raw.get(name), dict):
            errors.append(RowError(line, name, _("a list of codes")))
        lists[name] = list(dict.fromkeys(_list(raw.get(name))))  # keep order, drop repeats
    for code in lists["certifications"]:
        if code not in ref.certifications:
            errors.append(RowError(line, "certifications", _("unknown code %(v)r") % {"v": code}))
    for code in lists["tags"]:
        if code not in ref.tags:
            errors.append(RowError(line, "tags", _("unknown code %(v)r") % {"v": code}))

    size_guide = raw.get("size_guide") or []
    if isinstance(size_guide, str):
        try:
            size_guide = json.loads(size_guide) if size_guide.strip() else []
        except json.JSONDecodeError:
            errors.append(RowError(line, "size_guide", _("not valid JSON")))
            size_guide = []
    if not isinstance(size_guide, list) or not all(
        isinstance(r, dict)
        and {"size", "fits_zh", "fits_en"} <= set(r)
        and all(isinstance(x, str) and "\x00" not in x for x in r.values())
        for r in size_guide
    ):
        errors.append(RowError(line, "size_guide", _("a list of {size, fits_zh, fits_en} objects")))

    root = ref.categories.get(v["category"])
    if root in NEEDS_INGREDIENTS:
        for name in ("ingredients_zh", "ingredients_en"):
            if not v[name]:
                errors.append(RowError(line, name, _("required for this category")))
    if (
        root in NEEDS_SHELF_LIFE
        and not ints["shelf_life_days"]
        and "shelf_life_days" not in bad_ints
    ):
        errors.append(RowError(line, "shelf_life_days", _("required for this category")))
    if (
        root in NEEDS_AGE_RANGE
        and ints["age_min_months"] is None
        and "age_min_months" not in bad_ints
    ):
        errors.append(RowError(line, "age_min_months", _("required for this category")))
    lo, hi = ints["age_min_months"], ints["age_max_months"]
    if lo is not None and hi is not None and hi <= lo:
        errors.append(RowError(line, "age_max_months", _("must be above age_min_months")))

    if errors:
        return None, errors
    v.update(ints)
    v.update(lists)
    v.update(
        price=price, gross_weight_kg=gross, net_weight_kg=net, net_content_value=content,
        net_content_unit=unit, origin_country=v["origin_country"].upper(),
        positive_list=positive, size_guide=size_guide, active=active,
    )  # fmt: skip
    return CatalogRow(line=line, values=v), []
