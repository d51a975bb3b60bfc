"""Payments in the admin: read-only records (money moves only through the services)."""

from django.contrib import admin

from freeport.console.scoping import ReadOnlyAdmin

from .models import LedgerEntry, Payment, PaymentNotification, Refund, SandboxTransaction


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "group",
        "provider",
        "status",
        "amount",
        "refunded_amount",
        "created_at",
        "paid_at",
    ]
    list_filter = ["status", "provider"]
    search_fields = ["reference", "group__number", "transaction_id"]


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "provider",
        "notify_id",
        "payment",
        "outcome",
        "reason",
        "signature_valid",
        "received_at",
    ]
    list_filter = ["outcome", "reason", "signature_valid"]
    search_fields = ["notify_id", "payment__reference"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["id", "payment", "amount", "status", "reason", "key", "created_at"]
    list_filter = ["status"]
    search_fields = ["payment__reference", "key"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "amount", "currency", "payment", "group", "occurred_at"]
    list_filter = ["kind"]
    search_fields = ["payment__reference", "group__number"]


@admin.register(SandboxTransaction)
class SandboxTransactionAdmin(ReadOnlyAdmin):
    list_display = ["transaction_id", "out_trade_no", "status", "amount", "refunded", "created_at"]
