"""Huey jobs of customs: fetch receipts."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .declarations import receipts_poll


@db_periodic_task(crontab(minute="*"))
def customs_receipts_poll():
    """Every minute: fetch customs receipts; they move declarations along."""
    return receipts_poll()
