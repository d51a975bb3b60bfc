"""The shopper's return or exchange form: kind, reason, a quantity per line still returnable,
"opened" per line where the category refuses opened items on a change of mind, description and
photos. The same form, bound to GET data, asks for the rules' preview (no JavaScript: the
"Check the rules" button; with JavaScript: on change)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ReturnRequest
from .services import DESCRIPTION_MAX, MAX_PHOTOS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the service checks each."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return single(data, initial)


class ReturnRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like?"),
        choices=ReturnRequest.Kind.choices,
        widget=forms.RadioSelect,
        initial=ReturnRequest.Kind.RETURN,
    )
    reason = forms.ChoiceField(
        label=_("Why?"),
        choices=ReturnRequest.Reason.choices,
        widget=forms.RadioSelect,
        initial=ReturnRequest.Reason.QUALITY,
    )
    description = forms.CharField(
        label=_("Describe the problem (optional)"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultipleFileField(
        label=_("Photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, rows=(), **kwargs):
        """`rows`: the order's lines as dicts (line, title, left, opened_rule, busy)."""
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        # Per request, in the shopper's language (a lazy text % args is evaluated at import).
        self.fields["photos"].help_text = gettext(
            "Up to %(n)d JPEG, PNG or WebP pictures, 5 MB each."
        ) % {"n": MAX_PHOTOS}
        self.fields["photos"].widget.attrs["aria-describedby"] = "id_photos_helptext"
        for row in self.rows:
            line = row["line"]
            if row["left"] <= 0:
                continue
            self.fields[f"qty_{line.pk}"] = forms.TypedChoiceField(
                label=_("Units of %(item)s to send back") % {"item": row["title"]},
                choices=[(n, str(n)) for n in range(row["left"] + 1)],
                coerce=int,
                initial=row["left"],
            )
            if row["opened_rule"]:
                self.fields[f"opened_{line.pk}"] = forms.BooleanField(
                    label=_("I have opened it"), required=False
                )

    def line_rows(self):
        """Per line: the row and its bound quantity / opened fields (None when not returnable)."""
        result = []
        for row in self.rows:
            pk = row["line"].pk
            qty = self[f"qty_{pk}"] if f"qty_{pk}" in self.fields else None
            opened = self[f"opened_{pk}"] if f"opened_{pk}" in self.fields else None
            result.append(row | {"qty": qty, "opened": opened})
        return result

    def clean(self):
        data = super().clean()
        if not self.selection(data):
            raise forms.ValidationError(_("Choose at least one item to send back."))
        return data

    def selection(self, data=None):
        """[(line id, quantity)] and the opened line ids, from cleaned data."""
        data = self.cleaned_data if data is None else data
        items = []
        for row in self.rows:
            qty = data.get(f"qty_{row['line'].pk}") or 0
            if qty > 0:
                items.append((row["line"].pk, qty))
        return items

    def opened_ids(self):
        return [
            row["line"].pk for row in self.rows if self.cleaned_data.get(f"opened_{row['line'].pk}")
        ]
