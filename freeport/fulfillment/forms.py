"""Console forms of the warehouse screens. They only read the input: the rules (what a scan
confirms, the weight tolerance, which step is possible) are the services', whose errors are
shown next to the field they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from freeport.inventory.models import Warehouse

STEPS = ("scan", "pack", "label", "hand_over")


class WarehouseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.name()}"


class QueueFilterForm(forms.Form):
    warehouse = WarehouseChoiceField(
        label=_("Warehouse"),
        queryset=Warehouse.objects.filter(kind=Warehouse.Kind.BONDED),
        to_field_name="code",
        required=False,
        empty_label=_("all warehouses"),
    )


class ScanForm(forms.Form):
    # Empty is left to the service, which says what to scan.
    scan = forms.CharField(label=_("Scan: GTIN or batch number"), max_length=64, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=9999, initial=1)


class PackForm(forms.Form):
    # A text field: the service reads the number and explains a bad one.
    weight = forms.CharField(label=_("Weight on the scale (kg)"), max_length=20, required=False)
    override_reason = forms.CharField(
        label=_("Reason to accept a weight outside the tolerance"),
        max_length=200,
        required=False,
        help_text=_("Only after a recount, e.g. “scale recalibrated, 3 items recounted”."),
    )


class HandOverForm(forms.Form):
    waybill = forms.CharField(label=_("Scan: waybill number"), max_length=40, required=False)
