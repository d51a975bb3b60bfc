"""Verified-purchase reviews: one per order line a shopper received, 1 to 5 stars and a text.

`ProductRating` is the product's aggregate of its *visible* reviews (count, stars total, one
count per star), changed in the same transaction as every review create / hide / unhide, with
its row locked (services.py). Search reads it as a ranking signal (selectors.product_ratings).
Rules: `policy.py` (who may review what, when); arithmetic: `rating.py`; docs/reviews.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from . import policy, rating


class Review(models.Model):
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    # One review per purchased order line (the UniqueConstraint below, not `unique=True`, so the
    # name is stable and a racing duplicate fails with a known constraint).
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="+")
    shopper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )  # the order's user
    stars = models.PositiveSmallIntegerField(_("stars"))
    text = models.TextField(_("review"), max_length=policy.TEXT_MAX, blank=True)
    created_at = models.DateTimeField()
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["order_line"], name="review_once_per_line"),
            models.CheckConstraint(
                condition=Q(stars__gte=policy.STARS_MIN, stars__lte=policy.STARS_MAX),
                name="review_stars_1_to_5",
            ),
        ]
        indexes = [
            # The product page: newest visible reviews of one product.
            models.Index(fields=["product", "-created_at", "-id"], name="review_product_newest"),
            models.Index(fields=["-created_at", "-id"], name="review_newest"),
        ]

    def __str__(self):
        return f"{self.product_id} ★{self.stars} ({self.order_line_id})"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ProductRating(models.Model):
    """The product's visible reviews, summed. A row exists once the product got its first review
    (it stays, possibly at count 0, when all its reviews are hidden)."""

    product = models.OneToOneField(
        "catalog.Product", primary_key=True, on_delete=models.CASCADE, related_name="rating"
    )
    count = models.PositiveIntegerField(default=0)
    stars_total = models.PositiveIntegerField(default=0)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product rating")
        verbose_name_plural = _("product ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    count=F("stars_1") + F("stars_2") + F("stars_3") + F("stars_4") + F("stars_5")
                ),
                name="rating_count_adds_up",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(
                    stars_total=F("stars_1")
                    + 2 * F("stars_2")
                    + 3 * F("stars_3")
                    + 4 * F("stars_4")
                    + 5 * F("stars_5")
                ),
                name="rating_total_adds_up",
            ),  # fmt: skip
        ]

    def __str__(self):
        return f"{self.product_id}: {self.count} / {self.stars_total}"

    @property
    def average(self):
        """The displayed average (one decimal, half up), None without a visible review."""
        return rating.average(self.count, self.stars_total)

    @property
    def histogram(self) -> tuple[int, int, int, int, int]:
        """Counts of 1..5 stars."""
        return (self.stars_1, self.stars_2, self.stars_3, self.stars_4, self.stars_5)
