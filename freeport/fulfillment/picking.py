"""Pick-list rules (pure): the walk order, and what a barcode scan confirms.

A pick list has one line per lot allocated to the order (FEFO chose the lots when the order was
reserved). The picker walks bins in order and scans either the item's GTIN (the unit in hand:
it confirms the open line of that item, first bin first) or the lot's batch number (confirms
that exact lot). Scanners type like a keyboard, so the scan is plain text; GTINs are compared
as 14 digits (a GTIN-13 and its zero-padded GTIN-14 are the same item).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PickLine:
    id: int
    gtin: str
    batch_number: str
    bin_location: str
    quantity: int
    picked: int

    @property
    def left(self) -> int:
        return self.quantity - self.picked


class ScanError(ValueError):
    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code, self.message = code, message


def walk_order(lines):
    """Bins in order (aisle by aisle); lines without a bin last."""
    return sorted(lines, key=lambda line: (line.bin_location == "", line.bin_location, line.id))


def _gtin14(code: str) -> str | None:
    return code.zfill(14) if code.isdigit() and len(code) in (8, 12, 13, 14) else None


def match(lines, scan: str, quantity: int = 1) -> PickLine:
    """The line a scan of `quantity` units confirms; ScanError says why not."""
    scan = (scan or "").strip()
    if not scan:
        raise ScanError("empty", _("Scan a barcode or type a GTIN or batch number."))
    if not isinstance(quantity, int) or quantity < 1:
        raise ScanError("quantity", _("The quantity must be a whole number of at least 1."))
    gtin = _gtin14(scan)
    candidates = [
        line
        for line in walk_order(lines)
        if (gtin is not None and _gtin14(line.gtin) == gtin)
        or line.batch_number.casefold() == scan.casefold()
    ]
    if not candidates:
        raise ScanError("unknown", _("%(scan)s is not on this pick list.") % {"scan": scan})
    open_lines = [line for line in candidates if line.left > 0]
    if not open_lines:
        raise ScanError("done", _("All units of %(scan)s are already picked.") % {"scan": scan})
    line = open_lines[0]
    if quantity > line.left:
        raise ScanError(
            "quantity",
            _("Only %(left)d more of %(scan)s to pick from bin %(bin)s.")
            % {"left": line.left, "scan": scan, "bin": line.bin_location or "-"},
        )
    return line


def complete(lines) -> bool:
    return all(line.left == 0 for line in lines)
