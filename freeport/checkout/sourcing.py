"""Which bonded warehouse ships each cart line (pure).

Rule: a line ships from one warehouse when one can fill it, the fastest promise first (fewest
dispatch hours, then the warehouse's position), so a shopper gets the quickest delivery and
the fewest parcels. Only when no single warehouse holds enough is the line split over several,
fastest first. A line the warehouses cannot fill together is short: nothing of it is sourced,
and the shortfall says how many can be bought.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Store:
    warehouse_id: int
    dispatch_hours: int | None
    position: int = 0
    name: str = ""

    def speed(self) -> tuple:
        return (self.dispatch_hours if self.dispatch_hours is not None else 10**6, self.position,
                self.warehouse_id)  # fmt: skip


@dataclass(frozen=True)
class Short:
    sku_id: int
    requested: int
    available: int


def source(
    sku_id: int, quantity: int, available: dict[int, int], stores: list[Store]
) -> list[tuple[int, int]] | Short:
    """[(warehouse_id, qty)] for one line, or Short. `available` maps warehouse id → units."""
    ranked = sorted((s for s in stores if available.get(s.warehouse_id, 0) > 0), key=Store.speed)
    total = sum(available.get(s.warehouse_id, 0) for s in ranked)
    if quantity > total:
        return Short(sku_id, quantity, total)
    for store in ranked:
        if available[store.warehouse_id] >= quantity:
            return [(store.warehouse_id, quantity)]
    parts, left = [], quantity
    for store in ranked:
        take = min(left, available[store.warehouse_id])
        parts.append((store.warehouse_id, take))
        left -= take
        if not left:
            break
    return parts
