"""Order numbers: date in China time + random digits; unique constraints catch the rare clash."""

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def group_number(now: datetime) -> str:
    """G + yyyymmdd + 10 random digits, e.g. G20261130 4821937765 (19 characters)."""
    return f"G{now.astimezone(CHINA):%Y%m%d}{secrets.randbelow(10**10):010d}"


def order_number(group_no: str, n: int) -> str:
    """The n-th customs order of a checkout: the group number with a two-digit suffix."""
    return f"FP{group_no[1:]}{n:02d}"


def waybill_number(order_no: str) -> str:
    """The platform's own parcel numbering, FPW + the order number's digits: what the simulated
    carrier (fulfillment.carriers.simulator) reserves; a real carrier adapter gives its own."""
    return f"FPW{order_no[2:]}"
