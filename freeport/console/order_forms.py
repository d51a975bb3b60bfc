"""Console forms of the order pages: search, reveal personal data, take a manual step."""

from django import forms
from django.utils.translation import gettext_lazy as _

from freeport.catalog.models import Merchant
from freeport.inventory.models import Warehouse
from freeport.kernel.i18n import localized
from freeport.orders import states
from freeport.orders.console_selectors import NUMBER_MAX, OrderFilters

from .customs_forms import REASON_HELP


class MerchantChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} · {localized(obj, 'name')}"


class WarehouseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.name()}"


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's date picker; the value is ISO (yyyy-mm-dd)

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class OrderSearchForm(forms.Form):
    """The search page's filters (GET). Merchant staff get no merchant filter: they see one."""

    q = forms.CharField(
        label=_("Order or checkout number"),
        required=False,
        max_length=NUMBER_MAX + 10,  # room for spaces typed in a number
        help_text=_("The whole number or its beginning, e.g. FP20261130 or G20261130."),
        widget=forms.TextInput(
            attrs={"type": "search", "size": 24, "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("all states"))] + [(s, label) for s, label in states.LABELS.items()],
    )
    merchant = MerchantChoice(
        label=_("Merchant"),
        required=False,
        queryset=Merchant.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("all merchants"),
    )
    warehouse = WarehouseChoice(
        label=_("Warehouse"),
        required=False,
        queryset=Warehouse.objects.order_by("position", "code"),
        to_field_name="code",
        empty_label=_("all warehouses"),
    )
    placed_from = forms.DateField(label=_("Placed from"), required=False, widget=DateInput())
    placed_to = forms.DateField(label=_("Placed until"), required=False, widget=DateInput())

    def __init__(self, *args, show_merchant: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_merchant:
            del self.fields["merchant"]

    def clean(self):
        data = super().clean()
        start, end = data.get("placed_from"), data.get("placed_to")
        if start and end and start > end:
            self.add_error(
                "placed_to", _("The end of the period is before its start: swap the dates.")
            )
        return data

    def filters(self) -> OrderFilters:
        """The valid filters (call after is_valid)."""
        data = self.cleaned_data
        merchant, warehouse = data.get("merchant"), data.get("warehouse")
        return OrderFilters(
            number=data.get("q", ""),
            state=data.get("state", ""),
            merchant_id=merchant.pk if merchant else None,
            warehouse_id=warehouse.pk if warehouse else None,
            placed_from=data.get("placed_from"),
            placed_to=data.get("placed_to"),
        )


class OrderRevealForm(forms.Form):
    """Show an order's personal data in clear: why (audited)."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=REASON_HELP,
        widget=forms.TextInput(attrs={"size": 40, "required": True}),
    )  # required: the service says so, in its words


class OrderActionForm(forms.Form):
    """One manual step: which, from the state the operator saw, and why (audited)."""

    event = forms.CharField(label=_("Action"), max_length=16)
    state = forms.ChoiceField(choices=[(s, s) for s in states.STATES], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60, "required": True}),
    )  # required: the service says so, in its words
