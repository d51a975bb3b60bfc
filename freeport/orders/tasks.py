"""Huey jobs of orders: cancel checkouts left unpaid past their deadline."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import orders_expire


@db_periodic_task(crontab(minute="*"))
def orders_expire_unpaid():
    """Every minute: unpaid orders past ORDER_PAYMENT_TTL_MINUTES are cancelled, stock released."""
    return orders_expire()
