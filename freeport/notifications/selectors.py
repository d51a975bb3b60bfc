"""Notification reads. A shopper sees only their own notifications: every read filters by user."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from .models import Notification

PAGE_SIZE = 20


def notifications_of(user) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-id")


def notifications_page(*, user, page=None, per_page: int = PAGE_SIZE) -> Page:
    """One page of the user's notifications, newest first (`page` as given in the query string;
    out of range or invalid gives the nearest valid page)."""
    return Paginator(notifications_of(user), per_page).get_page(page)


def notification_of(user, pk: int) -> Notification | None:
    """One of the user's notifications; None for someone else's (callers answer 404)."""
    return Notification.objects.filter(user=user, pk=pk).first()


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
