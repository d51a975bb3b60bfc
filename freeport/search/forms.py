"""Forms of search records: a synonym rule, validated the same in the admin and the console."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Synonym
from .synonyms import phrase, split_list


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["words", "targets", "is_active", "note"]

    def clean(self):
        cleaned = super().clean()
        words = split_list(cleaned.get("words", ""))
        targets = split_list(cleaned.get("targets", ""))
        if any(not phrase(w) for w in words) or not words:
            self.add_error("words", _("Enter words or phrases separated by commas."))
        elif not targets and len(words) < 2:
            self.add_error("words", _("A two-way rule needs at least two words."))
        if cleaned.get("targets", "").strip() and (
            not targets or any(not phrase(t) for t in targets)
        ):
            self.add_error("targets", _("Enter words or phrases separated by commas."))
        return cleaned


class QuickSynonymForm(SynonymForm):
    """The console's form beside a zero-result query: words and one-way targets only."""

    class Meta(SynonymForm.Meta):
        fields = ["words", "targets"]
        widgets = {
            "words": forms.TextInput(attrs={"size": 28}),
            "targets": forms.TextInput(attrs={"size": 20}),
        }
