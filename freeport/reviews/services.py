"""Review writes. Each is one transaction with keyword-only arguments:

    review_create(user=..., order_line_id=..., stars=..., text=...)   a shopper reviews a line
    review_hide(review_id=..., actor=..., reason=...)                 an operator hides one
    review_unhide(review_id=..., actor=..., reason=...)               ... and shows it again

Bad input raises `ReviewError` (a ValueError: `field`, localized `message`, stable `code`, the
policy's `reasons`) and changes nothing. Every change to what counts (a visible review added,
hidden or shown again) updates the product's `ProductRating` in the same transaction with its
row locked, and calls `search.events.products_changed` so the index re-ranks the product after
commit. Lock order: the rating row, then the review (both callers agree, so no deadlock).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from freeport.console.roles import is_operator
from freeport.kernel.audit import audit_record
from freeport.orders import states as order_states
from freeport.orders.models import OrderLine
from freeport.search.events import products_changed

from . import policy
from .models import ProductRating, Review

DELIVERED_STATES = (order_states.DELIVERED, order_states.COMPLETED)


class ReviewError(ValueError):
    """A write the reviews cannot honour: `field` names the input, `message` (localized) says
    why, `code` is stable for the API; a policy refusal carries every `reasons` entry."""

    def __init__(self, field: str, message, *, code: str = "invalid", reasons=()):
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.code = field, str(message), code
        self.reasons = tuple(reasons)


def window_days() -> int:
    return int(getattr(settings, "REVIEWS_WINDOW_DAYS", policy.DEFAULT_WINDOW_DAYS))


def line_decision(*, user, line: OrderLine, delivered_at, already_reviewed: bool, now=None):
    """The policy's answer for `line` (loaded with its order), for pages and the service."""
    return policy.decide(
        is_owner=user is not None and line.order.user_id == getattr(user, "pk", None),
        delivered=line.order.state in DELIVERED_STATES,
        delivered_at=delivered_at,
        already_reviewed=already_reviewed,
        now=now or timezone.now(),
        window_days=window_days(),
    )


def delivered_at_of(order_id: int) -> datetime | None:
    """When the parcel of the order was delivered (fulfillment's Shipment), or None."""
    from freeport.fulfillment.models import Shipment

    return Shipment.objects.filter(order_id=order_id).values_list("delivered_at", flat=True).first()


def _rating_locked(product_id: int) -> ProductRating:
    """The product's rating row, created when missing and locked FOR UPDATE.

    Race-safe on both databases: INSERT ... ON CONFLICT DO NOTHING (PostgreSQL) / INSERT OR
    IGNORE (SQLite) never fails when a concurrent transaction created the row first (PostgreSQL
    waits for that transaction, then skips), and the SELECT ... FOR UPDATE after it finds the row
    either way and holds it until commit.
    """
    ProductRating.objects.bulk_create([ProductRating(product_id=product_id)], ignore_conflicts=True)
    return ProductRating.objects.select_for_update().get(pk=product_id)


def _count(product_id: int, stars: int, sign: int) -> None:
    """Add (sign +1) or take away (-1) one visible review of `stars` to the locked rating."""
    ProductRating.objects.filter(pk=product_id).update(
        count=F("count") + sign,
        stars_total=F("stars_total") + sign * stars,
        **{f"stars_{stars}": F(f"stars_{stars}") + sign},
    )
    products_changed([product_id])


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def review_create(
    *, user, order_line_id, stars, text: str = "", now: datetime | None = None
) -> Review:
    """A shopper reviews one line of a delivered order of theirs (policy.decide), once."""
    now = now or timezone.now()
    try:
        stars = policy.clean_stars(stars)
        text = policy.clean_text(text)
    except policy.PolicyInputError as exc:
        raise ReviewError(exc.field, exc.message) from None
    try:
        line_id = int(order_line_id)
    except (TypeError, ValueError):
        line_id = None
    line = (
        OrderLine.objects.select_related("order", "sku").filter(pk=line_id).first()
        if line_id is not None and line_id > 0
        else None
    )
    if line is None or user is None or line.order.user_id != getattr(user, "pk", None):
        raise ReviewError("order_line_id", policy.NOT_FOUND, code="not_found",
                          reasons=(policy.NOT_FOUND,))  # fmt: skip
    product_id = line.sku.product_id
    delivered_at = delivered_at_of(line.order_id)
    # Checked before any write; checked again under the rating lock below (a racing request).
    already = Review.objects.filter(order_line_id=line.pk).exists()
    decision = line_decision(
        user=user, line=line, delivered_at=delivered_at, already_reviewed=already, now=now
    )
    if not decision.allowed:
        raise ReviewError("order_line_id", decision.message, code=decision.reasons[0].code,
                          reasons=decision.reasons)  # fmt: skip
    _rating_locked(product_id)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                product_id=product_id, order_line=line, shopper=user, stars=stars, text=text,
                created_at=now,
            )  # fmt: skip
    except IntegrityError:  # a racing request for the same line won (one review per line)
        raise ReviewError(
            "order_line_id", policy.ALREADY_REVIEWED, code=policy.ALREADY_REVIEWED.code,
            reasons=(policy.ALREADY_REVIEWED,),
        ) from None  # fmt: skip
    _count(product_id, stars, +1)
    return review


def _moderate(review_id, actor, reason: str) -> tuple[Review, str]:
    if not is_operator(actor):
        raise ReviewError("actor", _("Only operators can hide or show reviews."), code="forbidden")
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise ReviewError("reason", _("Give a reason."), code="reason_required")
    if len(reason) > policy.REASON_MAX:
        raise ReviewError("reason", _("At most %(n)d characters.") % {"n": policy.REASON_MAX})
    try:
        review_id = int(review_id)
    except (TypeError, ValueError):
        review_id = 0
    product_id = Review.objects.filter(pk=review_id).values_list("product_id", flat=True).first()
    if product_id is None:
        raise ReviewError("review_id", _("No such review."), code="not_found")
    _rating_locked(product_id)
    review = Review.objects.select_for_update().get(pk=review_id)
    return review, reason


@transaction.atomic
def review_hide(*, review_id, actor, reason: str, now: datetime | None = None) -> Review:
    """Hide a review (it stops counting and showing); audited. Hiding a hidden one changes
    nothing."""
    review, reason = _moderate(review_id, actor, reason)
    if review.hidden_at is not None:
        return review
    review.hidden_at, review.hidden_reason, review.hidden_by = now or timezone.now(), reason, actor
    review.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    _count(review.product_id, review.stars, -1)
    audit_record(actor=actor, action="review.hide", obj=review, reason=reason)
    return review


@transaction.atomic
def review_unhide(*, review_id, actor, reason: str) -> Review:
    """Show a hidden review again (it counts again); audited. A visible one: nothing changes."""
    review, reason = _moderate(review_id, actor, reason)
    if review.hidden_at is None:
        return review
    review.hidden_at, review.hidden_reason, review.hidden_by = None, "", None
    review.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    _count(review.product_id, review.stars, +1)
    audit_record(actor=actor, action="review.unhide", obj=review, reason=reason)
    return review
