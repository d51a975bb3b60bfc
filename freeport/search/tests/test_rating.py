"""The rating signal in the index: reviews reach the product's document through the outbox,
hidden reviews leave it; the ranking arithmetic is tested in test_analysis.py."""

import pytest
from django.contrib.auth import get_user_model

from freeport.catalog.models import SKU
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders.testing import shopper_make, stock_make, warehouse_make
from freeport.reviews import services as reviews
from freeport.reviews.testing import order_make
from freeport.search import selectors, services
from freeport.search.models import SearchDocument
from freeport.search.query import SearchQuery

pytestmark = pytest.mark.django_db


def rating_of(code: str) -> tuple[int, int]:
    doc = SearchDocument.objects.get(product__code=code)
    return doc.rating_count, doc.rating_stars


def test_reviews_reach_the_index_and_hidden_ones_leave_it(catalog):
    skus = {s.code: s for s in SKU.objects.select_related("product")}
    warehouse = warehouse_make()
    for sku in skus.values():
        stock_make(sku, 50, warehouse)
    services.index_products(skus[c].product_id for c in skus)
    assert rating_of("F1") == (0, 0)
    ann, bo = shopper_make("ann"), shopper_make("bo")
    first = order_make(*ann, [(skus["F1-900"], 1)], key="a")
    second = order_make(*bo, [(skus["F1-400"], 1)], key="b")
    review = reviews.review_create(user=ann[0], order_line_id=first.lines.get().pk, stars=5)
    reviews.review_create(user=bo[0], order_line_id=second.lines.get().pk, stars=2)
    assert rating_of("F1") == (0, 0)  # the writer's transaction only enqueued the change
    outbox_dispatch()
    assert rating_of("F1") == (2, 7) and rating_of("F2") == (0, 0)
    hit = selectors.hit_table().by_id[skus["F1-900"].product_id]
    assert (hit.rating_count, hit.rating_stars) == (2, 7)  # what ranking reads
    found = services.search(SearchQuery(q="奶粉"), log=False)
    assert {(h.product_id, h.rating_count) for h in found.hits} >= {(hit.product_id, 2)}

    operator = get_user_model().objects.create_superuser("op", "op@example.com", "pw")
    reviews.review_hide(review_id=review.pk, actor=operator, reason="not about the product")
    outbox_dispatch()
    assert rating_of("F1") == (1, 2)


def test_top_rated_sort_and_cards_show_the_rating(client, catalog):
    skus = {s.code: s for s in SKU.objects.select_related("product")}
    warehouse = warehouse_make()
    for sku in skus.values():
        stock_make(sku, 50, warehouse)
    for i, stars in enumerate((5, 4)):  # F2: 4.5 on two reviews; F1 none
        user, buyer, address = shopper_make(f"s{i}")
        order = order_make(user, buyer, address, [(skus["F2-900"], 1)], key=f"k{i}")
        reviews.review_create(user=user, order_line_id=order.lines.get().pk, stars=stars)
    outbox_dispatch()
    services.index_products(skus[c].product_id for c in skus)
    f1, f2 = skus["F1-900"].product_id, skus["F2-900"].product_id
    rated = services.search(SearchQuery(q="奶粉", sort="rating"), log=False)
    assert [h.product_id for h in rated.hits] == [f2, f1]
    r = client.get("/search/", {"q": "奶粉", "sort": "rating"})
    html = r.content.decode()
    assert 'value="rating" selected' in html
    assert 'class="card-rating"' in html and "4.5" in html
    assert html.count('class="card-rating"') == 1  # F1 has no review: no stars shown
    api = client.get("/api/v1/search", {"q": "奶粉", "sort": "rating"}).json()
    assert api["sort"] == "rating" and api["items"][0]["id"] == f2
    assert client.get("/api/v1/search", {"q": "奶粉", "sort": "stars"}).status_code == 422
