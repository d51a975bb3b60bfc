"""Transactional outbox: enqueue side effects with the state change, deliver them after commit.

    outbox_put(topic="customs.submit", key=guid, payload={...})   # inside the caller's transaction
    outbox_dispatch()                                             # a periodic job, or a command

Handlers are registered per topic by the app that owns the effect (in its AppConfig.ready); a
topic may have several (orders and fulfillment both follow order transitions), called in the
order registered, and a failure retries them all. They take
`(key, payload)` and must be idempotent: delivery is at least once (a dispatcher that crashes
after the handler ran but before recording it retries later). A failing handler is retried with
exponential back-off; after `OUTBOX_MAX_ATTEMPTS` the message is marked dead for an operator.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

Handler = Callable[[str, dict], None]
_handlers: dict[str, list[Handler]] = {}

BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600
LEASE_SECONDS = 120  # how long a dispatcher may take before another one retries the message


def register(topic: str, handler: Handler) -> None:
    handlers = _handlers.setdefault(topic, [])
    if handler not in handlers:  # ready() may run twice in tests
        handlers.append(handler)


def backoff(attempts: int) -> timedelta:
    """Wait before retry number `attempts` (1-based): 30 s, 1 min, 2 min, ... capped at 1 h."""
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_CAP_SECONDS))


def outbox_put(*, topic: str, key: str, payload: dict, deliver_at: datetime | None = None) -> None:
    """Enqueue an effect in the current transaction; the same key twice keeps the first message.

    `deliver_at`: not before then. A caller that delivers the message itself right after commit
    puts it a lease's time ahead and reports with `outbox_settle`; the dispatcher sends it only
    if that never happens (the process died).

    One statement, INSERT ... ON CONFLICT DO NOTHING (SQLite: INSERT OR IGNORE) on the unique
    key: no read first and no savepoint (get_or_create took four statements, and every paid
    order enqueues several messages).
    SQLite's INSERT OR IGNORE would also skip a NOT NULL or CHECK violation; the values here
    come from code, never from input, and PostgreSQL ignores only the key's conflict."""
    message = OutboxMessage(
        key=key, topic=topic, payload=payload, next_attempt_at=deliver_at or timezone.now()
    )
    OutboxMessage.objects.bulk_create([message], ignore_conflicts=True)


def outbox_settle(key: str, error: str | None, now: datetime) -> None:
    """Record a delivery the caller made itself (a message put with a later `deliver_at`):
    done, or due again after the first back-off with its error. One UPDATE, no lease."""
    pending = OutboxMessage.objects.filter(key=key, status=OutboxMessage.Status.PENDING)
    if error is None:
        pending.update(
            status=OutboxMessage.Status.DONE, done_at=now, last_error="",
            attempts=F("attempts") + 1,
        )  # fmt: skip
    else:
        pending.update(
            attempts=F("attempts") + 1, next_attempt_at=now + backoff(1), last_error=error[:2000]
        )


def _claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Take the lease on one due message, or None if another dispatcher has it or it is done."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + timedelta(seconds=LEASE_SECONDS)
        message.save(update_fields=["attempts", "next_attempt_at"])
        return message


def _finish(message: OutboxMessage, error: str | None, now: datetime) -> None:
    max_attempts = getattr(settings, "OUTBOX_MAX_ATTEMPTS", 12)
    if error is None:
        message.status, message.done_at, message.last_error = message.Status.DONE, now, ""
    elif message.attempts >= max_attempts:
        message.status, message.last_error = message.Status.DEAD, error
    else:
        message.next_attempt_at, message.last_error = now + backoff(message.attempts), error
    message.save(update_fields=["status", "done_at", "last_error", "next_attempt_at"])


def outbox_dispatch(*, limit: int = 200, now: datetime | None = None) -> dict[str, int]:
    """Deliver due messages in creation order; returns counts of done / retried / dead."""
    now = now or timezone.now()
    due = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)[:limit]
    counts = {"done": 0, "retry": 0, "dead": 0}
    for message_id in list(due):
        message = _claim(message_id, now)
        if message is None:
            continue
        handlers = _handlers.get(message.topic)
        try:
            if not handlers:
                raise LookupError(f"no handler registered for topic {message.topic!r}")
            for handler in handlers:
                handler(message.key, message.payload)
            error = None
        except Exception as exc:  # any failure is retried; the reason is kept for operators
            error = f"{type(exc).__name__}: {exc}"[:2000]
        _finish(message, error, now)
        if message.status == message.Status.PENDING:
            counts["retry"] += 1
        else:
            counts[message.status] += 1
    return counts
