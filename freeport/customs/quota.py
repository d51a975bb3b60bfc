"""Annual CBEC quota rules (pure).

The 26,000 CNY annual limit (财关税〔2018〕49号) is per person, i.e. per ID number, not per
account. The year is the calendar year in China time (cbec-rules.md D12, unverified).
A return restores quota only once customs accepts the return (CEB626 receipt, D9); a cancelled
order only once customs accepts the withdrawal of its inventory list (CEB624), or at once when
customs never had it on file (decision 40).
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from .tax import ANNUAL_LIMIT

CHINA = ZoneInfo("Asia/Shanghai")


def quota_year(moment: datetime) -> int:
    """Calendar year in China time of an aware datetime."""
    return moment.astimezone(CHINA).year


def remaining(used: Decimal) -> Decimal:
    return max(ANNUAL_LIMIT - used, Decimal("0"))


def fits(used: Decimal, dutiable_value: Decimal) -> bool:
    return used + dutiable_value <= ANNUAL_LIMIT


def cancel_reference(order_no: str) -> str:
    """The ledger reference of a cancelled order's allowance coming back: once per order, whether
    it comes back at the refund (never declared) or on customs' acceptance of the withdrawal."""
    return f"cancel:{order_no}"
