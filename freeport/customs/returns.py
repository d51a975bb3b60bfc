"""CBEC return rules (pure): the application window and the value given back to the quota.

Source: GACC announcement 2020 No. 45 (../shared/cbec-rules.md §6, decision D9): a return applied
for within 30 days of the inventory list's release, whose goods are back in the bonded area
within 45 days of release, pays no tax and the buyer's annual amount is adjusted, once customs
accepts the return application (CEB625 receipt 120).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from freeport.kernel.money import round_fen

from .tax import allocate

APPLY_WITHIN = timedelta(days=30)
ARRIVE_WITHIN = timedelta(days=45)


@dataclass(frozen=True)
class DeclaredLine:
    gnum: int
    price: Decimal
    qty: Decimal


def application_deadline(released_at: datetime) -> datetime:
    return released_at + APPLY_WITHIN


def arrival_deadline(released_at: datetime) -> datetime:
    return released_at + ARRIVE_WITHIN


def check_lines(declared: list[DeclaredLine], returned: dict[int, Decimal]) -> list[str]:
    """Problems with the returned quantities (unknown line, nothing or more than declared)."""
    by_gnum = {line.gnum: line for line in declared}
    problems = []
    for gnum, qty in returned.items():
        if gnum not in by_gnum:
            problems.append(f"line {gnum}: not in the inventory list")
        elif qty <= 0 or qty > by_gnum[gnum].qty:
            problems.append(f"line {gnum}: quantity {qty} outside 1..{by_gnum[gnum].qty}")
    if not returned:
        problems.append("no line returned")
    return problems


def restored_value(
    declared: list[DeclaredLine], extras: Decimal, returned: dict[int, Decimal]
) -> Decimal:
    """The quota given back: each returned line's share of the dutiable value counted for it.

    The order counted goods + freight + insurance (`extras`) toward the year; freight and
    insurance are allocated to lines as the tax engine does (largest remainder), and a partly
    returned line gives back its value pro rata, rounded half-up to the fen once per line.
    """
    goods = [round_fen(line.price * line.qty) for line in declared]
    shares = allocate(extras, goods)
    total = Decimal("0.00")
    for line, value, share in zip(declared, goods, shares, strict=True):
        qty = returned.get(line.gnum, Decimal(0))
        if qty:
            total += round_fen((value + share) * qty / line.qty)
    return total
