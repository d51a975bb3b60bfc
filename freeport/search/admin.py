"""Search records in the console (Django admin): synonym rules and zero-result queries."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from freeport.console.scoping import OperatorOnlyAdmin

from . import selectors
from .models import Synonym, ZeroResultQuery
from .synonyms import phrase, split_list


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["words", "targets", "is_active", "note"]

    def clean(self):
        cleaned = super().clean()
        words = split_list(cleaned.get("words", ""))
        if any(not phrase(w) for w in words) or not words:
            self.add_error("words", _("Enter words or phrases separated by commas."))
        elif not cleaned.get("targets") and len(words) < 2:
            self.add_error("words", _("A two-way rule needs at least two words."))
        return cleaned


@admin.register(Synonym)
class SynonymAdmin(OperatorOnlyAdmin):
    form = SynonymForm
    list_display = ["words", "targets", "is_active", "note", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["words", "targets", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        selectors.invalidate()  # every process re-reads the synonym table

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        selectors.invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        selectors.invalidate()


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(OperatorOnlyAdmin):
    """Queries that found nothing, most frequent first: candidates for new synonym rules."""

    list_display = ["query", "count", "first_seen", "last_seen"]
    search_fields = ["query"]
    ordering = ["-count", "-last_seen"]
    readonly_fields = ["query", "count", "first_seen", "last_seen"]

    def has_add_permission(self, request):
        return False
