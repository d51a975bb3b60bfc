"""GET /api/v1/products/{id}/reviews and POST /api/v1/reviews."""

import pytest

from freeport.orders.testing import shopper_make
from freeport.reviews import services
from freeport.reviews.models import ProductRating, Review
from freeport.reviews.testing import order_make

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def line(order, code):
    return order.lines.get(sku__code=code)


def post(client, **body):
    return client.post("/api/v1/reviews", body, content_type="application/json", **EN)


@pytest.fixture
def signed_in(client, shopper):
    client.force_login(shopper[0])
    return client


def test_a_shopper_reviews_a_delivered_line(signed_in, delivered):
    f1 = line(delivered, "F1-900")
    r = post(signed_in, order_line_id=f1.pk, stars=4, text=" 很好 ")
    assert r.status_code == 201, r.json()
    body = r.json()
    review = Review.objects.get()
    assert body["id"] == review.pk and body["stars"] == 4 and body["text"] == "很好"
    assert body["product_id"] == f1.sku.product_id
    assert r["Location"] == f"/api/v1/products/{f1.sku.product_id}/reviews"


@pytest.mark.parametrize(
    "body, status, code, field",
    [
        ({"stars": 0}, 422, "validation_error", "stars"),
        ({"stars": 6}, 422, "validation_error", "stars"),
        ({"stars": 4, "text": "x" * 1001}, 422, "validation_error", "text"),
        ({"stars": 4, "order_line_id": 10**9}, 404, "not_found", "order_line_id"),
    ],
)
def test_refusals_change_nothing(signed_in, delivered, body, status, code, field):
    r = post(signed_in, **{"order_line_id": line(delivered, "F1-900").pk, **body})
    assert r.status_code == status
    got = r.json()
    assert got["code"] == code and got["errors"][0]["field"] == field and got["message"]
    assert not Review.objects.exists() and not ProductRating.objects.exists()


def test_errors_speak_the_clients_language(signed_in, delivered):
    r = signed_in.post(
        "/api/v1/reviews", {"order_line_id": line(delivered, "F1-900").pk, "stars": 9},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-CN",
    )  # fmt: skip
    assert r.status_code == 422 and r["Content-Language"] == "zh-hans"
    assert r.json()["message"] == "请选择 1 到 5 颗星。"


def test_someone_elses_line_is_404_and_a_duplicate_409(client, delivered, other_shopper):
    client.force_login(other_shopper[0])
    r = post(client, order_line_id=line(delivered, "F1-900").pk, stars=5)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    client.force_login(delivered.user)
    assert post(client, order_line_id=line(delivered, "F1-900").pk, stars=5).status_code == 201
    again = post(client, order_line_id=line(delivered, "F1-900").pk, stars=1)
    assert again.status_code == 409 and again.json()["code"] == "already_reviewed"
    assert Review.objects.get().stars == 5


def test_an_undelivered_line_is_409(signed_in, skus, shopper):
    order = order_make(*shopper, [(skus["F1-900"], 1)], key="s1", upto="clear")
    r = post(signed_in, order_line_id=order.lines.get().pk, stars=5)
    assert r.status_code == 409 and r.json()["code"] == "not_delivered"
    assert "delivered" in r.json()["message"] and not Review.objects.exists()


def test_signed_out_is_401(client, delivered):
    r = post(client, order_line_id=line(delivered, "F1-900").pk, stars=5)
    assert r.status_code == 401 and not Review.objects.exists()


def test_product_reviews_are_public_and_paged(client, skus, django_assert_max_num_queries):
    sku = skus["F1-900"]
    for i in range(7):
        order = order_make(*shopper_make(f"a{i}"), [(sku, 1)], key=f"a{i}")
        services.review_create(user=order.user, order_line_id=order.lines.get().pk,
                               stars=5 if i % 2 else 4, text=f"t{i}")  # fmt: skip
    url = f"/api/v1/products/{sku.product_id}/reviews"
    with django_assert_max_num_queries(3):  # product is public, rating, page of reviews
        r = client.get(url, {"page_size": 3}, **EN)
    body = r.json()
    assert r.status_code == 200
    # 4 x 4 + 3 x 5 = 31 / 7 = 4.43 → 4.4
    assert body["average"] == "4.4" and body["count"] == 7 and body["pages"] == 3
    assert [(h["stars"], h["count"], h["percent"]) for h in body["histogram"]] == [
        (5, 3, 43), (4, 4, 57), (3, 0, 0), (2, 0, 0), (1, 0, 0)]  # fmt: skip
    assert [x["text"] for x in body["results"]] == ["t6", "t5", "t4"]
    assert body["results"][0]["reviewer"] == "a**"
    last = client.get(url, {"page_size": 3, "page": 3}).json()
    assert [x["text"] for x in last["results"]] == ["t0"]
    assert client.get(url, {"page": 9}).json()["results"] == []
    assert client.get(url, {"page_size": 0}).status_code == 422


def test_a_product_without_reviews_and_an_unknown_one(client, skus):
    body = client.get(f"/api/v1/products/{skus['C1-50'].product_id}/reviews").json()
    assert body["average"] is None and body["count"] == 0 and body["results"] == []
    assert [h["percent"] for h in body["histogram"]] == [0] * 5
    assert client.get("/api/v1/products/999999/reviews").status_code == 404
