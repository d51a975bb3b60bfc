"""Shopper pages (order page links, the review form, the product page) and the console list."""

import pytest
from django.contrib.auth import get_user_model

from freeport.catalog import services as catalog_services
from freeport.catalog.models import Product
from freeport.catalog.testing import merchant_make, row_make
from freeport.console.services import staff_create
from freeport.kernel.models import AuditLog
from freeport.orders.testing import shopper_make, stock_make, warehouse_make
from freeport.reviews import selectors, services
from freeport.reviews.models import ProductRating, Review
from freeport.reviews.testing import order_make

pytestmark = pytest.mark.django_db


def line(order, code):
    return order.lines.get(sku__code=code)


def nothing_stored():
    assert not Review.objects.exists() and not ProductRating.objects.exists()


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    """Pages in English (the language switch's cookie), so texts compare in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def signed_in(client, shopper):
    client.force_login(shopper[0])
    return client


# --- the order page -----------------------------------------------------------------------------


def test_each_line_of_a_delivered_order_has_a_review_link(signed_in, delivered):
    url = f"/orders/{delivered.group.number}/"
    html = signed_in.get(url).content.decode()
    for code in ("F1-900", "C1-50"):
        assert f'href="/reviews/new/{line(delivered, code).pk}/"' in html
    services.review_create(user=delivered.user, order_line_id=line(delivered, "F1-900").pk, stars=4)
    html = signed_in.get(url).content.decode()
    assert f'href="/reviews/new/{line(delivered, "F1-900").pk}/"' not in html
    assert "Reviewed" in html and 'aria-label="4 out of 5 stars"' in html
    assert f'href="/reviews/new/{line(delivered, "C1-50").pk}/"' in html


def test_no_review_link_before_delivery(signed_in, skus, shopper):
    order = order_make(*shopper, [(skus["F1-900"], 1)], key="s1", upto="ship")
    html = signed_in.get(f"/orders/{order.group.number}/").content.decode()
    assert "/reviews/new/" not in html


def test_order_page_review_links_cost_one_query(
    signed_in, delivered, django_assert_max_num_queries
):
    url = f"/orders/{delivered.group.number}/"
    signed_in.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        signed_in.get(url)
    services.review_create(user=delivered.user, order_line_id=line(delivered, "F1-900").pk, stars=4)
    with django_assert_max_num_queries(len(before)):
        signed_in.get(url)


# --- the form -----------------------------------------------------------------------------------


def test_write_a_review_and_see_it_on_the_product_page(signed_in, delivered):
    f1 = line(delivered, "F1-900")
    page = signed_in.get(f"/reviews/new/{f1.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<fieldset" in html and "<legend>Your rating</legend>" in html
    assert html.count('type="radio" name="stars"') == 5
    response = signed_in.post(f"/reviews/new/{f1.pk}/", {"stars": "5", "text": "Dissolves well."})
    review = Review.objects.get()
    product_url = f"/p/{review.product_id}/"
    assert response.status_code == 302
    assert response["Location"] == f"{product_url}?reviewed={review.pk}#reviews"
    html = signed_in.get(response["Location"]).content.decode()
    assert "Thank you: your review is published." in html
    assert "Dissolves well." in html and f'id="review-{review.pk}"' in html
    # The shopper has no name on file: the username, masked.
    assert '<span class="review-who">s**</span>' in html
    assert "王小明" not in html and "13912345678" not in html
    assert 'aria-label="5.0 out of 5 stars"' in html and "1 review by verified buyers" in html


def test_the_reviewer_is_masked_to_one_character(client, delivered):
    user = delivered.user
    user.last_name, user.first_name = "王", "小明"
    user.save()
    services.review_create(user=user, order_line_id=line(delivered, "F1-900").pk, stars=3)
    html = client.get(f"/p/{line(delivered, 'F1-900').sku.product_id}/").content.decode()
    assert "王**" in html and "小明" not in html and "王小明" not in html


@pytest.mark.parametrize(
    "data, words",
    [({"stars": "0"}, "1 to 5"), ({"stars": "6"}, "1 to 5"), ({}, "1 to 5"),
     ({"stars": "4", "text": "x" * 1001}, "1000")],
)  # fmt: skip
def test_bad_input_re_renders_the_form_and_stores_nothing(signed_in, delivered, data, words):
    response = signed_in.post(f"/reviews/new/{line(delivered, 'F1-900').pk}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and words in html
    nothing_stored()


def test_someone_elses_line_is_a_404(client, delivered, other_shopper):
    client.force_login(other_shopper[0])
    url = f"/reviews/new/{line(delivered, 'F1-900').pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"stars": "1"}).status_code == 404
    nothing_stored()


def test_anonymous_goes_to_sign_in(client, delivered):
    response = client.get(f"/reviews/new/{line(delivered, 'F1-900').pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_undelivered_line_says_why_and_posting_stores_nothing(signed_in, skus, shopper):
    order = order_make(*shopper, [(skus["F1-900"], 1)], key="s1", upto="ship")
    url = f"/reviews/new/{order.lines.get().pk}/"
    html = signed_in.get(url).content.decode()
    assert "once its order has been delivered" in html and '<form method="post"' not in html
    assert signed_in.post(url, {"stars": "5"}).status_code == 400
    nothing_stored()


def test_a_reviewed_line_says_so(signed_in, delivered):
    f1 = line(delivered, "F1-900")
    services.review_create(user=delivered.user, order_line_id=f1.pk, stars=2)
    html = signed_in.get(f"/reviews/new/{f1.pk}/").content.decode()
    assert "You have already reviewed this item." in html
    assert signed_in.post(f"/reviews/new/{f1.pk}/", {"stars": "5"}).status_code == 400
    assert Review.objects.get().stars == 2


# --- the product page ---------------------------------------------------------------------------


@pytest.fixture
def many_reviews(skus):
    """12 shoppers reviewed F1-900: stars 1..5 cycling, texts numbered."""
    sku = skus["F1-900"]
    for i in range(12):
        order = order_make(*shopper_make(f"r{i:02d}"), [(sku, 1)], key=f"r{i}")
        services.review_create(
            user=order.user, order_line_id=order.lines.get().pk, stars=i % 5 + 1, text=f"text #{i}"
        )
    return sku.product_id


def test_product_page_summary_histogram_and_pages(client, many_reviews):
    response = client.get(f"/p/{many_reviews}/")
    block = response.context["reviews"]
    # stars 1,2,3,4,5,1,2,3,4,5,1,2 → total 33 / 12 = 2.75 → 2.8
    assert str(block["average"]) == "2.8" and block["count"] == 12
    assert [(h["stars"], h["count"], h["percent"]) for h in block["histogram"]] == [
        (5, 2, 17), (4, 2, 17), (3, 2, 16), (2, 3, 25), (1, 3, 25)]  # fmt: skip
    html = response.content.decode()
    assert html.count('class="review-text"') == 5 and "text #11" in html and "text #6" not in html
    assert "page 1 of 3" in html and "?rpage=2#reviews" in html
    html = client.get(f"/p/{many_reviews}/?rpage=3").content.decode()
    assert "text #1<" in html and "text #0" in html and html.count('class="review-text"') == 2
    assert client.get(f"/p/{many_reviews}/?rpage=x").status_code == 200


def test_hidden_reviews_do_not_show(client, many_reviews, operator):
    newest = Review.objects.order_by("-created_at", "-id").first()
    services.review_hide(review_id=newest.pk, actor=operator, reason="abuse")
    response = client.get(f"/p/{many_reviews}/")
    assert response.context["reviews"]["count"] == 11
    assert newest.text not in response.content.decode()


def test_product_page_queries_do_not_grow_with_reviews(
    client, many_reviews, django_assert_max_num_queries
):
    from freeport.storefront.tests.test_queries import PRODUCT_PAGE_QUERIES

    with django_assert_max_num_queries(PRODUCT_PAGE_QUERIES + 1):  # + the page of reviews
        response = client.get(f"/p/{many_reviews}/?rpage=2")
    assert len(response.context["reviews"]["items"]) == 5


def test_a_product_without_reviews_says_so(client, skus):
    html = client.get(f"/p/{skus['C1-50'].product_id}/").content.decode()
    assert "No reviews yet." in html and 'class="reviews-histogram"' not in html


# --- the console --------------------------------------------------------------------------------


@pytest.fixture
def other_merchant_review(catalog):
    """A review of a product of another merchant."""
    merchant_make("other-shop", "JP")
    result = catalog_services.catalog_import(
        rows=[(1, row_make(merchant="other-shop", product_code="O1", sku_code="O1-1",
                           brand="other-brand", brand_zh="别家", brand_en="Other brand",
                           title_zh="别家 奶粉", title_en="Other formula"))],
        status="approved",
    )  # fmt: skip
    assert result.imported, result.errors
    sku = Product.objects.get(code="O1").skus.get()
    stock_make(sku, 10, warehouse_make())
    order = order_make(*shopper_make("buyer2"), [(sku, 1)], key="x1")
    return services.review_create(
        user=order.user, order_line_id=order.lines.get().pk, stars=1, text="other shop's"
    )


@pytest.fixture
def mine_review(delivered):
    return services.review_create(
        user=delivered.user, order_line_id=line(delivered, "F1-900").pk, stars=5, text="mine"
    )


def test_operators_see_every_review_newest_first_and_filter(
    client, mine_review, other_merchant_review
):
    client.force_login(staff_create(username="olivia", password="pw", role="operator"))
    response = client.get("/console/reviews/")
    assert response.status_code == 200
    assert [i["review"].pk for i in response.context["items"]] == [
        other_merchant_review.pk, mine_review.pk]  # fmt: skip
    html = response.content.decode()
    assert "Reason to hide (required)" in html
    only = client.get("/console/reviews/?q=O1").context["items"]
    assert [i["review"].pk for i in only] == [other_merchant_review.pk]
    by_word = client.get("/console/reviews/?q=Kiwi").context["items"]
    assert [i["review"].pk for i in by_word] == [mine_review.pk]
    services.review_hide(review_id=mine_review.pk, actor=get_user_model().objects.get(
        username="olivia"), reason="test")  # fmt: skip
    hidden = client.get("/console/reviews/?status=hidden").context["items"]
    visible = client.get("/console/reviews/?status=visible").context["items"]
    assert [i["review"].pk for i in hidden] == [mine_review.pk]
    assert [i["review"].pk for i in visible] == [other_merchant_review.pk]


def test_operator_hides_with_a_reason_and_shows_again(client, mine_review):
    client.force_login(staff_create(username="olivia", password="pw", role="operator"))
    url = f"/console/reviews/{mine_review.pk}/hide/?status=visible"
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400 and "Give a reason." in refused.content.decode()
    assert Review.objects.get().hidden_at is None and not AuditLog.objects.exists()
    done = client.post(url, {"reason": "insults the seller"})
    assert done.status_code == 302 and done["Location"] == "/console/reviews/?status=visible"
    review = Review.objects.get()
    assert review.hidden_at and review.hidden_reason == "insults the seller"
    assert selectors.product_ratings([review.product_id]) == {}
    assert AuditLog.objects.get().action == "review.hide"
    client.post(f"/console/reviews/{review.pk}/unhide/", {"reason": "appeal"})
    assert selectors.product_ratings([review.product_id]) == {review.product_id: (1, 5)}
    assert client.post(f"/console/reviews/{review.pk}/delete/", {"reason": "x"}).status_code == 403
    assert client.post("/console/reviews/999999/hide/", {"reason": "x"}).status_code == 404


def test_merchant_staff_see_their_own_products_reviews_read_only(
    client, merchant, mine_review, other_merchant_review
):
    client.force_login(staff_create(username="mia", password="pw", role="merchant",
                                    merchant=merchant))  # fmt: skip
    response = client.get("/console/reviews/")
    assert [i["review"].pk for i in response.context["items"]] == [mine_review.pk]
    html = response.content.decode()
    assert "other shop&#x27;s" not in html and "Reason to hide" not in html
    assert client.get("/console/reviews/?q=O1").context["items"] == []
    for review in (mine_review, other_merchant_review):
        assert (
            client.post(f"/console/reviews/{review.pk}/hide/", {"reason": "x"}).status_code == 403
        )
    assert not Review.objects.filter(hidden_at__isnull=False).exists()


def test_shoppers_and_anonymous_have_no_console(client, shopper, mine_review):
    assert client.get("/console/reviews/").status_code == 302
    client.force_login(shopper[0])
    assert client.get("/console/reviews/").status_code == 403
    assert (
        client.post(f"/console/reviews/{mine_review.pk}/hide/", {"reason": "x"}).status_code == 403
    )


def test_line_breaks_count_once_as_in_the_browser():
    """990 letters and 10 line breaks (the last one trimmed): the textarea's maxlength (1000)
    lets them through, so the form must too (a browser sends each break as CR LF)."""
    from freeport.reviews.forms import ReviewForm

    text = ("a" * 99 + "\r\n") * 10
    form = ReviewForm(data={"stars": "4", "text": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"].count("\n") == 9 and "\r" not in form.cleaned_data["text"]
    assert not ReviewForm(data={"stars": "4", "text": text + "a"}).is_valid()
