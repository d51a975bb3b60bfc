"""Customer records in Django admin: operators only, personal data masked.

Names, phones and streets are encrypted at rest and shown masked, in the list and on the record;
the console never edits a shopper's address (shoppers do), it only looks or erases.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from freeport.console.scoping import OperatorOnlyAdmin
from freeport.kernel.crypto import mask

from .models import Address


@admin.register(Address)
class AddressAdmin(OperatorOnlyAdmin):
    list_display = [
        "masked_name", "masked_phone", "province", "city", "district", "user", "is_default",
        "created_at",
    ]  # fmt: skip
    list_filter = ["is_default", "province"]
    list_select_related = ["user"]
    # The encrypted columns cannot be searched; search by account and region.
    search_fields = ["user__username", "user__email", "province", "city", "district", "postal_code"]
    fields = [
        "user", "masked_name", "masked_phone", "province", "city", "district", "masked_street",
        "postal_code", "is_default", "created_at",
    ]  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("recipient"))
    def masked_name(self, address):
        return address.masked_name

    @admin.display(description=_("phone"))
    def masked_phone(self, address):
        return address.masked_phone

    @admin.display(description=_("street"))
    def masked_street(self, address):
        return mask(address.street, 2, 0)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
