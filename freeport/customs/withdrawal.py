"""Withdrawing a cancelled order's declaration (CEB623 InvtCancel / CEB624 receipt): pure rules.

When a paid order is cancelled before its goods leave the bonded zone, the inventory list customs
has on file must be withdrawn, or it keeps counting toward the buyer's annual allowance. Customs
names an inventory by the number it assigned (`invtNo`, carried by the CEB622 receipt), so the
cancellation application can only be sent once that number is known:

    inventory refused (100, 4 or a negative code)  → nothing on file: not needed
    inventory number known                         → send now
    otherwise (not sent, no answer yet)            → wait for the receipt that decides

The refusal is checked first: customs may give an inventory number with its first 120 and
still refuse the inventory later; a refused inventory has nothing to withdraw, whatever number
it had.

CEB624 uses the CEB626 code set (FIELDS.md §13): 120 (on file) or 399 (concluded) means the
withdrawal is done; 100, 4 or a negative code means customs refused it; 1/2/3 are steps on the
way and change nothing. See docs/customs-gateway.md and decision 40.
"""

from . import receipts

SEND, WAIT, NOT_NEEDED = "send", "wait", "not_needed"
ACCEPTED, REJECTED = "accepted", "rejected"


def next_step(*, invt_no: str, inventory_status: int | None) -> str:
    """What to do about a cancelled order's inventory list (its current attempt's CEB621)."""
    if receipts.refused(inventory_status):
        return NOT_NEEDED
    if invt_no:
        return SEND
    return WAIT


def receipt_outcome(code: int) -> str | None:
    """What a CEB624 code decides: ACCEPTED, REJECTED, or None (still on its way)."""
    if code in (receipts.ACCEPTED, receipts.CONCLUDED):
        return ACCEPTED
    if receipts.refused(code):
        return REJECTED
    return None
