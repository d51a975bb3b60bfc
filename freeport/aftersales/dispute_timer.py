"""The dispute resolution timer (pure: no ORM, no request).

A dispute is due `hours` (AFTERSALES_DISPUTE_HOURS, default 48) after it was opened. Until then
it is `on_time`; in its last 8 hours (`AT_RISK`) it is `at_risk`; from the due instant on it is
`overdue` (the due instant itself is overdue: the promise was "within 48 hours"). A resolved
dispute's clock stops at its resolution: `met` or `missed`.

    t = timer(due_at=dispute.due_at, now=now, resolved_at=dispute.resolved_at)
    t.status, t.remaining, t.hours, t.minutes
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_HOURS = 48
AT_RISK = timedelta(hours=8)

ON_TIME = "on_time"
AT_RISK_STATUS = "at_risk"
OVERDUE = "overdue"
MET = "met"
MISSED = "missed"


def _aware(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must carry a time zone")
    return value


def due_at(opened_at: datetime, hours: int = DEFAULT_HOURS) -> datetime:
    """When a dispute opened at `opened_at` must be resolved."""
    _aware(opened_at, "opened_at")
    if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
        raise ValueError("hours must be a whole number of at least 1")
    return opened_at + timedelta(hours=hours)


@dataclass(frozen=True)
class Timer:
    status: str  # ON_TIME, AT_RISK_STATUS, OVERDUE, MET, MISSED
    remaining: timedelta  # negative once overdue; at the resolution for a resolved dispute

    @property
    def overdue(self) -> bool:
        return self.status in (OVERDUE, MISSED)

    @property
    def at_risk(self) -> bool:
        return self.status == AT_RISK_STATUS

    @property
    def hours(self) -> int:
        """Whole hours of |remaining| (with `minutes`: what a page shows)."""
        return int(abs(self.remaining).total_seconds()) // 3600

    @property
    def minutes(self) -> int:
        return int(abs(self.remaining).total_seconds()) % 3600 // 60


def remaining(due: datetime, now: datetime) -> timedelta:
    return _aware(due, "due_at") - _aware(now, "now")


def timer(*, due_at: datetime, now: datetime, resolved_at: datetime | None = None) -> Timer:
    if resolved_at is not None:
        left = remaining(due_at, resolved_at)
        return Timer(MET if left > timedelta(0) else MISSED, left)
    left = remaining(due_at, now)
    if left <= timedelta(0):
        return Timer(OVERDUE, left)
    if left < AT_RISK:
        return Timer(AT_RISK_STATUS, left)
    return Timer(ON_TIME, left)


def is_overdue(*, due_at: datetime, now: datetime) -> bool:
    return remaining(due_at, now) <= timedelta(0)
