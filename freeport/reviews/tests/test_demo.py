"""The demo loader gives popular products reviews from delivered orders, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from freeport.orders.models import Order
from freeport.reviews import selectors
from freeport.reviews.models import ProductRating, Review

pytestmark = pytest.mark.django_db


def test_demo_reviews(client):
    out = StringIO()
    call_command("demo_load", verbosity=0, stdout=out)
    reviews = Review.objects.count()
    assert reviews >= 50 and ProductRating.objects.filter(count__gte=3).count() >= 8
    assert selectors.ratings_mismatches() == []
    stars = set(Review.objects.values_list("stars", flat=True))
    assert len(stars) >= 4  # mixed, not all five stars
    texts = list(Review.objects.exclude(text="").values_list("text", flat=True))
    assert any(t.isascii() for t in texts) and any(not t.isascii() for t in texts)
    # Every review is of a delivered order line of its author.
    for review in Review.objects.select_related("order_line__order"):
        order = review.order_line.order
        assert order.state == "delivered" and order.user_id == review.shopper_id
        assert order.shipment.delivered_at <= review.created_at
    assert "product reviews" in out.getvalue()
    # One shopper keeps an unreviewed delivered line to try the form.
    name = out.getvalue().split("sign in as ")[1].split(" ")[0]
    mine = Order.objects.filter(user__username=name, state="delivered")
    assert mine.exclude(lines__in=Review.objects.values("order_line")).exists()
    # The product page shows them.
    top = ProductRating.objects.order_by("-count").first()
    html = client.get(f"/p/{top.product_id}/").content.decode()
    assert 'id="reviews"' in html and "reviews-histogram" in html
    call_command("demo_load", verbosity=0, stdout=StringIO())
    assert Review.objects.count() == reviews
