from django.conf import settings
from django.db import models


class AuditLog(models.Model):
    """Who did what to which record, and why. Never holds personal data in clear."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_id}"


class OutboxMessage(models.Model):
    """A side effect to perform after commit (a gateway call, an e-mail, a domain event).

    Written in the same transaction as the state change that causes it, so a crash between the
    two loses nothing; a dispatcher delivers it to its topic's handler until the handler succeeds.
    `key` is unique: enqueueing the same effect twice keeps one message, and handlers receive it so
    the far side can de-duplicate too (at-least-once delivery made effectively once).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        DONE = "done", "done"
        DEAD = "dead", "dead (gave up; needs an operator)"

    topic = models.CharField(max_length=60)
    key = models.CharField(max_length=120, unique=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Also the lease: a dispatcher pushes it forward before calling the handler, so a crashed
    # dispatcher's message becomes due again instead of being stuck "in flight".
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.topic} {self.key} {self.status}"
