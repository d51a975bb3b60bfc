from django.contrib import admin

from freeport.console.scoping import ReadOnlyAdmin

from .models import PickLine, Shipment, TrackingEvent


class PickLineInline(admin.TabularInline):
    model = PickLine
    extra = 0
    can_delete = False
    readonly_fields = ("lot", "sku", "bin_location", "quantity", "picked")


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    extra = 0
    can_delete = False
    readonly_fields = ("event_id", "code", "occurred_at", "place", "detail", "received_at")


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    """Read-only: shipments move through the console's warehouse screens and carrier pushes."""

    list_display = ("waybill_number", "order", "warehouse", "status", "due_at", "handed_over_at",
                    "delivered_at")  # fmt: skip
    list_filter = ("status", "warehouse", "carrier")
    search_fields = ("waybill_number", "order__number")
    inlines = [PickLineInline, TrackingEventInline]
