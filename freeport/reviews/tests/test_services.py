"""Reviews on real orders: who may write one, what counts, moderation, the aggregate."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from freeport.kernel.models import AuditLog, OutboxMessage
from freeport.orders.testing import shopper_make
from freeport.reviews import selectors, services
from freeport.reviews.models import ProductRating, Review
from freeport.reviews.testing import order_make

pytestmark = pytest.mark.django_db


def line(order, code):
    return order.lines.select_related("sku").get(sku__code=code)


def write(order, code="F1-900", *, user=None, stars=4, text="", **kw):
    return services.review_create(
        user=user or order.user, order_line_id=line(order, code).pk, stars=stars, text=text, **kw
    )


def reindexed():
    """Product ids the search outbox was asked to re-index, in order."""
    return [
        tuple(m.payload["product_ids"])
        for m in OutboxMessage.objects.filter(topic="search.index").order_by("id")
    ]


def state():
    """Everything a refused write must leave as it was."""
    return (
        list(Review.objects.values()),
        list(ProductRating.objects.values()),
        reindexed(),
        AuditLog.objects.count(),
    )


def test_a_review_counts_in_the_products_rating_and_reindexes_it(delivered):
    before = len(reindexed())
    review = write(delivered, stars=4, text="  冲泡很快，宝宝爱喝。 ")
    f1 = review.product_id
    assert review.text == "冲泡很快，宝宝爱喝。" and review.shopper == delivered.user
    assert review.order_line == line(delivered, "F1-900") and review.hidden_at is None
    rating = ProductRating.objects.get(pk=f1)
    assert (rating.count, rating.stars_total, rating.histogram) == (1, 4, (0, 0, 0, 1, 0))
    assert reindexed()[before:] == [(f1,)]
    assert selectors.product_ratings([f1]) == {f1: (1, 4)}


def test_ratings_add_up_over_products_and_shoppers(skus, delivered, other_shopper):
    other = order_make(*other_shopper, [(skus["F1-900"], 2)], key="o1")
    write(delivered, "F1-900", stars=5)
    write(delivered, "C1-50", stars=2)
    write(other, "F1-900", stars=3)
    f1, c1 = skus["F1-900"].product_id, skus["C1-50"].product_id
    f2 = skus["F2-900"].product_id
    assert selectors.product_ratings([f1, c1, f2, 99999]) == {f1: (2, 8), c1: (1, 2)}
    assert ProductRating.objects.get(pk=f1).histogram == (0, 0, 1, 0, 1)
    assert selectors.ratings_mismatches() == []
    summary = selectors.summary(ProductRating.objects.get(pk=f1))
    assert summary["average"] == 4 and summary["count"] == 2
    assert [(h["stars"], h["count"], h["percent"]) for h in summary["histogram"]] == [
        (5, 1, 50), (4, 0, 0), (3, 1, 50), (2, 0, 0), (1, 0, 0)]  # fmt: skip


def test_product_ratings_is_one_query(skus, delivered):
    write(delivered, "F1-900")
    with CaptureQueriesContext(connection) as queries:
        selectors.product_ratings([s.product_id for s in skus.values()])
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert selectors.product_ratings([]) == {}
    assert len(queries) == 0


@pytest.mark.parametrize(
    "kwargs, field, code, words",
    [
        ({"stars": 0}, "stars", "invalid", "1 to 5"),
        ({"stars": 6}, "stars", "invalid", "1 to 5"),
        ({"stars": "x"}, "stars", "invalid", "1 to 5"),
        ({"text": "好" * 1001}, "text", "invalid", "At most 1000"),
    ],
)
def test_bad_input_changes_nothing(delivered, kwargs, field, code, words):
    before = state()
    with pytest.raises(services.ReviewError) as info:
        write(delivered, **kwargs)
    assert (info.value.field, info.value.code) == (field, code) and words in info.value.message
    assert state() == before


def test_someone_elses_line_is_not_found(delivered, other_shopper):
    before = state()
    with pytest.raises(services.ReviewError) as info:
        write(delivered, user=other_shopper[0])
    assert (
        info.value.code == "not_found" and info.value.message == "No such item among your orders."
    )
    assert state() == before


@pytest.mark.parametrize("line_id", [0, -1, 10**9, "abc", None])
def test_no_such_line(delivered, line_id):
    before = state()
    with pytest.raises(services.ReviewError) as info:
        services.review_create(user=delivered.user, order_line_id=line_id, stars=3)
    assert info.value.code == "not_found"
    assert state() == before


def test_anonymous_cannot_review(delivered):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(services.ReviewError) as info:
        write(delivered, user=AnonymousUser())
    assert info.value.code == "not_found"
    assert not Review.objects.exists()


@pytest.mark.parametrize("upto", ["pay", "clear", "ship"])
def test_an_undelivered_order_cannot_be_reviewed(skus, shopper, upto):
    order = order_make(*shopper, [(skus["F1-900"], 1)], key=f"u-{upto}", upto=upto)
    before = state()
    with pytest.raises(services.ReviewError) as info:
        write(order)
    assert info.value.code == "not_delivered" and "delivered" in info.value.message
    assert state() == before


def test_a_line_is_reviewed_once(delivered):
    write(delivered, stars=5)
    before = state()
    with pytest.raises(services.ReviewError) as info:
        write(delivered, stars=1)
    assert info.value.code == "already_reviewed"
    assert state() == before


def test_a_hidden_review_still_counts_as_written(delivered, operator):
    review = write(delivered)
    services.review_hide(review_id=review.pk, actor=operator, reason="abuse")
    with pytest.raises(services.ReviewError) as info:
        write(delivered)
    assert info.value.code == "already_reviewed"


def test_the_window_after_delivery(delivered, settings):
    delivered_at = delivered.shipment.delivered_at
    settings.REVIEWS_WINDOW_DAYS = 30
    before = state()
    with pytest.raises(services.ReviewError) as info:
        write(delivered, now=delivered_at + timedelta(days=30, seconds=1))
    assert info.value.code == "window_passed" and "30 days" in info.value.message
    assert state() == before
    assert write(delivered, now=delivered_at + timedelta(days=30)).pk


def test_a_completed_order_can_be_reviewed(delivered):
    from freeport.orders.services import order_transition

    order_transition(order_id=delivered.pk, event="complete")
    assert write(delivered).pk


# --- moderation ---------------------------------------------------------------------------------


def test_hide_and_unhide_move_the_rating_and_are_audited(skus, delivered, operator):
    kept = write(delivered, "F1-900", stars=5)
    third = order_make(*shopper_make("third"), [(skus["F1-900"], 1)], key="t1")
    abusive = write(third, "F1-900", stars=1, text="spam spam")
    f1 = kept.product_id
    assert selectors.product_ratings([f1]) == {f1: (2, 6)}
    count = len(reindexed())

    hidden = services.review_hide(review_id=abusive.pk, actor=operator, reason=" abusive ")
    assert hidden.hidden_at and hidden.hidden_reason == "abusive" and hidden.hidden_by == operator
    assert selectors.product_ratings([f1]) == {f1: (1, 5)}
    assert ProductRating.objects.get(pk=f1).histogram == (0, 0, 0, 0, 1)
    assert reindexed()[count:] == [(f1,)]
    log = AuditLog.objects.get(action="review.hide")
    assert (log.actor, log.object_id, log.reason) == (operator, str(abusive.pk), "abusive")
    assert [r.pk for r in selectors.visible_reviews(f1)] == [kept.pk]

    again = services.review_hide(review_id=abusive.pk, actor=operator, reason="again")
    assert again.hidden_reason == "abusive" and selectors.product_ratings([f1]) == {f1: (1, 5)}
    assert AuditLog.objects.filter(action="review.hide").count() == 1

    services.review_unhide(review_id=abusive.pk, actor=operator, reason="appeal accepted")
    assert selectors.product_ratings([f1]) == {f1: (2, 6)}
    assert AuditLog.objects.filter(action="review.unhide", reason="appeal accepted").exists()
    assert selectors.ratings_mismatches() == []


def test_all_hidden_leaves_no_visible_rating(delivered, operator):
    review = write(delivered, stars=3)
    services.review_hide(review_id=review.pk, actor=operator, reason="abuse")
    assert selectors.product_ratings([review.product_id]) == {}
    assert ProductRating.objects.get(pk=review.product_id).count == 0
    assert selectors.summary(ProductRating.objects.get(pk=review.product_id))["average"] is None


def test_hiding_needs_an_operator_and_a_reason(delivered, operator):
    review = write(delivered)
    User = get_user_model()
    shopper = delivered.user
    staff = User.objects.create_user("staff", password="pw", is_staff=True)
    before = state()
    for actor in (None, shopper, staff):
        with pytest.raises(services.ReviewError) as info:
            services.review_hide(review_id=review.pk, actor=actor, reason="x")
        assert info.value.code == "forbidden"
    for reason in ("", "   ", None, "x" * 301):
        with pytest.raises(services.ReviewError) as info:
            services.review_hide(review_id=review.pk, actor=operator, reason=reason)
        assert info.value.field == "reason"
    with pytest.raises(services.ReviewError) as info:
        services.review_hide(review_id=10**9, actor=operator, reason="x")
    assert info.value.code == "not_found"
    assert state() == before
    # A member of the operator group (not a superuser) may.
    member = User.objects.create_user("member", password="pw")
    member.groups.add(Group.objects.get_or_create(name="operator")[0])
    assert services.review_hide(review_id=review.pk, actor=member, reason="abuse").hidden_at
