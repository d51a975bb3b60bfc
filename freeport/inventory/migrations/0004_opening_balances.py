"""Backfill the ledger so that every existing lot reconciles with its movements.

1. Deltas of the existing movements follow the sign convention (StockMovement.EFFECTS); an
   adjustment recorded without a reason gets one, since adjustments now need one.
2. A lot whose movements do not add up to its on-hand quantity (lots created directly, without a
   receipt) gets an opening movement for the difference: a receipt if stock is missing from the
   ledger, an adjustment if the ledger holds more than the lot.
3. A lot with reserved stock gets a committed reservation "legacy-lot-<id>" (and its reservation
   movement) for that quantity: nothing is un-reserved silently (that could oversell); an
   operator releases it with `stock_release(reference="legacy-lot-<id>", ...)` when no order
   needs it.
"""

from django.db import migrations
from django.db.models import F, Sum, Value
from django.db.models.functions import Coalesce

EFFECTS = {
    "receipt": (1, 0),
    "return": (1, 0),
    "adjustment": (1, 0),
    "reservation": (0, 1),
    "release": (0, -1),
    "pick": (0, 0),
    "ship": (-1, -1),
}
OPENING = "opening balance: stock recorded before the movement ledger (migration 0004)"
LEGACY = "reserved before reservations were recorded (migration 0004)"


def backfill(apps, schema_editor):
    StockLot = apps.get_model("inventory", "StockLot")
    StockMovement = apps.get_model("inventory", "StockMovement")
    Reservation = apps.get_model("inventory", "Reservation")

    for kind, (on_hand, reserved) in EFFECTS.items():
        StockMovement.objects.filter(kind=kind).update(
            on_hand_delta=F("quantity") * on_hand, reserved_delta=F("quantity") * reserved
        )
    StockMovement.objects.filter(kind="adjustment", reason="").update(
        reason="recorded before adjustments needed a reason"
    )

    lots = StockLot.objects.annotate(
        ledger=Coalesce(Sum("movements__on_hand_delta"), Value(0))
    ).exclude(quantity_on_hand=F("ledger"))
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                lot_id=lot.pk,
                kind="receipt" if diff > 0 else "adjustment",
                quantity=diff,
                on_hand_delta=diff,
                reserved_delta=0,
                reason=OPENING,
            )
            for lot in lots.iterator()
            if (diff := lot.quantity_on_hand - lot.ledger)
        ],
        batch_size=500,
    )

    held = StockLot.objects.filter(quantity_reserved__gt=0)
    Reservation.objects.bulk_create(
        [
            Reservation(
                reference=f"legacy-lot-{lot.pk}",
                lot_id=lot.pk,
                sku_id=lot.sku_id,
                warehouse_id=lot.warehouse_id,
                quantity=lot.quantity_reserved,
                status="committed",
                expires_at=None,
            )
            for lot in held.iterator()
        ],
        batch_size=500,
    )
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                lot_id=lot.pk,
                kind="reservation",
                quantity=lot.quantity_reserved,
                on_hand_delta=0,
                reserved_delta=lot.quantity_reserved,
                reference=f"legacy-lot-{lot.pk}",
                reason=LEGACY,
            )
            for lot in held.iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0003_movement_ledger_reservations"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
