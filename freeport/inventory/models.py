from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    # Where the lot sits in the warehouse (zone-aisle-shelf-level, e.g. "A-03-2-1"): pick lists
    # are sorted by it so a picker walks each aisle once.
    bin_location = models.CharField(_("bin location"), max_length=20, blank=True)
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


def movement_effects_condition() -> Q:
    """One clause per movement kind: the deltas follow `StockMovement.EFFECTS` (see there)."""
    moved = F("quantity")
    clauses = [
        Q(kind__in=["receipt", "return"], on_hand_delta=moved, reserved_delta=0, quantity__gt=0),
        Q(kind="adjustment", on_hand_delta=moved, reserved_delta=0)
        & ~Q(quantity=0)
        & ~Q(reason=""),
        Q(kind="reservation", on_hand_delta=0, reserved_delta=moved, quantity__gt=0),
        Q(kind="release", on_hand_delta=0, reserved_delta=-moved, quantity__gt=0),
        Q(kind="pick", on_hand_delta=0, reserved_delta=0, quantity__gt=0),
        Q(kind="ship", on_hand_delta=-moved, reserved_delta=-moved, quantity__gt=0),
    ]
    condition = Q()
    for clause in clauses:
        condition |= clause
    return condition


class StockMovementQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for movement in objs:
            movement.fill_deltas()  # bulk_create skips save(), where the deltas are filled
        return super().bulk_create(objs, *args, **kwargs)


class StockMovement(models.Model):
    """Append-only record of every stock change; a lot's counters are the sums of its deltas.

    Sign convention. `quantity` is the number of units moved, always positive, except for an
    adjustment where it is the signed correction (+ found, - lost or damaged). What the movement
    does to the lot's counters is stored explicitly, so that reconciling a lot is two sums:

        lot.quantity_on_hand  == SUM(on_hand_delta)
        lot.quantity_reserved == SUM(reserved_delta)
                              == SUM(Reservation.quantity) of its held/committed/picked ones

    ===========  ==========  =============  ==============  ==============================
    kind         quantity    on_hand_delta  reserved_delta  when
    ===========  ==========  =============  ==============  ==============================
    receipt      n > 0       +n             0               goods enter through customs
    return       n > 0       +n             0               a shipped unit comes back
    adjustment   d != 0      d              0               stock count, damage (reason!)
    reservation  n > 0       0              +n              an order holds stock
    release      n > 0       0              -n              the hold ends (expiry, cancel)
    pick         n > 0       0              0               taken off the shelf (still held)
    ship         n > 0       -n             -n              handed to the carrier
    ===========  ==========  =============  ==============  ==============================

    `EFFECTS` holds the table; a database check constraint enforces it on every row, and `save()`
    and `bulk_create()` fill the deltas from `kind` and `quantity` when they are not given.
    `reference` names what caused the movement (an order number, a customs entry).
    """

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("receipt")
        RESERVATION = "reservation", _("reservation")
        RELEASE = "release", _("release")
        PICK = "pick", _("pick")
        SHIP = "ship", _("ship")
        RETURN = "return", _("return")
        ADJUSTMENT = "adjustment", _("adjustment")

    # kind -> (sign of on_hand_delta, sign of reserved_delta), both times `quantity`
    EFFECTS = {
        Kind.RECEIPT: (1, 0),
        Kind.RETURN: (1, 0),
        Kind.ADJUSTMENT: (1, 0),
        Kind.RESERVATION: (0, 1),
        Kind.RELEASE: (0, -1),
        Kind.PICK: (0, 0),
        Kind.SHIP: (-1, -1),
    }

    lot = models.ForeignKey(StockLot, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    quantity = models.IntegerField()
    on_hand_delta = models.IntegerField(_("on-hand change"))
    reserved_delta = models.IntegerField(_("reserved change"))
    reference = models.CharField(_("reference"), max_length=64, blank=True, db_index=True)
    reason = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=movement_effects_condition(),
                name="movement_deltas_follow_kind",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.quantity:+d}"

    def save(self, *args, **kwargs):
        self.fill_deltas()
        super().save(*args, **kwargs)

    def fill_deltas(self) -> None:
        on_hand, reserved = self.EFFECTS.get(self.kind, (0, 0))
        if self.on_hand_delta is None:
            self.on_hand_delta = on_hand * self.quantity
        if self.reserved_delta is None:
            self.reserved_delta = reserved * self.quantity


class Reservation(models.Model):
    """Stock held for an order (`reference`, the order or checkout number) in one lot.

    held ──commit──► committed ──pick──► picked ──ship──► shipped
      └──────────────────┴──────────────────┴──release──► released

    A held reservation lapses at `expires_at` (the expiry job releases it); committing it (the
    order is paid) clears `expires_at`. FEFO may split one line over several lots, so a
    reference holds one row per lot (never two live rows for the same reference and lot).
    """

    class Status(models.TextChoices):
        HELD = "held", _("held")
        COMMITTED = "committed", _("committed")
        PICKED = "picked", _("picked")
        SHIPPED = "shipped", _("shipped")
        RELEASED = "released", pgettext_lazy("stock reservation", "released")

    # Statuses whose quantity counts in the lot's quantity_reserved.
    RESERVING = (Status.HELD, Status.COMMITTED, Status.PICKED)

    reference = models.CharField(_("reference"), max_length=64, db_index=True)
    lot = models.ForeignKey(StockLot, on_delete=models.PROTECT, related_name="reservations")
    sku = models.ForeignKey("catalog.SKU", on_delete=models.PROTECT, related_name="+")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="reservation_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="reservation_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="held", expires_at__isnull=False)
                | Q(status__in=["committed", "picked", "shipped"], expires_at__isnull=True)
                | Q(status="released"),
                name="reservation_expiry_follows_status",
            ),
            models.UniqueConstraint(
                fields=["reference", "lot"],
                condition=~Q(status="released"),
                name="reservation_live_reference_lot",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.quantity} × {self.lot_id} ({self.status})"
