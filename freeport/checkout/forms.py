from django import forms
from django.utils.translation import gettext_lazy as _


class AddressForm(forms.Form):
    recipient_name = forms.CharField(label=_("Recipient"), max_length=40)
    phone = forms.RegexField(
        label=_("Mobile"), regex=r"^1[3-9]\d{9}$", max_length=11,
        error_messages={"invalid": _("Enter an 11-digit mainland mobile number.")},
    )  # fmt: skip
    province = forms.CharField(label=_("Province"), max_length=40)
    city = forms.CharField(label=_("City"), max_length=40)
    district = forms.CharField(label=_("District"), max_length=40)
    street = forms.CharField(label=_("Street address"), max_length=200)
    postal_code = forms.RegexField(
        label=_("Postal code"), regex=r"^\d{6}$", required=False,
        error_messages={"invalid": _("Six digits.")},
    )  # fmt: skip
