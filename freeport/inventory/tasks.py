"""Huey jobs of the inventory: lapsed holds go back on sale."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import reservations_expire


@db_periodic_task(crontab(minute="*"))
def reservations_expire_sweep():
    """Every minute: release held reservations past their expires_at (safe to run twice)."""
    return reservations_expire()
