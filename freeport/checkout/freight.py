"""Freight per customs order (pure).

Rule (decision 29, docs/decisions.md): each customs order (one parcel from one warehouse) pays a
flat freight, free from a goods threshold. Defaults ¥12.00 and free from ¥199.00, settings
CHECKOUT_FREIGHT and CHECKOUT_FREE_FREIGHT_FROM. Freight is part of the dutiable value (tax.py),
so the engine taxes it; the figure here is what the carrier charge is, before tax.
"""

from decimal import Decimal


def freight_for(goods: Decimal, *, flat: Decimal, free_from: Decimal) -> Decimal:
    return Decimal("0.00") if goods >= free_from else flat


def to_free_freight(goods: Decimal, *, free_from: Decimal) -> Decimal:
    """How much more to spend in this order for free freight (0 when already free)."""
    return max(free_from - goods, Decimal("0.00"))
