"""Forms of the after-sales console pages: refuse with a reason, grade every item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReturnItem
from .services import REASON_MAX


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        max_length=REASON_MAX,
        help_text=_("Required. The shopper is told this reason."),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "refuse")
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["aria-describedby"] = (
            f"{self['reason'].auto_id}_helptext"
        )


class InspectForm(forms.Form):
    """One grade, batch and note per item of the request (fields `grade_<item id>` ...)."""

    def __init__(self, *args, items=(), **kwargs):
        kwargs.setdefault("prefix", "inspect")
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            sku = item.order_line.sku.code
            self.fields[f"grade_{item.pk}"] = forms.ChoiceField(
                label=_("Grade of %(sku)s × %(n)d") % {"sku": sku, "n": item.quantity},
                choices=[("", _("choose a grade"))] + list(ReturnItem.Grade.choices),
            )
            self.fields[f"batch_{item.pk}"] = forms.CharField(
                label=_("Batch (optional)"),
                required=False,
                max_length=40,
                help_text=_("Resellable only: the batch on the item; empty = the lots shipped."),
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note (optional)"), required=False, max_length=REASON_MAX
            )

    def rows(self):
        """(item, grade field, batch field, note field) per item, for the template."""
        return [
            (item, self[f"grade_{item.pk}"], self[f"batch_{item.pk}"], self[f"note_{item.pk}"])
            for item in self.items
        ]

    def grades(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "item": item.pk,
                "grade": data[f"grade_{item.pk}"],
                "batch": data[f"batch_{item.pk}"],
                "note": data[f"note_{item.pk}"],
            }
            for item in self.items
        ]
