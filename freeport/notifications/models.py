"""A shopper's in-app notifications (the notification centre), optionally also sent by e-mail.

Title and body are stored as text, already rendered in the shopper's language by the app that
notifies (see docs/notifications.md): a notification reads the same later, whatever the site's
translations become.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    # No index of its own: (user, dedupe_key) and (user, -id) both start with the user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=64)  # e.g. "shipment.inspection", for filters and stats
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)  # a path on this site, e.g. "/orders/X/"
    # The caller's idempotency key: notifying a user twice with one key keeps the first row
    # (outbox handlers that notify run at least once).
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)  # set once the e-mail went out

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_key_once"),
        ]
        indexes = [
            models.Index(fields=["user", "-id"], name="notification_user_newest"),
            # The header's unread badge counts on every page: only unread rows are indexed.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_user_unread"
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
