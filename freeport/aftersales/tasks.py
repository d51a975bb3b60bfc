"""Huey jobs of after-sales: pay back the import tax of refunded returns once customs answers.

Customs publishes no event when a CEB625 receipt arrives (docs/aftersales.md), so a periodic
sweep finds the refunded requests whose tax is not settled and whose return application customs
has accepted or refused, and calls `services.return_tax_settle` on each. Safe to run twice: a
settled request is no longer found, and the service itself does nothing on a settled one (the
tax refund's payment key `return:<number>:tax` is idempotent too).
"""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from freeport.customs.models import CustomsReturn

from . import services
from .dispute_tasks import disputes_flag_overdue  # noqa: F401  (Huey loads only tasks modules)
from .models import ReturnRequest

log = logging.getLogger(__name__)
ANSWERED = (CustomsReturn.Status.ACCEPTED, CustomsReturn.Status.REJECTED)


def returns_tax_due() -> list[str]:
    """Numbers of refunded requests with the tax not settled whose CEB625 customs answered."""
    return list(
        ReturnRequest.objects.filter(
            status=ReturnRequest.Status.REFUNDED,
            tax_settled="",
            customs_return__status__in=ANSWERED,
        )
        .order_by("id")
        .values_list("number", flat=True)
    )


def returns_tax_settle_sweep() -> int:
    """Settle every request `returns_tax_due` finds; returns how many got settled. One failure
    (e.g. the payment provider refusing) is logged and does not stop the others: the next run
    tries it again."""
    settled = 0
    for number in returns_tax_due():
        try:
            request = services.return_tax_settle(number=number)
        except services.ReturnError as error:
            log.warning("return %s: tax not settled: %s (%s)", number, error.message, error.code)
            continue
        if request.tax_settled:
            settled += 1
    return settled


@db_periodic_task(crontab(minute="*/10"))
def returns_tax_settle():
    """Every 10 minutes: the import tax of refunded returns customs has answered."""
    return returns_tax_settle_sweep()
