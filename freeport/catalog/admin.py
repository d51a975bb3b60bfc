"""Catalog records in Django admin.

Operators see and edit everything; merchant staff see and edit only their merchant's products and
SKUs (see freeport/console/scoping.py). Listing status never changes through a form: it moves
through services.product_review (admin actions, console review page), which keeps the audit trail.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from freeport.console.actions import review_action
from freeport.console.roles import is_operator, scope_merchant
from freeport.console.scoping import MerchantScopedAdmin, OperatorOnlyAdmin, ReadOnlyAdmin
from freeport.search import selectors as search_selectors
from freeport.search import services as search

from . import listing, services
from .models import (
    SKU,
    AttributeTag,
    Brand,
    Category,
    Certification,
    ListingReview,
    Merchant,
    MerchantStaff,
    Product,
    TaxProfile,
)


def _compliance_check(request, product_id: int, changed: set[str]) -> None:
    """Merchant staff's edit of an approved listing's compliance fields: back to review."""
    if is_operator(request.user):
        return
    if services.product_compliance_changed(
        product_id=product_id, changed=changed, actor=request.user
    ):
        messages.warning(
            request,
            _("Compliance details changed: the listing is hidden from shoppers until an "
              "operator reviews it again."),
        )  # fmt: skip


def _scoped_form(form_class, request):
    """The form class, told which merchant a non-operator works for (None for operators)."""
    everything, merchant = scope_merchant(request.user)
    if everything:
        return form_class
    return type(form_class.__name__, (form_class,), {"scoped_merchant": merchant})


def _taken_sku_codes(merchant_id, codes, exclude_ids) -> set[str]:
    return set(
        SKU.objects.filter(merchant_id=merchant_id, code__in=codes)
        .exclude(pk__in=exclude_ids)
        .values_list("code", flat=True)
    )


# --- merchants and reference data -------------------------------------------------------------


class MerchantStaffInline(admin.TabularInline):
    model = MerchantStaff
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "customs_code", "country", "is_active"]
    list_filter = ["is_active", "country"]
    search_fields = ["code", "name_en", "name_zh", "customs_code"]
    inlines = [MerchantStaffInline]


@admin.register(MerchantStaff)
class MerchantStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "merchant"]
    list_filter = ["merchant"]
    list_select_related = ["user", "merchant"]
    search_fields = ["user__username", "user__email", "merchant__code"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["merchant"]


class NamesInTheIndex:
    """A brand, category, tag or certification's names are words of its products' search
    documents (titles hold the brand, facets the category, tag and certification names) and of
    every process's search vocabulary: a change re-indexes those products in the save's
    transaction, or, with none, tells the search vocabulary (after the commit)."""

    def product_ids(self, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        ids = list(self.product_ids(obj)) if change else []
        if not search.index_products(ids):
            search_selectors.invalidate()


@admin.register(Brand)
class BrandAdmin(NamesInTheIndex, MerchantScopedAdmin):
    list_display = ["name_en", "name_zh", "slug", "merchant", "country"]
    list_filter = ["merchant", "country"]
    list_select_related = ["merchant"]
    search_fields = ["slug", "name_en", "name_zh"]
    autocomplete_fields = ["merchant"]

    def product_ids(self, obj):
        return Product.objects.filter(brand=obj).values_list("id", flat=True)


@admin.register(Category)
class CategoryAdmin(NamesInTheIndex, admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_zh", "parent", "position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["slug", "name_en", "name_zh"]

    def product_ids(self, obj):  # its products and its subcategories' (their root's names)
        products = Product.objects.filter(Q(category=obj) | Q(category__parent=obj))
        return products.values_list("id", flat=True)


@admin.register(TaxProfile)
class TaxProfileAdmin(admin.ModelAdmin):
    list_display = [
        "hs_code", "name_en", "tariff_mfn_rate", "tariff_provisional_rate", "vat_rate",
        "ct_kind", "ct_rate", "positive_list", "effective_from",
    ]  # fmt: skip
    list_filter = ["positive_list", "ct_kind"]
    search_fields = ["hs_code", "name_en", "name_zh"]


@admin.register(Certification)
class CertificationAdmin(NamesInTheIndex, admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh"]
    search_fields = ["code", "name_en", "name_zh"]

    def product_ids(self, obj):
        return obj.products.values_list("id", flat=True)


@admin.register(AttributeTag)
class AttributeTagAdmin(NamesInTheIndex, admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh"]
    search_fields = ["code", "name_en", "name_zh"]

    def product_ids(self, obj):
        return obj.products.values_list("id", flat=True)


# --- products ------------------------------------------------------------------------------


class ProductForm(forms.ModelForm):
    scoped_merchant = None  # set for merchant staff by ProductAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.scoped_merchant is not None and not self.instance.merchant_id:
            self.instance.merchant = self.scoped_merchant

    def clean(self):
        cleaned = super().clean()
        merchant = cleaned.get("merchant")
        if merchant is None and self.instance.merchant_id:
            merchant = self.instance.merchant
        brand, code = cleaned.get("brand"), cleaned.get("code")
        if merchant is None:
            return cleaned
        if brand is not None and brand.merchant_id != merchant.id:
            self.add_error("brand", _("This brand belongs to another merchant."))
        if code and (
            Product.objects.filter(merchant=merchant, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("code", _("This merchant already has a product with this code."))
        return cleaned


class SKUInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        merchant_id = self.instance.merchant_id
        if any(self.errors) or not merchant_id:
            return
        codes = [
            f.cleaned_data["code"]
            for f in self.forms
            if f.cleaned_data.get("code") and not self._should_delete_form(f)
        ]
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise ValidationError(_("SKU code repeated: %(codes)s"), params={"codes": repeated})
        exclude_ids = [f.instance.pk for f in self.forms if f.instance.pk]
        taken = _taken_sku_codes(merchant_id, codes, exclude_ids)
        if taken:
            raise ValidationError(
                _("This merchant already has SKUs with these codes: %(codes)s"),
                params={"codes": ", ".join(sorted(taken))},
            )


class SKUInline(admin.TabularInline):
    model = SKU
    formset = SKUInlineFormSet
    fields = [
        "code", "gtin", "variant_zh", "variant_en", "price", "gross_weight_kg", "net_weight_kg",
        "net_content_value", "net_content_unit", "is_active",
    ]  # fmt: skip

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None else 1


class ListingReviewInline(admin.TabularInline):
    """The review history, read-only; whoever may see the product may see why it changed."""

    model = ListingReview
    fields = ["created_at", "from_status", "to_status", "reason", "actor"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("review history")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("catalog.view_product")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Product)
class ProductAdmin(MerchantScopedAdmin):
    form = ProductForm
    list_display = [
        "code", "title_en", "merchant", "brand", "category", "status", "price_min", "price_max",
        "updated_at",
    ]  # fmt: skip
    list_display_links = ["code", "title_en"]
    list_filter = [
        "status", "merchant", ("brand", admin.RelatedOnlyFieldListFilter), "category",
        "positive_list", "origin_country",
    ]  # fmt: skip
    list_select_related = ["merchant", "brand", "category"]
    search_fields = ["code", "title_en", "title_zh", "record_number", "=skus__code", "=skus__gtin"]
    autocomplete_fields = ["merchant", "brand", "category", "tax_profile"]
    filter_horizontal = ["certifications", "tags"]
    inlines = [SKUInline, ListingReviewInline]
    fieldsets = [
        (None, {"fields": ["merchant", "brand", "category", "code", "title_zh", "title_en"]}),
        (_("Listing"), {"fields": ["status", "status_reason", "published_at"]}),
        (
            _("Compliance"),
            {
                "fields": [
                    "origin_country",
                    "tax_profile",
                    "positive_list",
                    "record_number",
                    "ingredients_zh",
                    "ingredients_en",
                    "certifications",
                    "shelf_life_days",
                ]  # fmt: skip
            },
        ),
        (
            _("Description"),
            {
                "fields": [
                    "description_zh",
                    "description_en",
                    "tags",
                    "age_min_months",
                    "age_max_months",
                    "stage_label",
                    "size_guide",
                ]  # fmt: skip
            },
        ),
        (_("Figures"), {"fields": ["price_min", "price_max", "sales_count"]}),
    ]
    # Status moves only through product_review (actions / console) so every change is audited.
    readonly_fields = ["status", "status_reason", "published_at", "price_min", "price_max",
                       "sales_count"]  # fmt: skip
    actions = [
        review_action("approve", "review"),
        review_action("reject", "review"),
        review_action("delist", "review"),
        review_action("resubmit", "change"),
    ]

    def has_review_permission(self, request):
        return is_operator(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and "merchant" not in fields:
            fields.append("merchant")  # SKUs carry the product's merchant; never move a product
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _scoped_form(super().get_form(request, obj, change=change, **kwargs), request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        everything, merchant = scope_merchant(request.user)
        if db_field.name == "brand" and not everything:
            kwargs["queryset"] = Brand.objects.filter(merchant=merchant)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        everything, merchant = scope_merchant(request.user)
        if not everything:
            obj.merchant = merchant
        if not change:
            obj.status, obj.status_reason = listing.PENDING, ""
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is SKU:
            for sku_form in formset.forms:
                sku_form.instance.merchant_id = form.instance.merchant_id
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.product_refresh_prices(product_ids=[form.instance.pk])
        search.index_products([form.instance.pk])
        if change:
            changed = set(form.changed_data)
            for formset in formsets:
                if formset.model is SKU:
                    changed |= {f"sku.{name}" for f in formset.forms for name in f.changed_data}
                    if formset.new_objects or formset.deleted_objects:
                        changed.add("sku.gtin")  # a variant added or removed: check it again
            _compliance_check(request, form.instance.pk, changed)


# --- SKUs ----------------------------------------------------------------------------------


class SKUForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product") or (self.instance.product if self.instance.pk else None)
        code = cleaned.get("code")
        if product is not None and code:
            exclude = [self.instance.pk] if self.instance.pk else []
            if _taken_sku_codes(product.merchant_id, [code], exclude):
                self.add_error("code", _("This merchant already has a SKU with this code."))
        return cleaned


@admin.register(SKU)
class SKUAdmin(MerchantScopedAdmin):
    form = SKUForm
    list_display = ["code", "product", "merchant", "variant_en", "gtin", "price", "is_active"]
    list_filter = ["is_active", "merchant", "net_content_unit"]
    list_select_related = ["product", "merchant"]
    search_fields = ["code", "gtin", "product__code", "product__title_en", "product__title_zh"]
    autocomplete_fields = ["product"]
    readonly_fields = ["merchant"]  # always the product's merchant

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "product"] if obj is not None else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        everything, merchant = scope_merchant(request.user)
        if db_field.name == "product" and not everything:
            kwargs["queryset"] = Product.objects.filter(merchant=merchant)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.merchant_id = obj.product.merchant_id
        super().save_model(request, obj, form, change)
        services.product_refresh_prices(product_ids=[obj.product_id])
        search.index_products([obj.product_id])
        changed = {f"sku.{name}" for name in form.changed_data} if change else {"sku.gtin"}
        _compliance_check(request, obj.product_id, changed)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.product_refresh_prices(product_ids=[obj.product_id])
        search.index_products([obj.product_id])

    def delete_queryset(self, request, queryset):
        product_ids = list(queryset.values_list("product_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        services.product_refresh_prices(product_ids=product_ids)
        search.index_products(product_ids)


# --- audit ---------------------------------------------------------------------------------


@admin.register(ListingReview)
class ListingReviewAdmin(ReadOnlyAdmin, OperatorOnlyAdmin):
    """The listing audit trail: read-only, written only by services.product_review."""

    list_display = ["created_at", "product", "from_status", "to_status", "reason", "actor"]
    list_filter = ["to_status", "from_status"]
    list_select_related = ["product", "actor"]
    search_fields = ["product__code", "product__title_en", "reason", "actor__username"]
    date_hierarchy = "created_at"
