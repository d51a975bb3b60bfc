"""Order reads for the back office (console): search, counts per state, one order in full.

Staff scoping is the caller's input, never guessed here: `merchant=None` means every merchant
(operators); a Merchant limits every read to that merchant's orders (merchant staff), so another
merchant's order is simply not found.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from freeport.customs.models import Declaration

from . import states
from .models import Order, OrderLine, OrderTransition

NUMBER_MAX = 30  # Order.number's width; a checkout's number is shorter


@dataclass(frozen=True)
class OrderFilters:
    """What the search page asks for; empty values filter nothing."""

    number: str = ""  # an order's or a checkout's number, whole or its beginning
    state: str = ""
    merchant_id: int | None = None
    warehouse_id: int | None = None
    placed_from: date | None = None  # local dates, both ends included
    placed_to: date | None = None


def normalize_number(value: str) -> str:
    """Numbers as typed: spaces dropped, letters upper-cased ("fp 2026…" finds "FP2026…")."""
    return "".join(value.split()).upper()[:NUMBER_MAX]


def _scoped(merchant) -> QuerySet[Order]:
    orders = Order.objects.all()
    return orders if merchant is None else orders.filter(merchant=merchant)


def _filtered(filters: OrderFilters, *, merchant, with_state: bool) -> QuerySet[Order]:
    orders = _scoped(merchant)
    number = normalize_number(filters.number)
    if number:
        orders = orders.filter(Q(number__startswith=number) | Q(group__number__startswith=number))
    if filters.merchant_id is not None:
        orders = orders.filter(merchant_id=filters.merchant_id)
    if filters.warehouse_id is not None:
        orders = orders.filter(warehouse_id=filters.warehouse_id)
    if filters.placed_from is not None:
        orders = orders.filter(created_at__date__gte=filters.placed_from)
    if filters.placed_to is not None:
        orders = orders.filter(created_at__date__lte=filters.placed_to)
    if with_state and filters.state:
        orders = orders.filter(state=filters.state)
    return orders


def orders_search(filters: OrderFilters, *, merchant=None) -> QuerySet[Order]:
    """Orders matching `filters`, newest first, with what a result row shows (one query a page)."""
    return (
        _filtered(filters, merchant=merchant, with_state=True)
        .select_related("group", "merchant", "warehouse")
        .order_by("-created_at", "-id")
    )


def order_state_counts(filters: OrderFilters, *, merchant=None) -> dict[str, int]:
    """Orders per state (every state listed, 0 if none) under every filter but the state one,
    so each state tab tells how many it would show. One query."""
    found = dict(
        _filtered(filters, merchant=merchant, with_state=False)
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
    )
    return {state: found.get(state, 0) for state in states.STATES}


def order_for_console(*, number: str, merchant=None) -> Order | None:
    """One order with its lines and timeline (actors loaded), or None when it does not exist or
    belongs to another merchant than `merchant` (callers answer 404). Three queries."""
    return (
        _scoped(merchant)
        .select_related("group", "merchant", "warehouse")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("sku").order_by("id")),
            Prefetch(
                "transitions",
                queryset=OrderTransition.objects.select_related("actor").order_by("seq"),
            ),
        )
        .filter(number=normalize_number(number))
        .first()
    )


def order_declaration(*, number: str) -> Declaration | None:
    """The customs declaration of an order, if one was made, with its withdrawal
    (`declaration.cancellation`) when the order was cancelled after declaring (one query; the
    encrypted source is left unread)."""
    return (
        Declaration.objects.filter(order_no=number)
        .select_related("cancellation")
        .defer("source")
        .first()
    )
