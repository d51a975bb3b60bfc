from django import forms
from django.utils.translation import gettext_lazy as _


class BuyerForm(forms.Form):
    name = forms.CharField(
        label=_("Real name (as on the ID card)"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("Resident ID card number"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("18 characters; used only for customs declarations, stored encrypted."),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
