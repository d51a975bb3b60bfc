"""Return requests in the admin: read-only records (they change only through the services)."""

from django.contrib import admin

from freeport.console.scoping import ReadOnlyAdmin

from .models import Dispute, DisputeMessage, ReturnEvent, ReturnItem, ReturnPhoto, ReturnRequest


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ItemInline(ReadOnlyInline):
    model = ReturnItem
    fields = ["order_line", "quantity", "opened", "grade", "lot", "inspected_by", "note"]
    readonly_fields = fields


class PhotoInline(ReadOnlyInline):
    model = ReturnPhoto
    fields = ["file", "content_type", "size", "created_at"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ReturnEvent
    fields = ["at", "action", "actor", "note"]
    readonly_fields = fields


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReadOnlyAdmin):
    list_display = ["number", "order", "user", "kind", "reason", "status", "refund_amount",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "kind", "reason"]
    search_fields = ["number", "order__number", "waybill_number"]
    inlines = [ItemInline, PhotoInline, EventInline]


class DisputeMessageInline(ReadOnlyInline):
    model = DisputeMessage
    fields = ["at", "role", "author", "action", "text"]
    readonly_fields = fields


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    """Read-only: disputes move only through the console's dispute pages (the thread is kept)."""

    list_display = ["pk", "order", "user", "topic", "status", "opened_at", "due_at", "overdue_at"]
    list_filter = ["status", "topic"]
    search_fields = ["order__number", "subject"]
    inlines = [DisputeMessageInline]
