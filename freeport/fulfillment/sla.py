"""Service level: payment to hand-over within a goal (default 24 h) — pure rules.

Measured per order from the moment it was paid to the moment the carrier took the parcel.
An order still in the warehouse is "at risk" once less than the warning time is left, so it
shows in the console queue *before* it misses (FULFILLMENT_SLA_WARNING_HOURS).
"""

from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

MET = "met"
MISSED = "missed"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
LATE = "late"

LABELS = {
    MET: _("handed over in time"),
    MISSED: _("handed over late"),
    ON_TRACK: _("on track"),
    AT_RISK: _("at risk"),
    LATE: _("late"),
}


def due_at(paid_at: datetime, goal_hours: int) -> datetime:
    return paid_at + timedelta(hours=goal_hours)


def standing(
    *, paid_at: datetime, handed_over_at: datetime | None, now: datetime, goal_hours: int,
    warning_hours: int,
) -> str:  # fmt: skip
    """Where one order stands against the goal."""
    due = due_at(paid_at, goal_hours)
    if handed_over_at is not None:
        return MET if handed_over_at <= due else MISSED
    if now > due:
        return LATE
    if now >= due - timedelta(hours=warning_hours):
        return AT_RISK
    return ON_TRACK


def compliance(standings) -> float | None:
    """Share of finished orders (handed over) that met the goal; None when there are none."""
    finished = [s for s in standings if s in (MET, MISSED)]
    if not finished:
        return None
    return sum(s == MET for s in finished) / len(finished)
