"""The demo catalog (catalog/demo.py) and its loader (manage.py demo_load)."""

from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from freeport.catalog import demo, reference
from freeport.catalog.models import SKU, Brand, Merchant, MerchantStaff, Product
from freeport.catalog.rows import Reference, parse_row
from freeport.customers.models import Address
from freeport.customs import messages
from freeport.customs.models import Buyer, Declaration, DeclarationMessage
from freeport.inventory.models import StockLot, StockMovement, Warehouse
from freeport.kernel.gtin import is_valid_gtin
from freeport.search import selectors
from freeport.search.models import SearchQueryStat

ROWS = demo.demo_rows()
LEAF_ROOT = {leaf: root for root, _, _, leaves in reference.CATEGORIES for leaf, _, _ in leaves}

# The HS code each leaf category must carry (cbec-rules.md §8, reference.TAX_PROFILES).
EXPECTED_HS = {
    "formula-cow": "1901101090", "formula-goat": "1901101090",
    "face-cream": "3304990099", "serum": "3304990099", "cleanser": "3304990099",
    "sunscreen": "3304990099", "face-mask": "3304990099", "foundation": "3304990099",
    "lipstick": "3304100090", "eye-makeup": "3304200090",
    "shampoo": "3305100090", "body-wash": "3401300000", "toothpaste": "3306100000",
    "fish-oil": "1504200090", "vitamins": "2106909090", "probiotics": "2106909090",
    "chocolate": "1806900000", "biscuits": "1905310000", "nuts": "0802120000",
    "red-wine": "2204210000", "white-wine": "2204210000", "beer": "2203000000",
    "diapers": "9619001100", "feeding-bottles": "3924100000",
    "electric-toothbrush": "8509809000", "hair-dryer": "8516310000",
}  # fmt: skip

# GS1 prefixes (first three digits of a GTIN-13) by the brand owner's country.
GS1_RANGES = {
    "NZ": [(940, 949)], "AU": [(930, 939)], "JP": [(450, 459), (490, 499)], "KR": [(880, 880)],
    "FR": [(300, 379)], "DE": [(400, 440)], "IT": [(800, 839)], "ES": [(840, 849)],
    "NL": [(870, 879)], "CH": [(760, 769)], "GB": [(500, 509)], "US": [(0, 139)],
    "CA": [(754, 755)], "CL": [(780, 780)], "TH": [(885, 885)], "DK": [(570, 579)],
    "SE": [(730, 739)], "IE": [(539, 539)], "BE": [(540, 549)], "NO": [(700, 709)],
}  # fmt: skip


def pure_reference() -> Reference:
    """What the validator would see after reference_load() and the demo merchants."""
    categories = {root: root for root, *_ in reference.CATEGORIES} | LEAF_ROOT
    return Reference(
        merchants={m["code"] for m in demo.MERCHANTS},
        brands={},
        categories=categories,
        leaf_categories=set(LEAF_ROOT),
        tax_profiles={t[0]: t[11] for t in reference.TAX_PROFILES},
        certifications={c[0] for c in reference.CERTIFICATIONS},
        tags={t[0] for t in reference.TAGS},
    )


# ------------------------------------------------------------------ pure data


def test_every_demo_row_validates():
    ref = pure_reference()
    errors = [str(e) for line, row in enumerate(ROWS, 1) for e in parse_row(row, line, ref)[1]]
    assert errors == []


def test_thresholds():
    assert len(ROWS) >= 340
    assert {LEAF_ROOT[r["category"]] for r in ROWS} == {root for root, *_ in reference.CATEGORIES}
    assert {r["category"] for r in ROWS} == set(LEAF_ROOT)  # every leaf has products
    brands = {r["brand"] for r in ROWS}
    assert len(brands) >= 24
    assert len({demo.BRANDS[b][2] for b in brands}) >= 12
    assert 12 <= len(demo.MERCHANTS) <= 16


def test_deterministic_and_codes_independent_of_seed():
    assert demo.demo_rows() == ROWS
    other = demo.demo_rows(seed=7)
    keys = ("merchant", "product_code", "sku_code", "gtin", "record_number")
    assert [tuple(r[k] for k in keys) for r in other] == [tuple(r[k] for k in keys) for r in ROWS]
    assert [r["price"] for r in other] != [r["price"] for r in ROWS]


def test_hs_code_matches_leaf_category():
    assert demo.LEAF_HS == EXPECTED_HS
    profiles = {t[0] for t in reference.TAX_PROFILES}
    for row in ROWS:
        assert row["hs_code"] == EXPECTED_HS[row["category"]], row["sku_code"]
        assert row["hs_code"] in profiles
        assert row["positive_list"] == "true"


def test_gtins_valid_unique_and_prefixed_by_brand_country():
    gtins = [r["gtin"] for r in ROWS]
    assert len(set(gtins)) == len(gtins)
    for row in ROWS:
        assert len(row["gtin"]) == 13 and is_valid_gtin(row["gtin"]), row["sku_code"]
        country = demo.BRANDS[row["brand"]][2]
        prefix = int(row["gtin"][:3])
        assert any(lo <= prefix <= hi for lo, hi in GS1_RANGES[country]), row["sku_code"]


def test_codes_unique_and_product_fields_consistent():
    skus = [(r["merchant"], r["sku_code"]) for r in ROWS]
    assert len(set(skus)) == len(skus)
    merchants = [m["customs_code"] for m in demo.MERCHANTS]
    assert len(set(merchants)) == len(merchants)
    assert all(len(c) == 10 and c.isalnum() and c == c.upper() for c in merchants)
    per_product = defaultdict(set)
    for r in ROWS:
        fields = ("brand", "category", "title_zh", "title_en", "record_number", "stage_label")
        per_product[(r["merchant"], r["product_code"])].add(tuple(r[f] for f in fields))
    assert all(len(v) == 1 for v in per_product.values())
    for brand, (*_, merchant, _gs1, _abbr) in demo.BRANDS.items():
        assert {r["merchant"] for r in ROWS if r["brand"] == brand} == {merchant}


def test_compliance_details_look_real():
    formula = [r for r in ROWS if LEAF_ROOT[r["category"]] == "infant-formula"]
    ranges = {(r["age_min_months"], r["age_max_months"]) for r in formula}
    assert {("0", "6"), ("6", "12"), ("12", "36"), ("36", "")} <= ranges
    cans = [r for r in formula if r["net_content_value"] in ("800", "900")]  # one can
    assert cans and all(200 <= Decimal(r["price"]) <= 400 for r in cans)
    diapers = [r for r in ROWS if r["category"] == "diapers"]
    assert diapers and all(r["size_guide"] for r in diapers)
    assert all(Decimal(r["net_weight_kg"]) <= Decimal(r["gross_weight_kg"]) for r in ROWS)
    # High-end cosmetics (≥ 10 CNY per ml or g) and single items over the 5,000 CNY limit.
    cosmetics = [r for r in ROWS if r["hs_code"].startswith("3304") and r["net_content_unit"]
                 in ("ml", "g")]  # fmt: skip
    assert any(
        Decimal(r["price"]) / Decimal(r["net_content_value"]) >= 10 and Decimal(r["price"]) >= 500
        for r in cosmetics
    )
    assert any(
        Decimal(r["price"]) / Decimal(r["net_content_value"]) < 10 for r in cosmetics
    )  # and ordinary ones
    over = {r["category"] for r in ROWS if Decimal(r["price"]) > 5000}
    assert {"hair-dryer", "red-wine"} <= over
    wine = [Decimal(r["price"]) for r in ROWS if r["category"] in ("red-wine", "white-wine")]
    assert min(wine) >= 90
    tags = {t for r in ROWS for t in r["tags"].split("|") if t}
    assert {"a2-protein", "reef-safe", "rechargeable", "fragrance-free"} <= tags


# ------------------------------------------------------------------ the loader


def load(**options) -> str:
    out = StringIO()
    call_command("demo_load", verbosity=0, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    User = get_user_model()
    return {
        "merchants": Merchant.objects.count(),
        "brands": Brand.objects.count(),
        "products": Product.objects.count(),
        "skus": SKU.objects.count(),
        "warehouses": Warehouse.objects.count(),
        "lots": StockLot.objects.count(),
        "movements": StockMovement.objects.filter(kind="receipt").count(),
        "users": User.objects.count(),
        "addresses": Address.objects.count(),
        "declarations": Declaration.objects.count(),
        "buyers": Buyer.objects.count(),
        "staff_links": MerchantStaff.objects.count(),
        "popular_queries": SearchQueryStat.objects.count(),
    }


@pytest.mark.django_db
def test_demo_load_creates_the_center_and_is_idempotent():
    out = load()
    first = snapshot()
    assert first["merchants"] == len(demo.MERCHANTS)
    assert first["skus"] == len(ROWS)
    assert first["brands"] == len({r["brand"] for r in ROWS})
    assert first["products"] == len({(r["merchant"], r["product_code"]) for r in ROWS})
    assert first["users"] == 3 + 30
    assert first["addresses"] == 2 + 30
    # A sample waits for review (some sent back with a reason); everything else is approved.
    pending = Product.objects.filter(status="pending").count()
    rejected = Product.objects.filter(status="rejected")
    assert pending >= 5 and rejected.count() >= 3
    assert all(p.status_reason for p in rejected)
    assert Product.objects.exclude(status__in=["approved", "pending", "rejected"]).count() == 0

    kinds = dict(Warehouse.objects.values_list("code", "kind"))
    assert kinds == {"QD-BW1": "bonded", "SH-BW2": "bonded", "SR-01": "showroom"}
    assert all(len(w.customs_area_code) == 4 for w in Warehouse.objects.all())
    showroom = StockLot.objects.filter(warehouse__code="SR-01")
    assert showroom.exists()
    assert {lot.warehouse.kind for lot in showroom.select_related("warehouse")} == {"showroom"}
    # Every lot has its receipt movement; most SKUs have bonded stock, a few none.
    assert first["movements"] == first["lots"]
    assert not StockLot.objects.exclude(movements__kind="receipt").exists()
    bonded = set(StockLot.objects.filter(warehouse__kind="bonded").values_list("sku_id", flat=True))
    assert 0.8 * len(ROWS) < len(bonded) < len(ROWS)
    assert StockLot.objects.filter(expiry_date__isnull=False).exists()

    # Popular and newest sorts differ.
    popular = list(Product.objects.order_by("-sales_count", "id").values_list("id", flat=True))
    newest = list(Product.objects.order_by("-published_at", "id").values_list("id", flat=True))
    assert popular[:10] != newest[:10]
    assert Product.objects.filter(sales_count=0).count() < first["products"] // 2

    # Personal data is encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute("SELECT street, phone FROM customers_address")
        assert all(street.startswith("v1:") and phone.startswith("v1:")
                   for street, phone in cursor.fetchall())  # fmt: skip

    assert "127.0.0.1:8000/console/" in out and "sakura-trading" in out

    # Customs declarations at every stage, built through the real path and schema-valid.
    statuses = list(Declaration.objects.order_by("order_no").values_list("status", flat=True))
    assert statuses.count("released") == 7
    assert statuses[5:] == ["rejected", "released", "released", "accepted", "queued"]
    for message in DeclarationMessage.objects.filter(declaration__status="released"):
        assert messages.validate(message.xml.encode()) == []
    assert Buyer.objects.count() >= 7

    # Autocomplete's popular searches have a history; each recorded query finds products.
    naifen = SearchQueryStat.objects.get(query="奶粉")
    assert naifen.count == 57 and naifen.results > 0 and naifen.initials == "nf"
    assert first["popular_queries"] >= 12
    assert selectors.popular_queries("nf", limit=5)[0] == "奶粉"

    load()  # again, on the same database
    assert snapshot() == first
    load(seed=99)  # another seed updates prices but creates no duplicate catalog rows
    again = snapshot()
    assert {k: again[k] for k in ("products", "skus", "users", "addresses")} == {
        k: first[k] for k in ("products", "skus", "users", "addresses")
    }


@pytest.mark.django_db
def test_demo_accounts_log_in(client, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    out = load()
    assert "http://127.0.0.1:8123/" in out
    for username, password in [
        ("shopper", "freeport-shopper"),
        ("merchant", "freeport-merchant"),
        ("operator", "freeport-operator"),
        ("wang.fang", "freeport-shopper"),
    ]:
        assert client.login(username=username, password=password), username
        client.logout()
    User = get_user_model()
    merchant = User.objects.get(username="merchant")
    assert merchant.is_staff
    assert merchant.merchant_staff.merchant.code == "sakura-trading"
    assert merchant.groups.filter(name="merchant_staff").exists()
    operator = User.objects.get(username="operator")
    assert operator.is_staff and operator.groups.filter(name="operator").exists()
    assert not MerchantStaff.objects.filter(user=operator).exists()
    shopper = User.objects.get(username="shopper")
    assert not shopper.is_staff
    addresses = list(shopper.addresses.all())
    assert len(addresses) == 2 and sum(a.is_default for a in addresses) == 1
    assert addresses[0].recipient_name == "李晓雨"
