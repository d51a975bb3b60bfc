"""In Debian's Chromium (Playwright), with axe-core on every page visited: a shopper with a
delivered order opens it, clicks "Write a review" on a line, first sends the form without stars
(told why, nothing stored), then picks 4 stars with the keyboard, writes a text and publishes;
the product page thanks them and shows the review (name masked), the average and the histogram.
The same in zh-Hans for the order page. The operator hides it in the console with a reason.
Screenshots: test-artifacts/reviews-*.png (not committed)."""

import pytest
from playwright.sync_api import expect

from freeport.console.services import staff_create
from freeport.reviews import selectors
from freeport.reviews.models import Review
from freeport.testing.browser import signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shopper_reviews_a_delivered_item_and_sees_it(
    page, live_server, delivered, axe_check, shot
):
    user = delivered.user
    user.last_name, user.first_name = "王", "小明"
    user.save()
    line = delivered.lines.get(sku__code="F1-900")
    signed_in_as(page, live_server, user)

    page.goto(f"/orders/{delivered.group.number}/")
    links = page.get_by_role("link", name="Write a review")
    expect(links).to_have_count(2)
    axe_check(page, "order page with review links")
    shot(page, "reviews-1-order")
    page.locator(f'a[href="/reviews/new/{line.pk}/"]').click()

    expect(page.get_by_role("heading", name="Write a review")).to_be_visible()
    stars = page.get_by_role("group", name="Your rating")
    expect(stars.get_by_role("radio")).to_have_count(5)
    axe_check(page, "review form")
    page.get_by_role("button", name="Publish the review").click()  # no stars chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose from 1 to 5 stars.")
    assert not Review.objects.exists()
    axe_check(page, "review form with an error")

    # Keyboard: focus the 5-star radio, arrow down to 4 stars (arrow keys move and check).
    stars.get_by_role("radio", name="5 stars").focus()
    page.keyboard.press("ArrowDown")
    expect(stars.get_by_role("radio", name="4 stars")).to_be_checked()
    page.get_by_label("Your review (optional)").fill("冲泡很快，没有结块。Dissolves quickly.")
    shot(page, "reviews-2-form")
    page.get_by_role("button", name="Publish the review").click()

    expect(page.get_by_role("status")).to_contain_text("Thank you: your review is published.")
    review = Review.objects.get()
    item = page.locator(f"#review-{review.pk}")
    expect(item).to_contain_text("冲泡很快，没有结块。Dissolves quickly.")
    expect(item).to_contain_text("王**")
    expect(page.locator("#reviews")).not_to_contain_text("小明")
    expect(page.locator(".reviews-average")).to_contain_text("4.0")
    expect(page.get_by_role("link", name="1 review")).to_be_visible()
    axe_check(page, "product page with a review")
    page.locator("#reviews").scroll_into_view_if_needed()
    shot(page, "reviews-3-product")
    assert selectors.product_ratings([review.product_id]) == {review.product_id: (1, 4)}

    # Back on the order page (in Chinese): "已评价" with the stars, one link left.
    signed_in_as(page, live_server, user, language="zh-hans")
    page.goto(f"/orders/{delivered.group.number}/")
    expect(page.get_by_text("已评价")).to_be_visible()
    expect(page.get_by_role("link", name="写评价")).to_have_count(1)
    axe_check(page, "order page in zh-Hans")

    # The operator hides it with a reason; the product page no longer shows it.
    operator = staff_create(username="olivia", password="journey-pass-1", role="operator")
    signed_in_as(page, live_server, operator)
    page.goto("/console/reviews/")
    row = page.locator(f"#review-{review.pk}")
    row.get_by_label("Reason to hide (required)").fill("test of moderation")
    shot(page, "reviews-4-console")
    row.get_by_role("button", name="Hide").click()
    expect(page.locator(f"#review-{review.pk}")).to_contain_text("hidden")
    axe_check(page, "console reviews")
    page.goto(f"/p/{review.product_id}/")
    expect(page.locator("#reviews")).to_contain_text("No reviews yet.")
