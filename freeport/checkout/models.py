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


class Promotion(models.Model):
    """An automatic spend-X-save-Y open to every shopper: an open price cut (lowers the dutiable
    value). Of a merchant's goods, or every merchant's when `merchant` is empty."""

    name_zh = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)
    merchant = models.ForeignKey(
        "catalog.Merchant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    threshold = models.DecimalField(max_digits=12, decimal_places=2)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["threshold", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(threshold__gt=models.F("amount")),
                name="promotion_amount_below_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.name_en} ({self.threshold} - {self.amount})"


class Coupon(models.Model):
    """A coupon code: a non-cash discount (CEB311 `discount`); lowers what the shopper pays, not
    the dutiable value, whoever funds it."""

    class Kind(models.TextChoices):
        FIXED = "fixed", "fixed amount"
        PERCENT = "percent", "percentage"
        THRESHOLD = "threshold", "spend X save Y"

    class Funder(models.TextChoices):
        PLATFORM = "platform", "platform"
        MERCHANT = "merchant", "merchant"

    code = models.CharField(max_length=32, unique=True)
    name_zh = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    min_spend = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    max_off = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    funded_by = models.CharField(max_length=10, choices=Funder.choices)
    # A merchant-funded coupon covers only that merchant's goods.
    merchant = models.ForeignKey(
        "catalog.Merchant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    new_shopper_only = models.BooleanField(default=False)
    per_shopper_limit = models.PositiveSmallIntegerField(default=1)
    total_limit = models.PositiveIntegerField(null=True, blank=True)  # coupons issued
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(funded_by="platform", merchant__isnull=True)
                | Q(funded_by="merchant", merchant__isnull=False),
                name="coupon_funder_matches_merchant",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(percent__gte=0) & Q(percent__lte=100),
                name="coupon_amounts_in_range",
            ),
        ]

    def __str__(self):
        return self.code


class CouponRedemption(models.Model):
    """A coupon used by a checkout: held when placed, used when paid, returned when the orders
    are cancelled unpaid. Counts toward the per-shopper and total limits while held or used."""

    class Status(models.TextChoices):
        HELD = "held", "held"
        USED = "used", "used"
        RETURNED = "returned", "returned"

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.OneToOneField(
        "orders.OrderGroup", on_delete=models.CASCADE, related_name="coupon_redemption"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.HELD)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["coupon", "user", "status"])]

    def __str__(self):
        return f"{self.coupon_id} {self.group_id} {self.status}"


class FxRate(models.Model):
    """An exchange rate from the rates table (loaded by `fx_rates_load` from a file)."""

    currency = models.CharField(max_length=3)
    cny_per_unit = models.DecimalField(max_digits=14, decimal_places=6)
    source = models.CharField(max_length=120)
    as_of = models.DateTimeField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["currency", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "as_of"], name="fx_rate_once"),
            models.CheckConstraint(condition=Q(cny_per_unit__gt=0), name="fx_rate_positive"),
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.cny_per_unit} CNY ({self.as_of:%Y-%m-%d %H:%M})"


class FxLock(models.Model):
    """A currency quote locked for a shopper: the charged amount holds until `locked_until`
    for the CNY total it was made for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    currency = models.CharField(max_length=3)
    cny = models.DecimalField(max_digits=12, decimal_places=2)
    cny_per_unit = models.DecimalField(max_digits=14, decimal_places=6)
    source = models.CharField(max_length=120)
    as_of = models.DateTimeField()
    fee_rate = models.DecimalField(max_digits=6, decimal_places=4)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    fee = models.DecimalField(max_digits=14, decimal_places=2)
    total = models.DecimalField(max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    locked_until = models.DateTimeField()

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"{self.total} {self.currency} for {self.cny} CNY until {self.locked_until}"
