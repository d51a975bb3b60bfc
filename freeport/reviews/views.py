"""Shopper review pages: write a review of one order line (`/reviews/new/<line id>/`).

Thin: read the line (only the owner's: anybody else gets 404), ask the policy, call
`services.review_create`, render. Works without JavaScript. A refusal (not delivered, already
reviewed, window passed) is said on the page, with no form; a bad input re-renders the form
with HTTP 400 and the message next to the field, storing nothing.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import ReviewForm


def _title(line) -> str:
    return line.title_en if translation.get_language() == "en" else line.title_zh


@login_required
@require_http_methods(["GET", "POST"])
def new(request, line_id: int):
    line = selectors.line_of(request.user, line_id)
    if line is None:
        raise Http404("No such order line")
    existing = selectors.reviews_of_lines([line.pk]).get(line.pk)
    decision = services.line_decision(
        user=request.user, line=line, delivered_at=services.delivered_at_of(line.order_id),
        already_reviewed=existing is not None,
    )  # fmt: skip
    status, error = 200, ""
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        status = 400
        if decision.allowed and form.is_valid():
            try:
                review = services.review_create(
                    user=request.user, order_line_id=line.pk,
                    stars=form.cleaned_data["stars"], text=form.cleaned_data["text"],
                )  # fmt: skip
            except services.ReviewError as exc:
                if exc.field in form.fields:
                    form.add_error(exc.field, exc.message)
                else:
                    error = exc.message
            else:
                # The product page says thank you (?reviewed=) next to the review itself.
                product_url = reverse("storefront:product", args=[review.product_id])
                return redirect(f"{product_url}?reviewed={review.pk}#reviews")
    product = line.sku.product
    return TemplateResponse(
        request,
        "reviews/new.html",
        {"line": line, "title": _title(line), "product": product, "form": form,
         "decision": decision, "existing": existing, "error": error,
         "group_number": line.order.group.number},
        status=status,
    )  # fmt: skip
