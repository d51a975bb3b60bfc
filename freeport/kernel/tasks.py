"""Huey jobs of the kernel: the outbox sweeper."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .outbox import outbox_dispatch


@db_periodic_task(crontab(minute="*"))
def outbox_sweep():
    """Every minute: deliver what is due (new messages, and retries whose back-off has passed)."""
    return outbox_dispatch()
