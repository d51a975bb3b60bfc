"""The shopper's tax calculator (/tax/calculator/): a GET form priced by the tax engine.

Either a SKU code (price, tax profile and net content from the catalog) or a price and a
category, whose tax profile is the one most of the category's public products use.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from freeport.catalog.models import SKU, Category, TaxProfile
from freeport.catalog.selectors import public_products

from . import quoting
from .tax import LineInput, Measure, OrderInput

FIELDS = (
    "sku", "quantity", "price", "category", "content_value", "content_unit", "freight",
    "annual_used",
)  # fmt: skip
UNITS = [("ml", "ml"), ("g", "g"), ("l", "L"), ("kg", "kg"), ("piece", gettext_lazy("pieces"))]
# Engine field paths (tax.validate) -> the form field the shopper can fix.
ENGINE_FIELDS = {
    "lines.0.unit_price": "price",
    "lines.0.quantity": "quantity",
    "lines.0.net_content": "content_value",
    "lines.0.net_content.unit": "content_unit",
    "freight": "freight",
    "annual_used": "annual_used",
}


@dataclass(frozen=True)
class CategoryProfile:
    slug: str
    name: str
    group: str
    profile: TaxProfile


def category_profiles() -> dict[str, CategoryProfile]:
    """Leaf categories with public products -> their representative tax profile (the one most
    of their products use; ties to the lower HS code), in three queries."""
    counts = public_products().values("category_id", "tax_profile_id").annotate(n=Count("id"))
    best: dict[int, tuple[int, int]] = {}
    for row in counts:
        key = (row["n"], -row["tax_profile_id"])
        if row["category_id"] not in best or key > best[row["category_id"]]:
            best[row["category_id"]] = key
    profiles = TaxProfile.objects.in_bulk([-k[1] for k in best.values()])
    categories = Category.objects.filter(id__in=best).select_related("parent")
    categories = sorted(
        categories, key=lambda c: ((c.parent or c).position, (c.parent or c).slug, c.position)
    )
    return {
        c.slug: CategoryProfile(c.slug, c.name(), (c.parent or c).name(), profiles[-best[c.id][1]])
        for c in categories
    }


def sku_suggestions() -> list[tuple[str, str]]:
    """(code, "title variant") of every active SKU of a public product, for the datalist."""
    skus = SKU.objects.filter(is_active=True, product__in=public_products()).select_related(
        "product"
    )
    out = []
    for s in skus.order_by("product__title_en", "price", "code"):
        out.append((s.code, " ".join(p for p in (s.product.title(), s.variant()) if p)))
    return out


def _amount_field(label, *, min_value, min_message, help_text=""):
    return forms.DecimalField(
        label=label, required=False, min_value=min_value, max_digits=12, decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 10}),
        error_messages={
            "invalid": gettext_lazy("Enter an amount in yuan, for example 199.00."),
            "min_value": min_message,
            "max_decimal_places": gettext_lazy("Use at most 2 decimal places."),
            "max_digits": gettext_lazy("This amount is too large."),
            "max_whole_digits": gettext_lazy("This amount is too large."),
        },
    )  # fmt: skip


class CalculatorForm(forms.Form):
    sku = forms.CharField(
        label=gettext_lazy("SKU code"), required=False, max_length=40,
        widget=forms.TextInput(
            attrs={"list": "sku-list", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text=gettext_lazy(
            "Filled in when you come from a product page; type to pick one. Leave it empty to "
            "enter a price instead."
        ),
    )  # fmt: skip
    price = _amount_field(
        gettext_lazy("Price of one item (¥)"), min_value=Decimal("0.01"),
        min_message=gettext_lazy("Enter a price greater than 0."),
    )  # fmt: skip
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    content_value = _amount_field(
        gettext_lazy("Net content of one item"), min_value=Decimal("0.01"),
        min_message=gettext_lazy("Enter a content greater than 0."),
        help_text=gettext_lazy("Needed for cosmetics and beer, whose tax depends on it."),
    )  # fmt: skip
    content_unit = forms.ChoiceField(label=gettext_lazy("Unit"), choices=UNITS, required=False)
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), required=False, min_value=1, max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4}),
        error_messages={
            "invalid": gettext_lazy("Enter a whole number of items, at least 1."),
            "min_value": gettext_lazy("Enter a whole number of items, at least 1."),
            "max_value": gettext_lazy("At most 999 items."),
        },
    )  # fmt: skip
    freight = _amount_field(
        gettext_lazy("Freight (¥)"), min_value=Decimal("0"),
        min_message=gettext_lazy("Freight cannot be negative."),
    )  # fmt: skip
    annual_used = _amount_field(
        gettext_lazy("Already bought this year through CBEC (¥)"), min_value=Decimal("0"),
        min_message=gettext_lazy("This amount cannot be negative."),
        help_text=gettext_lazy("Your annual allowance is ¥26,000; signed-in buyers see theirs."),
    )  # fmt: skip

    def __init__(self, *args, categories: dict[str, CategoryProfile], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        groups: dict[str, list[tuple[str, str]]] = {}
        for c in categories.values():
            groups.setdefault(c.group, []).append((c.slug, c.name))
        self.fields["category"].choices = [("", _("Choose a category")), *groups.items()]
        self.sku_obj = None
        self.profile = None

    def clean(self):
        data = super().clean()
        if "quantity" not in self.errors:
            data["quantity"] = data.get("quantity") or 1
        if data.get("freight") is None:
            data["freight"] = Decimal("0")
        if data.get("annual_used") is None:
            data["annual_used"] = Decimal("0")
        code = (data.get("sku") or "").strip()
        if code:
            self.sku_obj = quoting.public_skus([code]).get(code)
            if self.sku_obj is None:
                self.add_error("sku", _("No product on sale has the SKU code “%s”.") % code)
            return data
        if "price" in self.errors:
            return data
        if data.get("price") is None and not data.get("category"):
            self.add_error("sku", _("Enter a SKU code, or a price and a category."))
            return data
        if data.get("price") is None:
            self.add_error("price", _("Enter the price of one item."))
        if not data.get("category"):
            self.add_error("category", _("Choose a category."))
            return data
        self.profile = self.categories[data["category"]].profile
        if quoting.needs_net_content(self.profile) and not data.get("content_value"):
            self.add_error(
                "content_value",
                _("The tax on this category depends on the content: enter it."),
            )
        return data

    def order(self) -> OrderInput:
        data = self.cleaned_data
        if self.sku_obj is not None:
            line: LineInput = quoting.line_for_sku(self.sku_obj, data["quantity"])
        else:
            content = None
            if data.get("content_value"):
                content = Measure(data["content_value"], data.get("content_unit") or "ml")
            line = quoting.line_for_profile(
                self.profile, unit_price=data["price"], quantity=data["quantity"],
                net_content=content, name=self.categories[data["category"]].name,
            )  # fmt: skip
        return OrderInput(lines=(line,), freight=data["freight"], annual_used=data["annual_used"])

    def add_engine_errors(self, errors: list[tuple[str, str]]) -> None:
        """The engine refused what the form let through: say so next to the field."""
        for path, _reason in errors:
            field = ENGINE_FIELDS.get(path)
            if field is None and path.startswith("lines.0.net_content"):
                field = "content_value"
            self.add_error(field, _("This value cannot be used to work out the tax."))


def profile_used(form: CalculatorForm) -> TaxProfile | None:
    if form.sku_obj is not None:
        return form.sku_obj.product.tax_profile
    return form.profile
