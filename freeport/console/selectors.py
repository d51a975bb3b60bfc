"""Console reads: dashboard figures, the review queue, one listing with its compliance data."""

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from freeport.catalog import listing
from freeport.catalog.models import SKU, Category, ListingReview, Merchant, Product
from freeport.inventory.models import Warehouse

STATUSES = [listing.PENDING, listing.APPROVED, listing.REJECTED, listing.DELISTED]


def dashboard_counts(*, merchant: Merchant | None = None) -> dict:
    """Products per status, SKUs and (for operators, merchant=None) merchants."""
    products = Product.objects.all()
    skus = SKU.objects.all()
    if merchant is not None:
        products, skus = products.filter(merchant=merchant), skus.filter(merchant=merchant)
    by_status = dict(products.order_by().values_list("status").annotate(n=Count("id")))
    sku_counts = skus.aggregate(total=Count("id"), active=Count("id", filter=Q(is_active=True)))
    counts = {
        "by_status": [(status, by_status.get(status, 0)) for status in STATUSES],
        "products": sum(by_status.values()),
        "pending": by_status.get(listing.PENDING, 0),
        "skus": sku_counts["total"],
        "skus_active": sku_counts["active"],
    }
    if merchant is None:
        counts["merchants"] = Merchant.objects.filter(is_active=True).count()
    return counts


def skus_by_root_category(*, merchant: Merchant | None = None) -> list[tuple[Category, int]]:
    """SKUs per top-level category (every one listed, 0 if none), in two queries.

    A product's root category is its category's parent, or its category if that is a root:
    the category tree has two levels.
    """
    skus = SKU.objects.all() if merchant is None else SKU.objects.filter(merchant=merchant)
    per_root = dict(
        skus.annotate(root=Coalesce("product__category__parent_id", "product__category_id"))
        .order_by()
        .values_list("root")
        .annotate(n=Count("id"))
    )
    return [(root, per_root.get(root.id, 0)) for root in Category.objects.filter(parent=None)]


def stock_by_warehouse(*, merchant: Merchant | None = None) -> list[tuple[Warehouse, int]]:
    """Units per warehouse (every one listed), in one query.

    Bonded warehouses: sellable units (on hand minus reserved). Showrooms: units on display,
    which are never sold.
    """
    lots = None if merchant is None else Q(lots__sku__merchant=merchant)
    warehouses = Warehouse.objects.annotate(
        on_hand=Coalesce(Sum("lots__quantity_on_hand", filter=lots), 0),
        reserved=Coalesce(Sum("lots__quantity_reserved", filter=lots), 0),
    ).order_by("position", "code")  # Django ignores Meta.ordering on aggregate queries
    return [(w, w.on_hand - w.reserved if w.sellable else w.on_hand) for w in warehouses]


def products_needing_attention(*, merchant: Merchant, limit: int = 10) -> list[Product]:
    """A merchant's rejected listings, newest first, with the reason to fix."""
    return list(
        Product.objects.filter(merchant=merchant, status=listing.REJECTED).order_by(
            "-updated_at", "-id"
        )[:limit]
    )


def review_queue(*, status: str):
    """Listings in one status; pending ones oldest first (first in, first reviewed)."""
    order = ["created_at", "id"] if status == listing.PENDING else ["-updated_at", "-id"]
    return (
        Product.objects.filter(status=status)
        .select_related("merchant", "brand", "category", "tax_profile")
        .annotate(sku_count=Count("skus"))
        .order_by(*order)
    )


def listing_for_review(*, product_id: int) -> Product:
    """One product with everything the review page shows, in a fixed number of queries."""
    return (
        Product.objects.select_related("merchant", "brand", "category", "tax_profile")
        .prefetch_related(
            "certifications",
            "tags",
            Prefetch("skus", queryset=SKU.objects.order_by("price", "id")),
            Prefetch("reviews", queryset=ListingReview.objects.select_related("actor")),
        )
        .get(id=product_id)
    )
