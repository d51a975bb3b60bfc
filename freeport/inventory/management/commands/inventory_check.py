"""`manage.py inventory_check`: does every lot agree with its ledger and its reservations?

For each lot it recomputes
    on hand   = SUM(movements.on_hand_delta)
    reserved  = SUM(movements.reserved_delta)
    reserved  = SUM(quantity) of its held, committed and picked reservations
and prints every disagreement as `lot <id> (<batch>): <what> expected <n> (<source>), actual <m>`.
Exit status 1 if anything disagrees, else 0 with one line "N lots reconcile". Read-only.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Q, Sum
from tqdm import tqdm

from freeport.inventory.models import Reservation, StockLot, StockMovement

CHUNK = 2000


def mismatches(lot_ids: list[int]) -> list[str]:
    """Disagreements for these lots, one line each."""
    ledger = {
        row["lot_id"]: row
        for row in StockMovement.objects.filter(lot_id__in=lot_ids)
        .values("lot_id")
        .annotate(on_hand=Sum("on_hand_delta"), reserved=Sum("reserved_delta"))
    }
    held = dict(
        Reservation.objects.filter(lot_id__in=lot_ids, status__in=Reservation.RESERVING)
        .values("lot_id")
        .annotate(n=Sum("quantity"))
        .values_list("lot_id", "n")
    )
    lines = []
    lots = StockLot.objects.filter(pk__in=lot_ids).order_by("pk")
    for lot in lots.values("pk", "batch_number", "quantity_on_hand", "quantity_reserved"):
        row = ledger.get(lot["pk"], {})
        checks = [
            ("quantity_on_hand", row.get("on_hand") or 0, "movements", lot["quantity_on_hand"]),
            ("quantity_reserved", row.get("reserved") or 0, "movements", lot["quantity_reserved"]),
            ("quantity_reserved", held.get(lot["pk"], 0), "reservations", lot["quantity_reserved"]),
        ]
        for field, expected, source, actual in checks:
            if expected != actual:
                lines.append(
                    f"lot {lot['pk']} ({lot['batch_number']}): {field} expected {expected} "
                    f"({source}), actual {actual}"
                )
    return lines


class Command(BaseCommand):
    help = "Check that every stock lot's quantities agree with its movements and reservations."

    def handle(self, *args, verbosity: int = 1, **options):
        lot_ids = list(StockLot.objects.order_by("pk").values_list("pk", flat=True))
        problems: list[str] = []
        bar = tqdm(
            total=len(lot_ids),
            unit=" lots",
            desc="checking",
            file=getattr(self.stderr, "_out", sys.stderr),
            disable=None if verbosity else True,  # a terminal shows it; files and pipes do not
            dynamic_ncols=True,
        )
        with bar:
            for start in range(0, len(lot_ids), CHUNK):
                chunk = lot_ids[start : start + CHUNK]
                for line in mismatches(chunk):
                    bar.write(line, file=self.stdout._out)
                    problems.append(line)
                bar.update(len(chunk))
        strays = Reservation.objects.filter(
            ~Q(sku_id=F("lot__sku_id")) | ~Q(warehouse_id=F("lot__warehouse_id"))
        ).values_list("pk", "lot_id")
        for pk, lot_id in strays:
            line = f"reservation {pk}: SKU or warehouse differs from its lot {lot_id}"
            self.stdout.write(line)
            problems.append(line)
        if problems:
            raise CommandError(f"{len(problems)} mismatches")
        self.stdout.write(f"{len(lot_ids)} lots reconcile")
