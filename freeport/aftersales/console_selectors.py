"""After-sales reads for the back office (console): the returns queue, one request in full, the
returns dashboard's figures. Read-only.

Staff scoping is the caller's input, never guessed here (as orders/console_selectors.py):
`merchant=None` means every merchant (operators); a Merchant limits every read to requests on
that merchant's orders, so another merchant's request is simply not found.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from .models import ReturnEvent, ReturnItem, ReturnRequest

Status = ReturnRequest.Status
OPEN = "open"  # the queue's default filter: every open status
ALL = "all"
DASHBOARD_DAYS = 30


def _scoped(merchant) -> QuerySet[ReturnRequest]:
    requests = ReturnRequest.objects.all()
    return requests if merchant is None else requests.filter(order__merchant=merchant)


def returns_queue(*, status: str = OPEN, merchant=None) -> QuerySet[ReturnRequest]:
    """Requests in `status` ("open": every open status; "all"; or one status): open ones first,
    oldest first (the longest-waiting shopper on top). With what a row shows: three queries a
    page (requests with order and merchant, their items with line and SKU)."""
    requests = _scoped(merchant)
    if status == OPEN:
        requests = requests.filter(status__in=ReturnRequest.OPEN)
    elif status != ALL:
        requests = requests.filter(status=status)
    return (
        requests.select_related("order", "order__merchant")
        .prefetch_related(
            Prefetch("items", queryset=ReturnItem.objects.select_related("order_line__sku"))
        )
        .annotate(
            closed=Case(
                When(status__in=ReturnRequest.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "created_at", "id")
    )


def returns_status_counts(*, merchant=None) -> dict[str, int]:
    """Requests per status (every status listed, 0 if none). One query."""
    found = dict(_scoped(merchant).order_by().values_list("status").annotate(n=Count("id")))
    return {status: found.get(status, 0) for status in Status.values}


def return_for_console(*, number: str, merchant=None) -> ReturnRequest | None:
    """One request with its order, items (line, SKU, lot, inspector), photos and events (actor),
    or None when it does not exist or is on another merchant's order (callers answer 404)."""
    return (
        _scoped(merchant)
        .select_related("order", "order__merchant", "order__group", "customs_return", "last_actor")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ReturnItem.objects.select_related(
                    "order_line__sku", "lot", "inspected_by"
                ),
            ),
            "photos",
            Prefetch(
                "events", queryset=ReturnEvent.objects.select_related("actor").order_by("at", "id")
            ),
        )
        .filter(number=str(number or "").strip().upper())
        .first()
    )


# --- dashboard ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    since: datetime
    by_reason: list[tuple[str, int]]  # (reason, requests made since `since`), every reason
    by_merchant: list[tuple[str, int]]  # (merchant code, requests since `since`), most first
    open_by_status: list[tuple[str, int]]  # (status, open requests now), every open status
    handled: int  # requests closed by a refund or a refusal since `since`
    average_hours: float | None  # their mean time from request to refund / refusal


def returns_dashboard(*, merchant=None, now: datetime | None = None, days: int = DASHBOARD_DAYS):
    """The returns dashboard over the last `days` days (to `now`). Four queries.

    Handling time: from the request (`created_at`) to the refund (`refunded_at`) or the refusal
    (`closed_at`) of the requests so closed in the window; cancelled ones are the shopper's own
    doing and are left out. Averaged in Python (durations are not portable across SQLite and
    PostgreSQL aggregates); a month's closed requests are few.
    """
    now = now or timezone.now()
    since = now - timedelta(days=days)
    recent = _scoped(merchant).filter(created_at__gte=since, created_at__lte=now).order_by()
    reasons = dict(recent.values_list("reason").annotate(n=Count("id")))
    merchants = list(
        recent.values_list("order__merchant__code")
        .annotate(n=Count("id"))
        .order_by("-n", "order__merchant__code")
    )
    open_counts = dict(
        _scoped(merchant)
        .filter(status__in=ReturnRequest.OPEN)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    closed = (
        _scoped(merchant)
        .filter(status__in=(Status.REFUNDED, Status.REFUSED))
        .filter(closed_at__gte=since, closed_at__lte=now)
        .values_list("created_at", "refunded_at", "closed_at")
    )
    hours = [
        ((refunded_at or closed_at) - created_at).total_seconds() / 3600
        for created_at, refunded_at, closed_at in closed
    ]
    return Dashboard(
        since=since,
        by_reason=[(reason, reasons.get(reason, 0)) for reason in ReturnRequest.Reason.values],
        by_merchant=[(code, n) for code, n in merchants],
        open_by_status=[(status, open_counts.get(status, 0)) for status in ReturnRequest.OPEN],
        handled=len(hours),
        average_hours=round(sum(hours) / len(hours), 1) if hours else None,
    )
