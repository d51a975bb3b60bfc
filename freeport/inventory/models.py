from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from freeport.kernel.i18n import localized


class Warehouse(models.Model):
    class Kind(models.TextChoices):
        BONDED = "bonded", _("bonded warehouse")
        SHOWROOM = "showroom", _("showroom (display only)")

    code = models.SlugField(max_length=20, unique=True)
    name_zh = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    province = models.CharField(max_length=40)
    city = models.CharField(max_length=40)
    customs_area_code = models.CharField(_("customs area code"), max_length=4)
    position = models.PositiveSmallIntegerField(default=0)
    dispatch_hours = models.PositiveSmallIntegerField(
        _("ships within (hours)"),
        null=True,
        blank=True,
        help_text=_(
            "The promise shown to shoppers: a paid order from this warehouse is handed to the "
            "carrier within this many hours. Empty for a display-only location."
        ),
    )

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.code} {self.name_en}"

    @property
    def sellable(self) -> bool:
        # Display stock in the showroom is never sold; shoppers buy from bonded stock.
        return self.kind == self.Kind.BONDED

    def name(self):
        return localized(self, "name")


class StockLot(models.Model):
    """A batch of one SKU in one warehouse, as entered through customs."""

    sku = models.ForeignKey("catalog.SKU", on_delete=models.PROTECT, related_name="lots")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="lots")
    batch_number = models.CharField(max_length=40)
    expiry_date = models.DateField(null=True, blank=True)
    customs_entry_ref = models.CharField(_("customs entry reference"), max_length=40)
    quantity_on_hand = models.PositiveIntegerField(default=0)
    quantity_reserved = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["sku_id", "expiry_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sku", "warehouse", "batch_number"], name="lot_batch_unique"
            ),
            models.CheckConstraint(
                condition=Q(quantity_reserved__lte=F("quantity_on_hand")),
                name="lot_reserved_within_on_hand",
            ),
        ]

    def __str__(self):
        return f"{self.batch_number} ({self.quantity_on_hand})"

    @property
    def available(self) -> int:
        return self.quantity_on_hand - self.quantity_reserved


class StockMovement(models.Model):
    """Append-only record of every stock change (receipt, reservation, ...)."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("receipt")
        ADJUSTMENT = "adjustment", _("adjustment")

    lot = models.ForeignKey(StockLot, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    quantity = models.IntegerField()
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} {self.quantity:+d}"
