"""Huey jobs of fulfillment: the late-parcel watch and the carrier simulator's scans."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import shipments_watch
from .simulate import simulator_tick


@db_periodic_task(crontab(minute="*/5"))
def fulfillment_watch():
    """Every 5 minutes: shoppers whose parcel missed the hand-over goal are told (once)."""
    return shipments_watch()


@db_periodic_task(crontab(minute="*"))
def carrier_simulator_tick():
    """Every minute: the simulated carrier reports the scans that are due (if it is in use)."""
    return simulator_tick()
