"""Shipments: one per customs order, from pick list to delivery, with the carrier's events."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from . import tracking


class Shipment(models.Model):
    """The parcel of one released order.

    picking ─► picked ─► packed ─► labelled ─► handed_over ─► in_transit ─► out_for_delivery
                                                          └──────── exception ◄──┘  ─► delivered
    Up to `labelled` the warehouse moves it (console); from `handed_over` the carrier's events
    decide (`tracking.status`).
    """

    class Status(models.TextChoices):
        PICKING = "picking", _("to pick")
        PICKED = "picked", _("picked")
        PACKED = "packed", _("packed")
        LABELLED = "labelled", _("labelled")
        HANDED_OVER = tracking.HANDED_OVER, tracking.LABELS[tracking.HANDED_OVER]
        IN_TRANSIT = tracking.IN_TRANSIT, tracking.LABELS[tracking.IN_TRANSIT]
        OUT_FOR_DELIVERY = tracking.OUT_FOR_DELIVERY, tracking.LABELS[tracking.OUT_FOR_DELIVERY]
        DELIVERED = tracking.DELIVERED, tracking.LABELS[tracking.DELIVERED]
        EXCEPTION = tracking.EXCEPTION, tracking.LABELS[tracking.EXCEPTION]

    IN_WAREHOUSE = (Status.PICKING, Status.PICKED, Status.PACKED, Status.LABELLED)
    WITH_CARRIER = (Status.HANDED_OVER, Status.IN_TRANSIT, Status.OUT_FOR_DELIVERY,
                    Status.EXCEPTION)  # fmt: skip

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="shipment")
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PICKING)
    carrier = models.CharField(max_length=20)
    waybill_number = models.CharField(_("waybill number"), max_length=40, unique=True)
    destination_province = models.CharField(max_length=40)
    destination_city = models.CharField(max_length=40)
    expected_weight_kg = models.DecimalField(max_digits=9, decimal_places=3)
    measured_weight_kg = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    weight_override = models.CharField(max_length=200, blank=True)  # why a mismatch was accepted
    paid_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)  # paid_at + FULFILLMENT_SLA_HOURS
    picked_at = models.DateTimeField(null=True, blank=True)
    packed_at = models.DateTimeField(null=True, blank=True)
    labelled_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    estimated_delivery_at = models.DateTimeField(null=True, blank=True)
    estimate_basis = models.CharField(max_length=40, blank=True)
    delay_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="shipment_queue")]

    def __str__(self):
        return self.waybill_number

    @property
    def in_warehouse(self) -> bool:
        return self.status in self.IN_WAREHOUSE


class PickLine(models.Model):
    """Units of one lot to take from its bin for the shipment (the lots FEFO reserved)."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="pick_lines")
    lot = models.ForeignKey("inventory.StockLot", on_delete=models.PROTECT, related_name="+")
    sku = models.ForeignKey("catalog.SKU", on_delete=models.PROTECT, related_name="+")
    bin_location = models.CharField(max_length=20, blank=True)
    quantity = models.PositiveIntegerField()
    picked = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["bin_location", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(picked__lte=F("quantity")), name="pick_within_line"),
            models.UniqueConstraint(fields=["shipment", "lot"], name="pick_line_lot_once"),
        ]

    def __str__(self):
        return f"{self.bin_location or '-'}: {self.picked}/{self.quantity} × {self.sku_id}"


class TrackingEvent(models.Model):
    """One carrier event as received; the same carrier event id is stored once per shipment."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=64)
    code = models.CharField(
        max_length=20, choices=[(c, tracking.LABELS[c]) for c in tracking.CODES]
    )
    occurred_at = models.DateTimeField()
    place = models.CharField(max_length=80, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "event_id"], name="tracking_event_once")
        ]

    def __str__(self):
        return f"{self.code} {self.occurred_at:%Y-%m-%d %H:%M}"

    def as_event(self) -> tracking.Event:
        return tracking.Event(self.event_id, self.code, self.occurred_at, self.place, self.detail)
