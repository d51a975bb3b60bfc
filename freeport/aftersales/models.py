"""After-sales: return and exchange requests, the units sent back, photos and every step taken.

    requested ─label─► approved ─shipped─► in_transit ─receive─► received ─inspect─► inspected
    inspected ─refund─► refunded (returns; an exchange stays inspected: replacement not built)
    requested, approved, in_transit, received ─refuse (operator)─► refused
    requested, approved ─cancel (shopper)─► cancelled

Rules are in `policy.py` (pure), writes in `services.py`; docs/aftersales.md.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import policy


class PrivateStorage(FileSystemStorage):
    """Return photos are the shopper's own pictures (often of their home): kept outside the
    public static/media tree, under AFTERSALES_PHOTO_ROOT (default var/aftersales), and served
    only through views that check who asks (a later step)."""

    @property  # read each time: a changed setting (tests) applies at once
    def base_location(self):
        root = getattr(settings, "AFTERSALES_PHOTO_ROOT", None)
        return str(root or Path(settings.VAR_DIR) / "aftersales")

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @property
    def base_url(self):  # no URL: photos are served only through a view that checks access
        return None


def photo_storage():
    return PrivateStorage()


class ReturnRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        APPROVED = "approved", _("approved: return label issued")
        IN_TRANSIT = "in_transit", _("on its way back")
        RECEIVED = "received", _("received at the warehouse")
        INSPECTED = "inspected", _("inspected")
        REFUNDED = "refunded", _("refunded")
        REFUSED = "refused", _("refused")
        CANCELLED = "cancelled", _("cancelled")

    class Kind(models.TextChoices):
        RETURN = policy.RETURN, _("return (money back)")
        EXCHANGE = policy.EXCHANGE, _("exchange (the same item again)")

    class Reason(models.TextChoices):
        QUALITY = policy.QUALITY, _("quality problem")
        WRONG_ITEM = policy.WRONG_ITEM, _("wrong item sent")
        DAMAGED = policy.DAMAGED, _("arrived damaged")
        NOT_AS_DESCRIBED = policy.NOT_AS_DESCRIBED, _("not as described")
        CHANGED_MIND = policy.CHANGED_MIND, _("changed my mind (no reason)")

    OPEN = (Status.REQUESTED, Status.APPROVED, Status.IN_TRANSIT, Status.RECEIVED,
            Status.INSPECTED)  # fmt: skip
    CLOSED = (Status.REFUNDED, Status.REFUSED, Status.CANCELLED)

    number = models.CharField(_("return number"), max_length=40, unique=True)  # R + order + seq
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="return_requests"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    # The policy's decision when the request was made: reasons (code + text in the site language),
    # windows, shipping payer, refund breakdown; amounts as strings. What the shopper was shown.
    decision = models.JSONField(default=dict)
    tier = models.CharField(max_length=12, default="standard")
    free_return = models.BooleanField(default=False)  # uses one of the year's free returns
    shipping_payer = models.CharField(max_length=10)  # policy.PLATFORM or policy.SHOPPER
    return_freight = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    released_at = models.DateTimeField()  # customs release of the inventory list
    delivered_at = models.DateTimeField()
    ship_back_by = models.DateTimeField()  # release + 45 days: back in the bonded area by then
    carrier = models.CharField(max_length=20, blank=True)
    waybill_number = models.CharField(max_length=40, blank=True)  # FPR...; set with the label
    routing_code = models.CharField(max_length=40, blank=True)
    customs_return = models.ForeignKey(
        "customs.CustomsReturn", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the CEB625 application, made when the label is issued (returns only)
    refund_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    refund_tax = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    goods_refund = models.ForeignKey(
        "payments.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tax_refund = models.ForeignKey(
        "payments.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tax_settled = models.CharField(max_length=10, blank=True)  # "", "refunded", "refused", "none"
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    inspected_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "-id"], name="return_user_newest"),
            models.Index(fields=["status", "created_at"], name="return_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["waybill_number"], condition=~Q(waybill_number=""), name="return_waybill"
            ),
            models.CheckConstraint(condition=Q(return_freight__gte=0), name="return_freight_ge0"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ReturnItem(models.Model):
    class Grade(models.TextChoices):
        RESELLABLE = "resellable", _("resellable: back into stock")
        RETURN_TO_VENDOR = "return_to_vendor", _("return to vendor")
        SCRAP = "scrap", _("scrap")

    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="items")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    opened = models.BooleanField(default=False)
    # True while the request is open: one open request per order line (database constraint).
    is_open = models.BooleanField(default=True)
    grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    lot = models.ForeignKey(
        "inventory.StockLot", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # resellable: the lot the units went back into
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="return_item_quantity"),
            models.UniqueConstraint(
                fields=["order_line"], condition=Q(is_open=True), name="return_item_one_open"
            ),
            models.UniqueConstraint(fields=["request", "order_line"], name="return_item_line_once"),
        ]

    def __str__(self):
        return f"{self.order_line_id} x{self.quantity}"


class ReturnPhoto(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="returns/%Y/%m/", storage=photo_storage, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.file.name


class ReturnEvent(models.Model):
    """Every step, decision and message of a request, in order. Append-only."""

    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.request_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


# --- disputes (aftersales/disputes.py; docs/aftersales.md "Disputes") --------------------------


class Dispute(models.Model):
    """A shopper's escalation about an order (or one of its return requests): an operator must
    resolve it by `due_at` (opened + AFTERSALES_DISPUTE_HOURS). One open dispute per order."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")

    class Topic(models.TextChoices):
        RETURN_REFUSED = "return_refused", _("my return was refused")
        REFUND_MISSING = "refund_missing", _("refund not received")
        DAMAGED = "damaged", _("goods damaged or faulty")
        NOT_RECEIVED = "not_received", _("parcel not received")
        OTHER = "other", _("something else")

    class Outcome(models.TextChoices):
        REFUND_FULL = "refund_full", _("full refund of what is left to refund")
        REFUND_PARTIAL = "refund_partial", _("partial refund")
        REPLACEMENT = "replacement", _("replacement sent")
        REJECTED = "rejected", _("rejected")

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="+")
    return_request = models.ForeignKey(
        ReturnRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disputes"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    subject = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    due_at = models.DateTimeField()  # opened_at + AFTERSALES_DISPUTE_HOURS
    overdue_at = models.DateTimeField(null=True, blank=True)  # set once by the periodic job
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    refund_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    refund = models.ForeignKey(
        "payments.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="dispute_queue"),
            models.Index(fields=["user", "-id"], name="dispute_user_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=Q(status="open"), name="dispute_one_open_per_order"
            ),
            models.CheckConstraint(
                condition=Q(refund_amount__isnull=True) | Q(refund_amount__gt=0),
                name="dispute_refund_positive",
            ),
        ]

    def __str__(self):
        return f"D{self.pk} {self.order_id}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class DisputeMessageQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("dispute messages are kept forever: append only")

    def delete(self):
        raise TypeError("dispute messages are kept forever: append only")


class DisputeMessage(models.Model):
    """Every message and every step of a dispute (opened, taken, resolved, overdue), in order.
    Append-only: never changed, never deleted (the dispute is PROTECTed from deletion too)."""

    class Role(models.TextChoices):
        SHOPPER = "shopper", _("shopper")
        OPERATOR = "operator", _("operator")
        SYSTEM = "system", _("system")

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="messages")
    at = models.DateTimeField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    action = models.CharField(max_length=20)  # opened, message, taken, resolved, overdue
    text = models.TextField(blank=True)

    objects = DisputeMessageQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.dispute_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("dispute messages are kept forever: append only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("dispute messages are kept forever: append only")
