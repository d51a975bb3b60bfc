"""Who may review what, and when (pure: no ORM, no request). docs/reviews.md.

A shopper may review an order line only when
* the line belongs to one of *their* orders (anyone else is told there is no such item: whether
  a line exists is not revealed),
* that order was delivered: its state is delivered or completed *and* the parcel has a delivery
  time (the same test as after-sales uses for returns),
* the line has no review yet (one review per purchased line, hidden ones included),
* and it is still within `window_days` (setting REVIEWS_WINDOW_DAYS, default 90) of delivery:
  the deadline is the delivery instant + window_days x 24 h.

Stars are whole numbers 1..5; the text is optional, at most TEXT_MAX characters after trimming.
Every refusal carries reasons (stable code + localized text); the services store nothing then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

STARS_MIN, STARS_MAX = 1, 5
STARS = tuple(range(STARS_MIN, STARS_MAX + 1))
TEXT_MAX = 1000
DEFAULT_WINDOW_DAYS = 90
REASON_MAX = 300  # an operator's reason to hide or show a review again


@dataclass(frozen=True)
class Reason:
    code: str  # stable, for machines
    text: object  # localized (lazy); may hold %(name)s placeholders filled from `params`
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return str(self.text) % self.params if self.params else str(self.text)


NOT_FOUND = Reason("not_found", _("No such item among your orders."))
NOT_DELIVERED = Reason(
    "not_delivered", _("You can review an item once its order has been delivered.")
)
ALREADY_REVIEWED = Reason("already_reviewed", _("You have already reviewed this item."))
_WINDOW_PASSED = _(
    "Reviews can be written up to %(days)d days after delivery; that period has passed."
)
OK = Reason("ok", _("You bought and received this item: you can review it."))


def window_passed(days: int) -> Reason:
    return Reason("window_passed", _WINDOW_PASSED, {"days": days})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reasons: tuple[Reason, ...]
    review_by: datetime | None = None  # the deadline, when the order was delivered

    @property
    def message(self) -> str:
        return " ".join(str(r) for r in self.reasons)


class PolicyInputError(ValueError):
    """Input the rules refuse; `field` names it, `message` says why (localized)."""

    def __init__(self, field: str, message):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def decide(
    *,
    is_owner: bool,
    delivered: bool,
    delivered_at: datetime | None,
    already_reviewed: bool,
    now: datetime,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> Decision:
    """May this shopper review this line now? All the reasons that apply, or OK."""
    if not is_owner:
        return Decision(False, (NOT_FOUND,))
    if not delivered or delivered_at is None:
        return Decision(False, (NOT_DELIVERED,))
    review_by = delivered_at + timedelta(days=window_days)
    reasons = []
    if already_reviewed:
        reasons.append(ALREADY_REVIEWED)
    if now > review_by:
        reasons.append(window_passed(window_days))
    if reasons:
        return Decision(False, tuple(reasons), review_by)
    return Decision(True, (OK,), review_by)


def clean_stars(value) -> int:
    """A whole number of stars 1..5 (an int, or its decimal digits as text), else an error."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not STARS_MIN <= value <= STARS_MAX:
        raise PolicyInputError("stars", _("Choose from 1 to 5 stars."))
    return value


def clean_text(value) -> str:
    """The review text trimmed (may be empty), at most TEXT_MAX characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PolicyInputError("text", _("The review must be text."))
    value = value.strip().replace("\r\n", "\n")
    if len(value) > TEXT_MAX:
        raise PolicyInputError(
            "text",
            _("At most %(n)d characters (now %(len)d).") % {"n": TEXT_MAX, "len": len(value)},
        )
    if "\x00" in value:
        raise PolicyInputError("text", _("The review contains a character that is not allowed."))
    return value


def masked_name(name: str) -> str:
    """How a reviewer is shown to others: the first character of their name and "**" (never the
    full name, its length, or a phone number; "**" alone when there is no name)."""
    name = (name or "").strip()
    if not name or name[0].isdigit() or name[0] == "+":
        return "**"  # a phone number or an id used as a name: nothing of it is shown
    return f"{name[0]}**"
