"""Listing review rules (pure): which status changes are allowed and when a reason is required.

pending -> approved | rejected;  approved -> delisted;  delisted -> approved (relist);
rejected -> pending (merchant resubmits after fixing). Rejecting or delisting needs a reason,
because the merchant must know what to fix. approved -> pending happens only by itself, when
merchant staff change what customs and the tax engine rely on (see `back_to_review`).
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


# What an operator checked when approving: classification, origin, filing, labelling. A change
# by merchant staff to any of them sends an approved listing back to review; price, stock,
# titles and descriptions do not (an open price cut is the merchant's own business).
PRODUCT_COMPLIANCE_FIELDS = frozenset({
    "category", "origin_country", "tax_profile", "positive_list", "record_number",
    "ingredients_zh", "ingredients_en", "certifications", "shelf_life_days",
    "age_min_months", "age_max_months", "stage_label",
})  # fmt: skip
SKU_COMPLIANCE_FIELDS = frozenset({
    "gtin", "net_content_value", "net_content_unit", "net_weight_kg", "gross_weight_kg",
})  # fmt: skip


def back_to_review(status: str, changed: set[str], *, by_operator: bool) -> bool:
    """True when these changed fields (product fields, and SKU fields as "sku.<name>") send an
    approved listing back to pending review. Operators are the reviewers: their edits do not."""
    if status != APPROVED or by_operator:
        return False
    sku_fields = {f.removeprefix("sku.") for f in changed if f.startswith("sku.")}
    return bool(changed & PRODUCT_COMPLIANCE_FIELDS or sku_fields & SKU_COMPLIANCE_FIELDS)
