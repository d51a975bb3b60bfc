"""Catalog writes: reference data, bulk import, listing review. One transaction each."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext

from freeport.search import services as search

from . import listing, reference
from .models import (
    SKU,
    AttributeTag,
    Brand,
    Category,
    Certification,
    ListingReview,
    Merchant,
    Product,
    TaxProfile,
)
from .rows import CatalogRow, RowError, parse_row
from .selectors import reference_index


@transaction.atomic
def reference_load() -> None:
    """Create or update the reference data (idempotent)."""
    for position, (slug, zh, en, leaves) in enumerate(reference.CATEGORIES):
        root, _ = Category.objects.update_or_create(
            slug=slug, defaults={"name_zh": zh, "name_en": en, "position": position, "parent": None}
        )
        for leaf_pos, (leaf, lzh, len_) in enumerate(leaves):
            Category.objects.update_or_create(
                slug=leaf,
                defaults={"name_zh": lzh, "name_en": len_, "position": leaf_pos, "parent": root},
            )
    for hs, zh, en, mfn, prov, vat, kind, rate, amount, per_v, per_u, pos, src in (
        reference.TAX_PROFILES
    ):  # fmt: skip
        TaxProfile.objects.update_or_create(
            hs_code=hs,
            defaults=dict(
                name_zh=zh, name_en=en, tariff_mfn_rate=mfn, tariff_provisional_rate=prov,
                vat_rate=vat, ct_kind=kind, ct_rate=rate, ct_amount=amount,
                ct_per_value=per_v, ct_per_unit=per_u, positive_list=pos,
                effective_from=reference.TAX_PROFILES_EFFECTIVE, source=src,
            ),
        )  # fmt: skip
    for model, rows in ((Certification, reference.CERTIFICATIONS), (AttributeTag, reference.TAGS)):
        for code, zh, en in rows:
            model.objects.update_or_create(code=code, defaults={"name_zh": zh, "name_en": en})


@dataclass
class ImportResult:
    rows: int = 0  # data rows read (blank lines not counted)
    rows_valid: int = 0
    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    skus_created: int = 0
    skus_updated: int = 0
    skus_unchanged: int = 0
    # Existing products whose status the import left alone because the listing rules forbid
    # the move (e.g. --status pending on an approved product): (merchant, code, status).
    status_kept: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    imported: bool = False


PRODUCT_FIELDS = [
    "brand_id", "category_id", "title_zh", "title_en", "description_zh", "description_en",
    "origin_country", "tax_profile_id", "positive_list", "record_number", "ingredients_zh",
    "ingredients_en", "shelf_life_days", "age_min_months", "age_max_months", "stage_label",
    "size_guide",
]  # fmt: skip
SKU_FIELDS = [
    "product_id", "gtin", "variant_zh", "variant_en", "price", "gross_weight_kg",
    "net_weight_kg", "net_content_value", "net_content_unit", "is_active",
]  # fmt: skip
IMPORT_STATUSES = (listing.APPROVED, listing.PENDING)
CHUNK = 500  # ids / codes per `IN (...)` query: stays far below SQLite's parameter limit


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _raw_text(raw, name) -> str:
    value = raw.get(name) if isinstance(raw, dict) else None
    return "" if value is None or isinstance(value, list | dict) else str(value).strip()


def _validate(rows, progress) -> tuple[list[CatalogRow], list[RowError], int]:
    """Parse every row, then the checks that span rows: a SKU code appears once per merchant,
    and a brand new to the database is claimed by one merchant only."""
    ref = reference_index()
    good, errors, count = [], [], 0
    seen: dict[tuple[str, str], int] = {}  # (merchant, sku_code) -> first line
    new_brands: dict[str, tuple[str, int]] = {}  # slug -> (merchant, first line)
    for line, raw in rows:
        count += 1
        row, row_errors = parse_row(raw, line, ref)
        # Duplicates are keyed on the raw text, so a repeat of an invalid row is reported too.
        key = (_raw_text(raw, "merchant"), _raw_text(raw, "sku_code"))
        if all(key):
            if key in seen:
                row_errors = [
                    *row_errors,
                    RowError(
                        line, "sku_code", gettext("duplicate of line %(n)d") % {"n": seen[key]}
                    ),
                ]
                row = None
            else:
                seen[key] = line
        if row is not None and row["brand"] not in ref.brands:
            owner, first = new_brands.setdefault(row["brand"], (row["merchant"], line))
            if owner != row["merchant"]:
                reason = gettext("new brand already claimed by merchant %(m)s on line %(n)d")
                row_errors = [RowError(line, "brand", reason % {"m": owner, "n": first})]
                row = None
        errors.extend(row_errors)
        if row is not None:
            good.append(row)
        if progress:
            progress(1)
    return good, errors, count


def catalog_import(
    *,
    rows: Iterable[tuple[int, dict]],
    skip_invalid: bool = False,
    status: str | None = None,
    actor=None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Validate every row, then upsert products and SKUs by (merchant, code) in one transaction.

    With any bad row nothing is written unless `skip_invalid`. `status` ("approved" or
    "pending") sets the listing status of new products and moves existing ones where the
    listing rules allow it (recorded as a ListingReview); otherwise new products are pending and
    existing ones keep theirs. Rows equal to what is stored are counted as unchanged and not
    written, so importing the same file twice writes nothing the second time.
    """
    if status is not None and status not in IMPORT_STATUSES:
        raise ValueError(f"status must be one of {IMPORT_STATUSES}, not {status!r}")
    good, errors, count = _validate(rows, progress)
    result = ImportResult(rows=count, rows_valid=len(good), errors=errors)
    if errors and not skip_invalid:
        return result
    if good:
        with transaction.atomic():
            product_ids = _write(good, status, actor, result)
            # The search index follows every catalog write path (the project has no signals).
            search.index_products(product_ids)
    result.imported = True
    return result


def _existing(model, keys: Iterable[tuple[int, str]]) -> dict:
    """Rows of `model` by (merchant_id, code), fetched in chunks of codes per merchant."""
    by_merchant: dict[int, list[str]] = {}
    for merchant_id, code in keys:
        by_merchant.setdefault(merchant_id, []).append(code)
    found = {}
    for merchant_id, codes in by_merchant.items():
        for chunk in _chunks(codes):
            for obj in model.objects.filter(merchant_id=merchant_id, code__in=chunk):
                found[(obj.merchant_id, obj.code)] = obj
    return found


def _write(rows: list[CatalogRow], status, actor, result: ImportResult) -> list[int]:
    merchants = dict(Merchant.objects.values_list("code", "id"))
    categories = dict(Category.objects.values_list("slug", "id"))
    profiles = dict(TaxProfile.objects.values_list("hs_code", "id"))
    brands = dict(Brand.objects.values_list("slug", "id"))
    new_brands = {}
    for row in rows:
        if row["brand"] not in brands and row["brand"] not in new_brands:
            new_brands[row["brand"]] = Brand(
                slug=row["brand"], name_zh=row["brand_zh"], name_en=row["brand_en"],
                merchant_id=merchants[row["merchant"]], country=row["origin_country"],
            )  # fmt: skip
    if new_brands:
        Brand.objects.bulk_create(new_brands.values())
        brands.update(Brand.objects.filter(slug__in=list(new_brands)).values_list("slug", "id"))

    # Product fields come from the product's first row in the file.
    first_rows: dict[tuple[int, str], CatalogRow] = {}
    for row in rows:
        first_rows.setdefault((merchants[row["merchant"]], row["product_code"]), row)
    products = _existing(Product, first_rows)
    labels = _existing_labels([p.id for p in products.values()])
    # A new product's SKUs are all in the file, so its price range is known without a query.
    prices: dict[tuple[int, str], list] = {}
    for row in rows:
        if row["active"]:
            prices.setdefault((merchants[row["merchant"]], row["product_code"]), []).append(
                row["price"]
            )

    now = timezone.now()
    to_create, to_update, reviews, by_key = [], [], [], {}
    for key, row in first_rows.items():
        values = {
            **{f: row.values[f] for f in PRODUCT_FIELDS if f in row.values},
            "brand_id": brands[row["brand"]],
            "category_id": categories[row["category"]],
            "tax_profile_id": profiles[row["hs_code"]],
        }
        product = products.get(key)
        if product is None:
            product = Product(merchant_id=key[0], code=key[1], status=status or listing.PENDING)
            active_prices = prices.get(key)
            if active_prices:
                product.price_min, product.price_max = min(active_prices), max(active_prices)
            for name, value in values.items():
                setattr(product, name, value)
            if product.status == listing.APPROVED:
                product.published_at = now
                reviews.append((product, listing.PENDING))
            to_create.append(product)
        else:
            changed = any(getattr(product, name) != value for name, value in values.items())
            changed |= _labels_differ(labels.get(product.id, ({}, {})), row)
            if status and product.status != status:
                decision = listing.check_transition(product.status, status, "bulk import")
                if decision.allowed:
                    reviews.append((product, product.status))
                    product.status = status
                    if status == listing.APPROVED and product.published_at is None:
                        product.published_at = now
                    changed = True
                else:
                    result.status_kept.append((row["merchant"], product.code, product.status))
            if changed:
                for name, value in values.items():
                    setattr(product, name, value)
                product.updated_at = now
                to_update.append(product)
            else:
                result.products_unchanged += 1
        by_key[key] = product
    Product.objects.bulk_create(to_create, batch_size=CHUNK)
    if to_update:
        Product.objects.bulk_update(
            to_update, [*PRODUCT_FIELDS, "status", "published_at", "updated_at"], batch_size=CHUNK
        )
    result.products_created += len(to_create)
    result.products_updated += len(to_update)
    ListingReview.objects.bulk_create(
        [
            ListingReview(product=p, from_status=old, to_status=p.status, reason="bulk import",
                          actor=actor)
            for p, old in reviews
        ],
        batch_size=CHUNK,
    )  # fmt: skip

    _write_labels(first_rows, by_key, labels)
    touched = _write_skus(rows, merchants, by_key, result) - {p.id for p in to_create}
    for chunk in _chunks(sorted(touched)):
        product_refresh_prices(product_ids=chunk)
    return [p.id for p in by_key.values()]


def _existing_labels(product_ids: list[int]) -> dict[int, tuple[dict, dict]]:
    """product id -> ({cert code: through id}, {tag code: through id})."""
    found: dict[int, tuple[dict, dict]] = {}
    for chunk in _chunks(product_ids):
        for pid, tid, code in Product.certifications.through.objects.filter(
            product_id__in=chunk
        ).values_list("product_id", "id", "certification__code"):
            found.setdefault(pid, ({}, {}))[0][code] = tid
        for pid, tid, code in Product.tags.through.objects.filter(product_id__in=chunk).values_list(
            "product_id", "id", "attributetag__code"
        ):
            found.setdefault(pid, ({}, {}))[1][code] = tid
    return found


def _labels_differ(have: tuple[dict, dict], row: CatalogRow) -> bool:
    return set(have[0]) != set(row["certifications"]) or set(have[1]) != set(row["tags"])


def _write_labels(first_rows, by_key, labels) -> None:
    """Make each imported product's tag and certification sets those of its first row."""
    lookups = (
        dict(Certification.objects.values_list("code", "id")),
        dict(AttributeTag.objects.values_list("code", "id")),
    )
    throughs = (Product.certifications.through, Product.tags.through)
    columns = ("certification_id", "attributetag_id")
    delete: tuple[list, list] = ([], [])
    create: tuple[list, list] = ([], [])
    for key, row in first_rows.items():
        product_id = by_key[key].id
        have = labels.get(product_id, ({}, {}))
        for i, attr in enumerate(("certifications", "tags")):
            want = set(row[attr])
            delete[i].extend(tid for code, tid in have[i].items() if code not in want)
            create[i].extend(
                throughs[i](product_id=product_id, **{columns[i]: lookups[i][code]})
                for code in row[attr]
                if code not in have[i]
            )
    for i, through in enumerate(throughs):
        for chunk in _chunks(delete[i]):
            through.objects.filter(id__in=chunk).delete()
        through.objects.bulk_create(create[i], batch_size=CHUNK)


def _write_skus(rows, merchants, by_key, result) -> set[int]:
    """Upsert the SKUs; return the ids of products whose price range may have changed."""
    existing = _existing(SKU, {(merchants[r["merchant"]], r["sku_code"]): None for r in rows})
    now = timezone.now()
    to_create, to_update, touched = [], [], set()
    for row in rows:
        merchant_id = merchants[row["merchant"]]
        values = {f: row.values[f] for f in SKU_FIELDS if f in row.values}
        values["product_id"] = by_key[(merchant_id, row["product_code"])].id
        values["is_active"] = row["active"]
        sku = existing.get((merchant_id, row["sku_code"]))
        if sku is None:
            sku = SKU(merchant_id=merchant_id, code=row["sku_code"], **values)
            to_create.append(sku)
            touched.add(sku.product_id)
            continue
        changed = {name for name, value in values.items() if getattr(sku, name) != value}
        if not changed:
            result.skus_unchanged += 1
            continue
        if changed & {"price", "is_active", "product_id"}:
            touched.update((sku.product_id, values["product_id"]))  # a moved SKU: both products
        for name, value in values.items():
            setattr(sku, name, value)
        sku.updated_at = now
        to_update.append(sku)
    SKU.objects.bulk_create(to_create, batch_size=CHUNK)
    if to_update:
        SKU.objects.bulk_update(to_update, [*SKU_FIELDS, "updated_at"], batch_size=CHUNK)
    result.skus_created += len(to_create)
    result.skus_updated += len(to_update)
    return touched


def product_refresh_prices(*, product_ids: list[int]) -> None:
    """Recompute the denormalised price range from active SKUs."""
    ranges = (
        SKU.objects.filter(product_id__in=product_ids, is_active=True)
        .values("product_id")
        .annotate(lo=Min("price"), hi=Max("price"))
    )
    found = {r["product_id"]: (r["lo"], r["hi"]) for r in ranges}
    products = list(Product.objects.filter(id__in=product_ids).only("id", "price_min", "price_max"))
    for p in products:
        p.price_min, p.price_max = found.get(p.id, (0, 0))
    Product.objects.bulk_update(products, ["price_min", "price_max"], batch_size=500)


class ReviewError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@transaction.atomic
def product_review(*, product_id: int, target: str, reason: str = "", actor=None) -> Product:
    """Move a listing through its review states (see listing.py), recording who and why."""
    product = Product.objects.select_for_update().get(id=product_id)
    decision = listing.check_transition(product.status, target, reason)
    if not decision.allowed:
        raise ReviewError(decision.code, decision.message)
    ListingReview.objects.create(
        product=product, from_status=product.status, to_status=target, reason=reason.strip(),
        actor=actor,
    )  # fmt: skip
    product.status = target
    product.status_reason = reason.strip()
    if target == listing.APPROVED and product.published_at is None:
        product.published_at = timezone.now()
    product.save(update_fields=["status", "status_reason", "published_at", "updated_at"])
    search.index_products([product.id])  # listed → findable, delisted → gone
    return product


@transaction.atomic
def product_compliance_changed(*, product_id: int, changed: set[str], actor=None) -> bool:
    """Merchant staff changed fields of a listing: when they are compliance fields of an
    approved listing, it goes back to pending review (recorded, de-indexed). Returns whether."""
    product = Product.objects.select_for_update().get(id=product_id)
    if not listing.back_to_review(product.status, changed, by_operator=False):
        return False
    fields = ", ".join(sorted(changed & (listing.PRODUCT_COMPLIANCE_FIELDS | {
        f for f in changed if f.startswith("sku.")})))  # fmt: skip
    reason = f"compliance fields changed by merchant staff: {fields}"
    ListingReview.objects.create(
        product=product, from_status=product.status, to_status=listing.PENDING, reason=reason,
        actor=actor,
    )  # fmt: skip
    product.status, product.status_reason = listing.PENDING, reason
    product.save(update_fields=["status", "status_reason", "updated_at"])
    search.index_products([product.id])  # not public while pending
    return True
