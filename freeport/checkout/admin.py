"""Promotions, coupons and exchange rates in the admin (the console). Operators manage all of
them; merchant staff manage their own merchant's promotions and merchant-funded coupons only
(platform-wide ones are not theirs to see). Redemptions and locks are records of what happened:
read-only."""

from django.contrib import admin

from freeport.console.roles import scope_merchant
from freeport.console.scoping import MerchantScopedAdmin, ReadOnlyAdmin

from .models import Coupon, CouponRedemption, FxLock, FxRate, Promotion


class OwnMerchantAdmin(MerchantScopedAdmin):
    """What merchant staff add is their merchant's, whatever the form said."""

    def save_model(self, request, obj, form, change):
        everything, merchant = scope_merchant(request.user)
        if not everything:
            obj.merchant = merchant
            self.merchant_owned(obj)
        super().save_model(request, obj, form, change)

    def merchant_owned(self, obj) -> None:
        """Set what follows from belonging to a merchant (a coupon: funded by it)."""


@admin.register(Promotion)
class PromotionAdmin(OwnMerchantAdmin):
    list_display = ["name_zh", "name_en", "merchant", "threshold", "amount", "valid_from",
                    "valid_until", "is_active"]  # fmt: skip
    list_filter = ["is_active", "merchant"]


@admin.register(Coupon)
class CouponAdmin(OwnMerchantAdmin):
    list_display = ["code", "name_zh", "kind", "amount", "percent", "min_spend", "funded_by",
                    "merchant", "new_shopper_only", "per_shopper_limit", "total_limit",
                    "valid_until", "is_active"]  # fmt: skip
    list_filter = ["kind", "funded_by", "is_active", "new_shopper_only"]
    search_fields = ["code", "name_zh", "name_en"]
    operator_only_fields = ("merchant", "funded_by")
    merchant_columns = ("merchant", "funded_by")

    def merchant_owned(self, obj) -> None:
        obj.funded_by = Coupon.Funder.MERCHANT  # a merchant's coupon is its own cost


@admin.register(CouponRedemption)
class CouponRedemptionAdmin(ReadOnlyAdmin):
    list_display = ["coupon", "group", "user", "amount", "status", "created_at"]
    list_filter = ["status"]


@admin.register(FxRate)
class FxRateAdmin(ReadOnlyAdmin):
    list_display = ["currency", "cny_per_unit", "as_of", "source", "loaded_at"]
    list_filter = ["currency"]


@admin.register(FxLock)
class FxLockAdmin(ReadOnlyAdmin):
    list_display = ["user", "currency", "cny", "total", "locked_until"]
