"""Splitting a customs order that is over the single-transaction limit (pure).

CBEC rule (财关税〔2018〕49号, cbec-rules.md §1 and D5): one customs order may not exceed ¥5,000
of dutiable value, unless it is a single item (one unit), which then pays full taxes. An order
of several items over the limit cannot be placed; the cart offers to split it into orders that
each fit. Splitting is done here on unit values (goods + the order's freight share is left to
the tax engine; freight is small against the limit, and every part is re-quoted, so a part that
freight pushes over is caught and split again by `fits_after_quote`).

Method: first-fit decreasing over units (a line of 3 is 3 units of the same price), which keeps
the number of orders near the minimum; a unit worth more than the limit goes alone (full tax).
Units of one SKU stay together where they fit, so each part lists SKUs with quantities.
"""

from collections import Counter
from decimal import Decimal

LIMIT = Decimal("5000")


def split_units(
    lines: list[tuple[int, Decimal, int]], limit: Decimal = LIMIT, reserve: Decimal = Decimal(0)
) -> list[dict[int, int]]:
    """Split [(sku_id, unit_price, quantity)] into parts {sku_id: qty}, each part's goods at most
    `limit - reserve` (a unit dearer than that stands alone)."""
    cap = limit - reserve
    units = sorted(
        ((price, sku) for sku, price, qty in lines for _ in range(qty)),
        key=lambda u: (-u[0], u[1]),
    )
    bins: list[tuple[Decimal, Counter]] = []
    for price, sku in units:
        if price > cap:
            bins.append((price, Counter({sku: 1})))
            continue
        for i, (used, content) in enumerate(bins):
            if used + price <= cap:  # a lone over-cap unit never has room left
                content[sku] += 1
                bins[i] = (used + price, content)
                break
        else:
            bins.append((price, Counter({sku: 1})))
    return [dict(content) for _, content in bins]
