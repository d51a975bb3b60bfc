"""Huey jobs of payments: a nightly proof that the ledger balances (mismatches are logged as
errors for operators; `manage.py payments_reconcile` runs the same check by hand)."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .selectors import payments_reconcile

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="3", minute="17"))
def payments_reconcile_nightly():
    problems = payments_reconcile()
    for problem in problems:
        log.error("payments ledger mismatch: %s", problem)
    return len(problems)
