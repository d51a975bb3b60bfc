"""Admin building blocks that keep merchant staff inside their own merchant's data.

Operators see everything. Anybody else with a staff account sees only rows whose
``merchant_path`` leads to the merchant of their MerchantStaff link (nothing without one).
Because Django admin loads single objects through ``get_queryset``, another merchant's change,
history and delete URLs redirect to the admin index ("doesn't exist") and never show data.
"""

from django.contrib import admin

from .roles import is_operator, scope_merchant


class MerchantScopedAdmin(admin.ModelAdmin):
    merchant_path = "merchant"  # lookup from the model to its Merchant
    operator_only_fields: tuple[str, ...] = ("merchant",)  # read-only for merchant staff
    merchant_columns: tuple[str, ...] = ("merchant",)  # list filters / columns naming merchants

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        everything, merchant = scope_merchant(request.user)
        if everything:
            return qs
        if merchant is None:
            return qs.none()
        return qs.filter(**{self.merchant_path: merchant})

    def _owns(self, request, obj) -> bool:
        if obj is None or is_operator(request.user):
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        # Merchant staff without a merchant link could not own what they add.
        everything, merchant = scope_merchant(request.user)
        return super().has_add_permission(request) and (everything or merchant is not None)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._owns(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._owns(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_operator(request.user):
            fields += [f for f in self.operator_only_fields if f not in fields]
        return fields

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if is_operator(request.user):
            return filters
        return [f for f in filters if _filter_name(f) not in self.merchant_columns]

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if is_operator(request.user):
            return columns
        return [c for c in columns if c not in self.merchant_columns]


def _filter_name(spec) -> str:
    return spec[0] if isinstance(spec, tuple) else spec


class OperatorOnlyAdmin(admin.ModelAdmin):
    """Visible to operators only, whatever model permissions a user was given."""

    def has_module_permission(self, request):
        return is_operator(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_operator(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_operator(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_operator(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_operator(request.user) and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their services (which keep ledgers, audit trails and
    other rows in step): the admin lists and shows them, nothing more."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
