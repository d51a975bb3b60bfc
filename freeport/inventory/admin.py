"""Inventory records in Django admin. Merchant staff may only look at their own SKUs' stock lots.

Quantities change through the append-only StockMovement ledger: a lot's quantities are entered
once when it is received here (recorded as a receipt movement) and are read-only afterwards.
"""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from freeport.console.roles import scope_merchant
from freeport.console.scoping import MerchantScopedAdmin
from freeport.search import events as search_events

from .models import StockLot, StockMovement, Warehouse


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = [
        "code", "name_en", "name_zh", "kind", "province", "city", "customs_area_code",
        "dispatch_hours",
    ]  # fmt: skip
    list_filter = ["kind", "province"]
    search_fields = ["code", "name_en", "name_zh", "customs_area_code"]


class StockMovementInline(admin.TabularInline):
    model = StockMovement
    fields = ["created_at", "kind", "quantity", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StockLot)
class StockLotAdmin(MerchantScopedAdmin):
    merchant_path = "sku__merchant"
    operator_only_fields = ()
    merchant_columns = ("sku__merchant", "merchant")
    list_display = [
        "sku", "product", "merchant", "warehouse", "batch_number", "expiry_date",
        "quantity_on_hand", "quantity_reserved", "available", "received_at",
    ]  # fmt: skip
    list_filter = ["warehouse", "sku__merchant", "expiry_date"]
    list_select_related = ["sku__product", "sku__merchant", "warehouse"]
    search_fields = ["batch_number", "customs_entry_ref", "=sku__code", "=sku__gtin"]
    autocomplete_fields = ["sku"]
    date_hierarchy = "received_at"
    inlines = [StockMovementInline]

    @admin.display(description=_("product"), ordering="sku__product__code")
    def product(self, lot):
        return lot.sku.product.title_en

    @admin.display(description=_("merchant"), ordering="sku__merchant__code")
    def merchant(self, lot):
        return lot.sku.merchant.code

    @admin.display(description=_("available"))
    def available(self, lot):
        return lot.available

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["sku", "warehouse", "quantity_on_hand", "quantity_reserved"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        everything, merchant = scope_merchant(request.user)
        if db_field.name == "sku" and not everything:
            kwargs["queryset"] = db_field.related_model.objects.filter(merchant=merchant)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.quantity_on_hand:
            StockMovement.objects.create(
                lot=obj,
                kind=StockMovement.Kind.RECEIPT,
                quantity=obj.quantity_on_hand,
                reason=f"received in admin by {request.user.get_username()}",
            )
        search_events.stock_changed([obj.sku.product_id])  # the in-stock ranking signal

    @transaction.atomic
    def delete_model(self, request, obj):
        product_id = obj.sku.product_id
        super().delete_model(request, obj)
        search_events.stock_changed([product_id])

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        product_ids = list(queryset.values_list("sku__product_id", flat=True))
        super().delete_queryset(request, queryset)
        search_events.stock_changed(product_ids)


@admin.register(StockMovement)
class StockMovementAdmin(MerchantScopedAdmin):
    """The stock ledger: append-only, so read-only here."""

    merchant_path = "lot__sku__merchant"
    operator_only_fields = ()
    list_display = ["created_at", "lot", "kind", "quantity", "reason"]
    list_filter = ["kind"]
    list_select_related = ["lot"]
    search_fields = ["reason", "lot__batch_number", "=lot__sku__code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
