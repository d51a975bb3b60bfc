"""Orders: a checkout (OrderGroup) places one Order per seller and warehouse (one customs order
each), paid together with one payment. Amounts are the tax engine's figures, stored as quoted:
what the shopper saw is what the order declares (`total` = CEB311 acturalPaid) and what is paid.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from freeport.kernel.crypto import EncryptedTextField, mask

from . import states

MONEY = {"max_digits": 12, "decimal_places": 2}


class OrderGroup(models.Model):
    """One checkout: the orders placed together under one idempotency key and paid at once."""

    number = models.CharField(max_length=24, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="order_groups"
    )
    idempotency_key = models.CharField(max_length=80)
    # Fingerprint of the request the key was first used with: the same key with another cart is
    # refused instead of silently returning orders for something else.
    request_hash = models.CharField(max_length=64)
    currency = models.CharField(max_length=3, default="CNY")
    total = models.DecimalField(**MONEY)
    # Paying in another currency at a locked rate: what the shopper is charged (the payment and
    # the declarations stay in CNY). Empty when paying in CNY.
    charge_currency = models.CharField(max_length=3, blank=True)
    charge_amount = models.DecimalField(**MONEY, null=True, blank=True)
    fx_lock = models.ForeignKey(
        "checkout.FxLock", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="group_key_once"),
            models.CheckConstraint(condition=Q(total__gte=0), name="group_total_not_negative"),
        ]

    def __str__(self):
        return self.number


HALF_FEN = Decimal("0.005")
_SUM = F("goods") + F("freight") + F("insurance") + F("tax") - F("discount")
_TAX = F("tariff") + F("consumption_tax") + F("vat")


class Order(models.Model):
    """One customs order (one seller, one bonded warehouse, one buyer) and its state."""

    number = models.CharField(max_length=30, unique=True)
    group = models.ForeignKey(OrderGroup, on_delete=models.PROTECT, related_name="orders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merchant = models.ForeignKey("catalog.Merchant", on_delete=models.PROTECT, related_name="+")
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=16, choices=list(states.LABELS.items()), default=states.PENDING_PAYMENT
    )
    regime = models.CharField(max_length=16)  # tax.CBEC or tax.FULL_TAX

    # The buyer (订购人 = payer) when the order was placed. The buyer record may be deleted later;
    # the declaration keeps its own encrypted copy. `buyer_id_index` counts the annual quota.
    buyer = models.ForeignKey(
        "customs.Buyer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    buyer_id_index = models.CharField(max_length=64, db_index=True)
    blind_index_copies = ("buyer_id_index",)  # re-keyed by reencrypt_personal_data

    # Delivery address as given at checkout (personal data encrypted at rest).
    recipient_name = EncryptedTextField()
    phone = EncryptedTextField()
    province = models.CharField(max_length=40)
    city = models.CharField(max_length=40)
    district = models.CharField(max_length=40)
    street = EncryptedTextField()

    goods = models.DecimalField(**MONEY)
    freight = models.DecimalField(**MONEY)
    insurance = models.DecimalField(**MONEY, default=0)
    discount = models.DecimalField(**MONEY)  # non-cash (coupons): lowers the payable, not the DV
    # Open price cuts (automatic promotions) already taken off `goods`: shown, not re-applied.
    price_cut = models.DecimalField(**MONEY, default=0)
    dutiable_value = models.DecimalField(**MONEY)
    tariff = models.DecimalField(**MONEY)
    consumption_tax = models.DecimalField(**MONEY)
    vat = models.DecimalField(**MONEY)
    tax = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)  # = goods + freight + insurance + tax - discount

    dispatch_hours = models.PositiveSmallIntegerField(null=True, blank=True)  # promise shown
    # The parcel's carrier and waybill number, reserved from the carrier adapter when the order is
    # declared (CEB511 needs it before customs releases the goods); the label prints the same.
    carrier = models.CharField(max_length=20, blank=True)
    waybill_number = models.CharField(max_length=40, blank=True)
    transaction_id = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()  # unpaid orders are cancelled after this
    paid_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "-id"]),
            models.Index(fields=["state", "expires_at"]),
        ]
        # The sums hold to the fen. Within half a fen, because SQLite adds decimals as binary
        # floats (PostgreSQL's numeric is exact, so there the check is exact in effect).
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gt=_SUM - HALF_FEN, total__lt=_SUM + HALF_FEN),
                name="order_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(tax__gt=_TAX - HALF_FEN, tax__lt=_TAX + HALF_FEN),
                name="order_tax_adds_up",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
        ]

    def __str__(self):
        return self.number

    @property
    def masked_recipient(self) -> str:
        return mask(self.recipient_name, 1, 0)

    @property
    def masked_phone(self) -> str:
        return mask(self.phone, 3, 4)

    @property
    def masked_address(self) -> str:
        return f"{self.province}{self.city}{self.district} {mask(self.street, 2, 0)}"

    def state_label(self) -> str:
        return str(states.LABELS[self.state])


class OrderLine(models.Model):
    """A SKU bought, with the tax engine's line figures (allocations sum to the order's)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    sku = models.ForeignKey("catalog.SKU", on_delete=models.PROTECT, related_name="+")
    title_zh = models.CharField(max_length=250)
    title_en = models.CharField(max_length=250)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(**MONEY)  # list price per unit when placed
    price_cut = models.DecimalField(**MONEY, default=0)  # the line's share of open price cuts
    goods = models.DecimalField(**MONEY)  # unit_price x quantity - price_cut
    freight = models.DecimalField(**MONEY)
    discount = models.DecimalField(**MONEY)
    dutiable_value = models.DecimalField(**MONEY)
    tariff = models.DecimalField(**MONEY)
    consumption_tax = models.DecimalField(**MONEY)
    vat = models.DecimalField(**MONEY)
    payable = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity"),
        ]

    def __str__(self):
        return f"{self.sku_id} x{self.quantity}"

    @property
    def tax(self):
        return self.tariff + self.consumption_tax + self.vat


class OrderTransition(models.Model):
    """Every state change of an order, in order: who, when, why. Append-only."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="transitions")
    seq = models.PositiveIntegerField()
    event = models.CharField(max_length=16)
    from_state = models.CharField(max_length=16)
    to_state = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["order_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["order", "seq"], name="order_transition_seq"),
        ]

    def __str__(self):
        return f"{self.order_id}#{self.seq} {self.from_state}→{self.to_state}"

    def label(self) -> str:
        return str(states.LABELS[self.to_state])
