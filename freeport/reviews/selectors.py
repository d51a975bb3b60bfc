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
        .only("id", "stars", "text", "created_at", "shopper__username", "shopper__first_name")
        .order_by("-created_at", "-id")
    )


def reviewer_name(review: Review) -> str:
    user = review.shopper
    return policy.masked_name(user.first_name or user.username)


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
