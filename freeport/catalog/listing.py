"""Listing review rules (pure): which status changes are allowed and when a reason is required.

pending -> approved | rejected;  approved -> delisted;  delisted -> approved (relist);
rejected -> pending (merchant resubmits after fixing). Rejecting or delisting needs a reason,
because the merchant must know what to fix.
"""

from dataclasses import dataclass

PENDING, APPROVED, REJECTED, DELISTED = "pending", "approved", "rejected", "delisted"

TRANSITIONS: dict[str, set[str]] = {
    PENDING: {APPROVED, REJECTED},
    APPROVED: {DELISTED},
    DELISTED: {APPROVED},
    REJECTED: {PENDING},
}
REASON_REQUIRED = {REJECTED, DELISTED}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: str = ""
    message: str = ""


def check_transition(current: str, target: str, reason: str) -> Decision:
    if target not in TRANSITIONS.get(current, set()):
        return Decision(False, "invalid_transition", f"cannot go from {current} to {target}")
    if target in REASON_REQUIRED and not reason.strip():
        return Decision(False, "reason_required", f"a reason is required to set {target}")
    return Decision(True)


def is_public(status: str, positive_list: bool) -> bool:
    """Shoppers see only approved listings of positive-list goods."""
    return status == APPROVED and positive_list
