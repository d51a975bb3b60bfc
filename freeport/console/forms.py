"""Console forms: listing review decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from freeport.catalog import listing

# decision -> target status (the rules in catalog/listing.py decide which are allowed)
DECISIONS = {
    "approve": listing.APPROVED,
    "reject": listing.REJECTED,
    "delist": listing.DELISTED,
    "resubmit": listing.PENDING,
}
LABELS = {
    "approve": _("Approve"),
    "reject": _("Reject"),
    "delist": _("Delist"),
    "resubmit": _("Resubmit for review"),
}
REASON_HELP = _("Required to reject or delist: the merchant sees it and must know what to fix.")


def decisions_allowed(status: str) -> list[tuple[str, str]]:
    targets = listing.TRANSITIONS.get(status, set())
    choices = []
    for decision, target in DECISIONS.items():
        if target in targets:
            label = LABELS[decision]
            if decision == "approve" and status == listing.DELISTED:
                label = _("Relist (approve again)")
            choices.append((decision, label))
    return choices


class ReasonForm(forms.Form):
    """The reason asked for by the admin review actions."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=REASON_HELP,
    )

    def __init__(self, *args, target: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        if target in listing.REASON_REQUIRED:
            self.fields["reason"].widget.attrs["required"] = True

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.target in listing.REASON_REQUIRED and not reason:
            raise forms.ValidationError(
                _("A reason is required to set a listing %(status)s."),
                code="reason_required",
                params={"status": self.target},
            )
        return reason


class ReviewForm(forms.Form):
    """One decision on one listing. Every decision validates here; the service judges it."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=REASON_HELP,
    )

    def __init__(self, *args, status: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        # Accept any known decision so a stale page gets the rule's message, not "invalid choice";
        # offer only those allowed from the current status.
        field.choices = list(LABELS.items())
        field.widget.choices = decisions_allowed(status)

    @property
    def target(self) -> str:
        return DECISIONS[self.cleaned_data["decision"]]
