"""Carts: one per signed-in shopper, or per browser session for an anonymous one (merged into
the shopper's cart at sign-in). Lines hold SKU and quantity only: prices, taxes and stock are
read fresh every time the cart is shown, so a cart never shows a stale price."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Cart(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="cart",
    )  # fmt: skip
    session_key = models.CharField(max_length=40, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(session_key__isnull=False),
                name="cart_has_owner",
            ),
        ]

    def __str__(self):
        return f"cart {self.pk} ({self.user_id or 'anonymous'})"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    sku = models.ForeignKey("catalog.SKU", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "sku"], name="cart_line_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_line_quantity"),
        ]

    def __str__(self):
        return f"{self.sku_id} x{self.quantity}"
