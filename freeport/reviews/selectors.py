"""Review reads. `product_ratings` is the contract search ranks by (docs/reviews.md)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Sum

from . import policy, rating
from .models import ProductRating, Review


def product_ratings(product_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """{product id: (count, stars_total)} of the visible reviews, for the products among
    `product_ids` that have at least one visible review. One query."""
    ids = sorted({int(i) for i in product_ids})
    if not ids:
        return {}
    rows = ProductRating.objects.filter(product_id__in=ids, count__gt=0).order_by()
    return {pid: (count, total) for pid, count, total in
            rows.values_list("product_id", "count", "stars_total")}  # fmt: skip


def rating_of(product_id: int) -> ProductRating | None:
    return ProductRating.objects.filter(pk=product_id).first()


def summary(row: ProductRating | None) -> dict:
    """What a page or the API shows of a rating: average (Decimal or None), count, and the
    histogram from 5 stars down to 1 with counts and percentages that add up to 100."""
    histogram = row.histogram if row else (0, 0, 0, 0, 0)
    count, total = (row.count, row.stars_total) if row else (0, 0)
    shares = rating.percentages(histogram)
    return {
        "average": rating.average(count, total),
        "count": count,
        "histogram": [
            {"stars": s, "count": histogram[s - 1], "percent": shares[s - 1]}
            for s in reversed(policy.STARS)
        ],
    }


def visible_reviews(product_id: int) -> QuerySet[Review]:
    """Newest first; the shopper joined for the masked name only."""
    return (
        Review.objects.filter(product_id=product_id, hidden_at__isnull=True)
        .select_related("shopper")
        .only(
            "id",
            "stars",
            "text",
            "created_at",
            "shopper__username",
            "shopper__first_name",
            "shopper__last_name",
        )
        .order_by("-created_at", "-id")
    )


def reviewer_name(review: Review) -> str:
    """The reviewer as others see them: the first character of the surname (Chinese order:
    surname first), else of the given name, else of the username, then "**"."""
    user = review.shopper
    return policy.masked_name(user.last_name or user.first_name or user.username)


def reviews_of_lines(line_ids: Iterable[int]) -> dict[int, Review]:
    """{order line id: its review} (hidden ones too: the shopper reviewed it)."""
    ids = list(line_ids)
    if not ids:
        return {}
    return {r.order_line_id: r for r in Review.objects.filter(order_line_id__in=ids).order_by()}


def ratings_mismatches() -> list[tuple[int, tuple, tuple]]:
    """Products whose stored rating differs from a recount of their visible reviews:
    [(product id, stored, counted)] with (count, stars_total, stars_1..stars_5). Empty is good."""
    per_star = {f"s{s}": Count("id", filter=Q(stars=s)) for s in policy.STARS}
    counted = {
        row["product_id"]: (row["n"], row["total"], *(row[f"s{s}"] for s in policy.STARS))
        for row in Review.objects.filter(hidden_at__isnull=True)
        .order_by()
        .values("product_id")
        .annotate(n=Count("id"), total=Sum("stars"), **per_star)
    }
    stored = {
        r.pk: (r.count, r.stars_total, *r.histogram) for r in ProductRating.objects.order_by("pk")
    }
    out = []
    for pid in sorted(set(counted) | set(stored)):
        have, want = stored.get(pid, (0,) * 7), counted.get(pid, (0,) * 7)
        if have != want:
            out.append((pid, have, want))
    return out


# --- pages --------------------------------------------------------------------------------------

PAGE_SIZE = 5  # reviews per page on the product page


def line_of(user, line_id: int):
    """The shopper's own order line with its order, group and product; None for anybody
    else's (the page answers 404)."""
    from freeport.orders.models import OrderLine

    if not getattr(user, "is_authenticated", False):
        return None
    return (
        OrderLine.objects.select_related("order__group", "sku__product")
        .filter(pk=line_id, order__user=user)
        .first()
    )


def product_block(product_id: int, page_number=None, *, reviewed=None) -> dict:
    """The product page's reviews section: the summary and one page of the newest visible
    reviews (with the reviewer's masked name). Two queries with reviews, one without: the page's
    count is the rating's (kept equal to the visible reviews by the services)."""
    from django.core.paginator import Paginator

    row = rating_of(product_id)
    block = summary(row)
    paginator = Paginator(visible_reviews(product_id), PAGE_SIZE)
    paginator.count = block["count"]  # known: no COUNT query
    if block["count"]:
        page = paginator.get_page(page_number)
        items = [{"review": r, "name": reviewer_name(r)} for r in page.object_list]
    else:
        page, items = None, []
    try:
        reviewed = int(reviewed) if reviewed else None
    except (TypeError, ValueError):
        reviewed = None
    return {**block, "page": page, "items": items, "product_id": product_id,
            "just_reviewed": reviewed in {i["review"].pk for i in items}}  # fmt: skip


def order_lines_with_reviews(user, orders, *, now=None) -> None:
    """For the shopper's order page: on each line of a delivered order set `review` (or None)
    and `can_review` (the policy allows it now). One query, only when an order is delivered.
    Orders carry `tracking` (fulfillment.selectors.timelines: the shipment, delivered_at)."""
    from .services import line_decision

    delivered = [o for o in orders if o.state in ("delivered", "completed")]
    lines = [line for o in delivered for line in o.lines.all()]
    reviews = reviews_of_lines(line.pk for line in lines)
    for order in delivered:
        shipment = getattr(getattr(order, "tracking", None), "shipment", None)
        delivered_at = shipment.delivered_at if shipment else None
        for line in order.lines.all():
            line.review = reviews.get(line.pk)
            line.can_review = line_decision(
                user=user, line=line, delivered_at=delivered_at,
                already_reviewed=line.review is not None, now=now,
            ).allowed  # fmt: skip


# --- the console --------------------------------------------------------------------------------


def reviews_for_console(*, merchant=None, status: str = "all", q: str = "") -> QuerySet[Review]:
    """Newest first; merchant staff (merchant given) see their own products' reviews only."""
    from django.db.models import Q as _Q

    rows = Review.objects.select_related(
        "product__merchant", "shopper", "order_line__order", "hidden_by"
    ).order_by("-created_at", "-id")
    if merchant is not None:
        rows = rows.filter(product__merchant=merchant)
    if status == "visible":
        rows = rows.filter(hidden_at__isnull=True)
    elif status == "hidden":
        rows = rows.filter(hidden_at__isnull=False)
    q = (q or "").strip()
    if q:
        rows = rows.filter(
            _Q(product__code__iexact=q)
            | _Q(product__title_zh__icontains=q)
            | _Q(product__title_en__icontains=q)
        )
    return rows
