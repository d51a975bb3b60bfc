"""First-expiry-first-out allocation: which lots serve a quantity (pure rules, no ORM).

A lot is *eligible* for an order when it is still good `margin` days after the promised
delivery: `expiry_date >= deliver_by + margin` (see `earliest_expiry`). A lot without an expiry
date is always eligible. Ineligible lots are never allocated, however much stock they hold.

Eligible lots are used in this order: earliest expiry first, lots without an expiry date last,
ties broken by lot id (the older record first). Each lot gives at most its available quantity.
If the eligible lots together hold less than the quantity asked for, `allocate` raises
`Shortfall` carrying the sellable quantity, so the caller can tell the shopper what is left.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Candidate:
    """A lot as the rule sees it."""

    lot_id: int
    expiry_date: date | None
    available: int


class Shortfall(Exception):
    """The eligible lots hold less than requested; nothing is allocated."""

    def __init__(self, requested: int, sellable: int):
        super().__init__(f"requested {requested}, sellable {sellable}")
        self.requested = requested
        self.sellable = sellable


def earliest_expiry(deliver_by: date, margin_days: int) -> date:
    """The first expiry date still acceptable for goods promised by `deliver_by`."""
    return deliver_by + timedelta(days=margin_days)


def is_eligible(candidate: Candidate, earliest: date) -> bool:
    return candidate.expiry_date is None or candidate.expiry_date >= earliest


def fefo_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Earliest expiry first, no expiry last, then by lot id."""
    return sorted(
        candidates,
        key=lambda c: (c.expiry_date is None, c.expiry_date or date.max, c.lot_id),
    )


def sellable(candidates: Iterable[Candidate], earliest: date) -> int:
    """What the eligible lots can give together."""
    return sum(max(c.available, 0) for c in candidates if is_eligible(c, earliest))


def allocate(
    candidates: Iterable[Candidate], quantity: int, earliest: date
) -> list[tuple[int, int]]:
    """Split `quantity` over the eligible lots, FEFO; returns [(lot_id, quantity)], no zeros.

    Raises ValueError for a quantity that is not a positive whole number, and `Shortfall` when
    the eligible lots hold too little.
    """
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise ValueError(f"quantity must be a positive whole number, not {quantity!r}")
    eligible = [c for c in fefo_order(candidates) if is_eligible(c, earliest) and c.available > 0]
    allocation: list[tuple[int, int]] = []
    remaining = quantity
    for candidate in eligible:
        take = min(candidate.available, remaining)
        allocation.append((candidate.lot_id, take))
        remaining -= take
        if remaining == 0:
            return allocation
    raise Shortfall(quantity, quantity - remaining)
