"""Search records in the console (Django admin): synonym rules, zero-result and popular
queries."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from freeport.console.scoping import OperatorOnlyAdmin

from . import selectors
from .forms import SynonymForm
from .models import SearchQueryStat, Synonym, ZeroResultQuery


@admin.register(Synonym)
class SynonymAdmin(OperatorOnlyAdmin):
    form = SynonymForm
    list_display = ["words", "targets", "is_active", "note", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["words", "targets", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        selectors.invalidate()  # every process re-reads the synonym table (after the commit)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        selectors.invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        selectors.invalidate()


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(OperatorOnlyAdmin):
    """Queries that found nothing, most frequent first: candidates for new synonym rules (the
    console's page /console/search/zero-results/ works through them)."""

    list_display = ["query", "count", "first_seen", "last_seen", "dismissed_at"]
    list_filter = [("dismissed_at", admin.EmptyFieldListFilter)]
    search_fields = ["query"]
    ordering = ["-count", "-last_seen"]
    readonly_fields = ["query", "count", "first_seen", "last_seen"]
    actions = ["list_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        permissions=["change"], description=_("List the selected queries in the console again")
    )
    def list_again(self, request, queryset):
        queryset.update(dismissed_at=None)


@admin.register(SearchQueryStat)
class SearchQueryStatAdmin(OperatorOnlyAdmin):
    """Queries shoppers ran that found products, most searched first: autocomplete suggests
    them. Tick "hidden" to never suggest one (offensive or unwanted text)."""

    list_display = ["query", "count", "results", "first_seen", "last_seen", "is_hidden"]
    list_editable = ["is_hidden"]
    list_filter = ["is_hidden"]
    search_fields = ["query"]
    ordering = ["-count", "query"]
    fields = ["query", "count", "results", "first_seen", "last_seen", "is_hidden"]
    readonly_fields = ["query", "count", "results", "first_seen", "last_seen"]
    actions = ["hide", "show"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        permissions=["change"], description=_("Hide the selected queries from suggestions")
    )
    def hide(self, request, queryset):
        queryset.update(is_hidden=True)

    @admin.action(permissions=["change"], description=_("Suggest the selected queries again"))
    def show(self, request, queryset):
        queryset.update(is_hidden=False)
