"""Console forms of the customs pages: reveal a message's XML, resubmit, look a quota up."""

from django import forms
from django.utils.translation import gettext_lazy as _

REASON_HELP = _("Required. It is kept in the audit log with your name.")


class RevealForm(forms.Form):
    """Show one message's clear XML: which message, and why (audited)."""

    message = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=300, help_text=REASON_HELP
    )  # required: the service says so, in its words


class ResubmitForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class WithdrawalResendForm(forms.Form):
    note = forms.CharField(label=_("Why it can go again"), max_length=300)


class NoEchoInput(forms.TextInput):
    """A text box never filled back in: the page sent after a look-up holds no ID number."""

    def format_value(self, value):
        return None


class QuotaLookupForm(forms.Form):
    """The ID number is checked by the service (customs.services.quota_lookup)."""

    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=40,
        widget=NoEchoInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "text", "size": 22}
        ),
        help_text=_("18 characters: 17 digits and a digit or X. It is not kept anywhere."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=REASON_HELP,
    )
