"""Inventory records in Django admin. Merchant staff may only look at their own SKUs' stock lots.

Quantities change only through the inventory services, which write the append-only
StockMovement ledger: adding a lot here receives it (`stock_receive`, a receipt movement);
changing its on-hand quantity records the difference as an adjustment with the reason given
(`stock_adjust`). The reserved quantity belongs to orders' reservations and is read-only.
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from freeport.console.roles import scope_merchant
from freeport.console.scoping import MerchantScopedAdmin, ReadOnlyAdmin
from freeport.search import events as search_events

from . import services
from .models import Reservation, StockLot, StockMovement, Warehouse


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = [
        "code", "name_en", "name_zh", "kind", "province", "city", "customs_area_code",
        "dispatch_hours",
    ]  # fmt: skip
    list_filter = ["kind", "province"]
    search_fields = ["code", "name_en", "name_zh", "customs_area_code"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"dispatch_hours", "kind"} & set(form.changed_data):
            # Search indexes each product's fastest dispatch promise ("ships within 24 h").
            search_events.warehouses_changed([obj.pk])


class StockMovementInline(admin.TabularInline):
    model = StockMovement
    fields = [
        "created_at", "kind", "quantity", "on_hand_delta", "reserved_delta", "reference",
        "reason", "actor",
    ]  # fmt: skip
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StockLotForm(forms.ModelForm):
    """Adding: the quantity received. Changing: a new on-hand count needs a reason."""

    adjustment_reason = forms.CharField(
        label=_("reason for the change"),
        max_length=200,
        required=False,
        help_text=_(
            "Required when the on-hand quantity changes: the difference is recorded as an "
            "adjustment with this reason."
        ),
    )

    class Meta:
        model = StockLot
        fields = [
            "sku", "warehouse", "batch_number", "expiry_date", "customs_entry_ref",
            "quantity_on_hand", "received_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("quantity_on_hand")
        if field is not None and self.instance.pk is None:
            field.label = _("quantity received")
            field.widget.attrs["min"] = 1
            field.validators.append(_at_least_one)

    def clean(self):
        data = super().clean()
        if self.instance.pk is None or "quantity_on_hand" not in self.changed_data:
            return data
        new = data.get("quantity_on_hand")
        if new is None:
            return data
        if not (data.get("adjustment_reason") or "").strip():
            self.add_error("adjustment_reason", _("Say why the on-hand quantity changes."))
        reserved = (
            StockLot.objects.filter(pk=self.instance.pk)
            .values_list("quantity_reserved", flat=True)
            .first()
            or 0
        )
        if new < reserved:
            self.add_error(
                "quantity_on_hand",
                _("%(n)d units are reserved for orders; on hand cannot be less.") % {"n": reserved},
            )
        return data


def _at_least_one(value):
    if value is not None and value < 1:
        raise forms.ValidationError(_("Receive at least one unit."))


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
    form = StockLotForm

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
        fields = list(super().get_readonly_fields(request, obj)) + ["quantity_reserved"]
        if obj is not None:
            fields += ["sku", "warehouse"]
        return fields

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "adjustment_reason"]
        if obj is not None:
            fields.insert(fields.index("quantity_on_hand") + 1, "adjustment_reason")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        everything, merchant = scope_merchant(request.user)
        if db_field.name == "sku" and not everything:
            kwargs["queryset"] = db_field.related_model.objects.filter(merchant=merchant)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        who = request.user.get_username()
        if not change:
            lot = services.stock_receive(
                sku=obj.sku,
                warehouse=obj.warehouse,
                batch_number=obj.batch_number,
                expiry_date=obj.expiry_date,
                customs_entry_ref=obj.customs_entry_ref,
                quantity=obj.quantity_on_hand,
                received_at=obj.received_at,
                reason=f"received in admin by {who}",
                actor=request.user,
            )  # publishes the in-stock change to search itself
            obj.pk = lot.pk
            obj.refresh_from_db()
            return
        details = [
            f
            for f in form.changed_data
            if f not in ("quantity_on_hand", "quantity_reserved", "adjustment_reason")
        ]
        if details:
            obj.save(update_fields=details)  # never the counters: they follow the ledger
        if "quantity_on_hand" in form.changed_data:
            services.stock_adjust(
                lot=obj,
                delta=form.cleaned_data["quantity_on_hand"] - form.initial["quantity_on_hand"],
                reason=form.cleaned_data["adjustment_reason"],
                actor=request.user,
            )  # publishes the in-stock change to search itself
        elif details:
            search_events.stock_changed([obj.sku.product_id])  # e.g. a corrected expiry date

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
class StockMovementAdmin(ReadOnlyAdmin, MerchantScopedAdmin):
    """The stock ledger: append-only, so read-only here."""

    merchant_path = "lot__sku__merchant"
    operator_only_fields = ()
    list_display = [
        "created_at", "lot", "kind", "quantity", "on_hand_delta", "reserved_delta", "reference",
        "reason",
    ]  # fmt: skip
    list_filter = ["kind"]
    list_select_related = ["lot"]
    search_fields = ["=reference", "reason", "lot__batch_number", "=lot__sku__code"]


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin, MerchantScopedAdmin):
    """Stock held for orders; written by the inventory services only, so read-only here."""

    merchant_path = "sku__merchant"
    operator_only_fields = ()
    list_display = [
        "reference", "sku", "warehouse", "lot", "quantity", "status", "expires_at", "updated_at",
    ]  # fmt: skip
    list_filter = ["status", "warehouse"]
    list_select_related = ["sku", "warehouse", "lot"]
    search_fields = ["=reference", "=sku__code", "lot__batch_number"]
    date_hierarchy = "created_at"
