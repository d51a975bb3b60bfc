"""Huey job of disputes: flag the ones past their 48-hour resolution time.

Huey's Django integration imports only `tasks` modules: aftersales/tasks.py imports this one
(`from .dispute_tasks import disputes_flag_overdue  # noqa: F401`).
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .disputes import dispute_flag_overdue


@db_periodic_task(crontab(minute="*/5"))
def disputes_flag_overdue():
    """Every 5 minutes: open disputes past due get `overdue_at` (once), a thread entry, a log
    line and a notice to the assigned operator. Safe to run twice."""
    return dispute_flag_overdue()
