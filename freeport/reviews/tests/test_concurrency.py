"""Races on PostgreSQL: reviews written at once keep the rating exact."""

import pytest

from freeport.orders.testing import shopper_make
from freeport.payments.tests.test_concurrency import race
from freeport.reviews import selectors, services
from freeport.reviews.models import ProductRating, Review
from freeport.reviews.testing import order_make

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_reviews_of_different_lines_of_one_product_all_count(skus):
    """The first reviews of a product: every writer also races to create its rating row."""
    sku = skus["F1-900"]
    orders = [order_make(*shopper_make(f"s{i}"), [(sku, 1)], key=f"k{i}") for i in range(6)]
    lines = [o.lines.get() for o in orders]
    results, errors = race(
        6,
        lambda i: services.review_create(
            user=orders[i].user, order_line_id=lines[i].pk, stars=i % 5 + 1
        ),
    )
    assert errors == [] and len(results) == 6
    stars = [i % 5 + 1 for i in range(6)]
    assert selectors.product_ratings([sku.product_id]) == {sku.product_id: (6, sum(stars))}
    assert ProductRating.objects.get(pk=sku.product_id).histogram == (2, 1, 1, 1, 1)
    assert selectors.ratings_mismatches() == []


def test_the_same_line_twice_makes_one_review(delivered):
    line = delivered.lines.get(sku__code="F1-900")
    results, errors = race(
        4,
        lambda i: services.review_create(user=delivered.user, order_line_id=line.pk, stars=5),
    )
    assert len(results) == 1 and len(errors) == 3
    assert all(
        isinstance(e, services.ReviewError) and e.code == "already_reviewed" for e in errors
    ), errors
    assert Review.objects.count() == 1
    product = line.sku.product_id
    assert selectors.product_ratings([product]) == {product: (1, 5)}
    assert selectors.ratings_mismatches() == []


def test_hiding_while_others_write_keeps_the_rating_exact(skus, operator):
    sku = skus["F1-900"]
    orders = [order_make(*shopper_make(f"h{i}"), [(sku, 1)], key=f"h{i}") for i in range(5)]
    first = services.review_create(
        user=orders[0].user, order_line_id=orders[0].lines.get().pk, stars=1
    )

    def work(i):
        if i == 0:
            return services.review_hide(review_id=first.pk, actor=operator, reason="abuse")
        return services.review_create(
            user=orders[i].user, order_line_id=orders[i].lines.get().pk, stars=4
        )

    results, errors = race(5, work)
    assert errors == []
    assert selectors.product_ratings([sku.product_id]) == {sku.product_id: (4, 16)}
    assert selectors.ratings_mismatches() == []
