"""Promotions, coupons and exchange rates in the admin (operators). Redemptions and locks are
records of what happened: read-only."""

from django.contrib import admin

from freeport.console.scoping import ReadOnlyAdmin

from .models import Coupon, CouponRedemption, FxLock, FxRate, Promotion


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "merchant", "threshold", "amount", "valid_from",
                    "valid_until", "is_active"]  # fmt: skip
    list_filter = ["is_active", "merchant"]


@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "kind", "amount", "percent", "min_spend", "funded_by",
                    "merchant", "new_shopper_only", "per_shopper_limit", "total_limit",
                    "valid_until", "is_active"]  # fmt: skip
    list_filter = ["kind", "funded_by", "is_active", "new_shopper_only"]
    search_fields = ["code", "name_zh", "name_en"]


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
