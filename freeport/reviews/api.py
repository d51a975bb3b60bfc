"""Reviews over HTTP (contract in docs/api.md and docs/reviews.md).

    GET  /api/v1/products/{product_id}/reviews   public: average, count, histogram, a page of
                                                 the newest visible reviews (reviewer masked)
    POST /api/v1/reviews                         a signed-in shopper reviews one of their
                                                 delivered order lines (201), else 4xx + why

Errors are the API's one shape {code, message, errors[{field, reason}]}, in the language of
Accept-Language (checkout.api.request_language). A refused review changes nothing.
"""

from datetime import datetime

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from freeport.catalog.selectors import public_products
from freeport.checkout.api import error, request_language
from freeport.checkout.schemas import ErrorOut

from . import selectors, services

router = Router(tags=["reviews"])


class ReviewPageQuery(Schema):
    page: int = Field(default=1, ge=1, le=10_000)
    page_size: int = Field(default=10, ge=1, le=50)


class HistogramOut(Schema):
    stars: int
    count: int
    percent: int


class ReviewOut(Schema):
    id: int
    stars: int
    text: str
    reviewer: str  # masked: first character + "**"
    created_at: datetime


class ProductReviewsOut(Schema):
    product_id: int
    average: str | None  # one decimal, e.g. "4.3"; null without reviews
    count: int
    histogram: list[HistogramOut]  # 5 stars down to 1; percentages sum to 100 (or all 0)
    page: int
    page_size: int
    pages: int
    results: list[ReviewOut]


class ReviewIn(Schema):
    order_line_id: int
    stars: int  # 1..5, checked by the service (localized message)
    text: str | None = ""


class ReviewCreatedOut(Schema):
    id: int
    product_id: int
    order_line_id: int
    stars: int
    text: str
    created_at: datetime


def _review(r) -> dict:
    return {"id": r.pk, "stars": r.stars, "text": r.text,
            "reviewer": selectors.reviewer_name(r), "created_at": r.created_at}  # fmt: skip


@router.get(
    "/products/{product_id}/reviews",
    response={200: ProductReviewsOut, 404: ErrorOut, 422: ErrorOut},
    summary="A product's rating and its newest visible reviews (public)",
)
def product_reviews(request, response: HttpResponse, product_id: int,
                    filters: Query[ReviewPageQuery]):  # fmt: skip
    request_language(request, response)
    if not public_products().filter(pk=product_id).exists():
        return error(404, "not_found", _("No such product."))
    summary = selectors.summary(selectors.rating_of(product_id))
    paginator = Paginator(selectors.visible_reviews(product_id), filters.page_size)
    paginator.count = summary["count"]  # the rating's count: no COUNT query
    in_range = summary["count"] and filters.page <= paginator.num_pages
    rows = list(paginator.page(filters.page).object_list) if in_range else []
    average = summary["average"]
    return {
        "product_id": product_id,
        "average": None if average is None else str(average),
        "count": summary["count"],
        "histogram": summary["histogram"],
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": paginator.num_pages if summary["count"] else 0,
        "results": [_review(r) for r in rows],
    }


# Where a refusal lands: 404 for a line that is not the caller's, 409 for a line that cannot be
# reviewed (now or any more), 422 for bad input.
STATUS = {"not_found": 404, "not_delivered": 409, "already_reviewed": 409, "window_passed": 409}


@router.post(
    "/reviews",
    auth=django_auth,
    response={201: ReviewCreatedOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Review one of your delivered order lines (1-5 stars, optional text)",
)
def review_create(request, response: HttpResponse, payload: ReviewIn):
    """201 with the review; 404 when the line is not one of yours; 409 when it is not delivered,
    already reviewed or past the review window; 422 for stars outside 1..5 or a text over 1000
    characters. Nothing changes unless the answer is 201."""
    request_language(request, response)
    try:
        review = services.review_create(
            user=request.auth, order_line_id=payload.order_line_id, stars=payload.stars,
            text=payload.text or "",
        )  # fmt: skip
    except services.ReviewError as exc:
        status = STATUS.get(exc.code, 422)
        code = "validation_error" if status == 422 else exc.code
        return error(status, code, exc.message, {exc.field: exc.message})
    response.headers["Location"] = f"/api/v1/products/{review.product_id}/reviews"
    return Status(201, {"id": review.pk, "product_id": review.product_id,
                        "order_line_id": review.order_line_id, "stars": review.stars,
                        "text": review.text, "created_at": review.created_at})  # fmt: skip
