"""Reviews in the admin: read-only records (they change only through the services, which keep
the product's rating, the search index and the audit log in step)."""

from django.contrib import admin

from freeport.console.scoping import ReadOnlyAdmin

from .models import ProductRating, Review


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["pk", "product", "stars", "created_at", "hidden_at", "hidden_by"]
    list_filter = ["stars", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["product__code", "product__title_zh", "product__title_en"]
    raw_id_fields = ["product", "order_line", "shopper", "hidden_by"]
    date_hierarchy = "created_at"


@admin.register(ProductRating)
class ProductRatingAdmin(ReadOnlyAdmin):
    list_display = ["product", "count", "stars_total", "stars_1", "stars_2", "stars_3", "stars_4",
                    "stars_5", "updated_at"]  # fmt: skip
    search_fields = ["product__code", "product__title_zh", "product__title_en"]
    raw_id_fields = ["product"]
