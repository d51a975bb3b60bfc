"""After-sales reads: a shopper sees only their own requests; operators see the queue."""

from django.db.models import Prefetch, QuerySet

from .models import ReturnEvent, ReturnItem, ReturnRequest


def _with_details(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("order").prefetch_related(
        Prefetch("items", queryset=ReturnItem.objects.select_related("order_line")),
        "photos",
        Prefetch("events", queryset=ReturnEvent.objects.order_by("at", "id")),
    )


def requests_of(user) -> QuerySet:
    """The shopper's requests, newest first (none for an anonymous user)."""
    if not getattr(user, "is_authenticated", False):
        return ReturnRequest.objects.none()
    return (
        ReturnRequest.objects.filter(user=user)
        .select_related("order")
        .prefetch_related(
            Prefetch("items", queryset=ReturnItem.objects.select_related("order_line"))
        )  # fmt: skip
        .order_by("-id")
    )


def request_of(user, number: str) -> ReturnRequest | None:
    """One request of the shopper's, with items, photos and events; None for anyone else's
    (a page answers 404: whether it exists is not told)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _with_details(ReturnRequest.objects.filter(user=user, number=str(number))).first()


def requests_for_operators(*, status: str | None = None, open_only: bool = True) -> QuerySet:
    """The work queue: oldest first (permissions are the console view's to check)."""
    queryset = ReturnRequest.objects.select_related("order", "user")
    if status:
        queryset = queryset.filter(status=status)
    elif open_only:
        queryset = queryset.filter(status__in=ReturnRequest.OPEN)
    return queryset.order_by("created_at", "id")


def request_for_operator(number: str) -> ReturnRequest | None:
    return _with_details(ReturnRequest.objects.filter(number=str(number))).first()
