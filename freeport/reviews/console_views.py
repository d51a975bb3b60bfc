"""Console pages of reviews: the list (newest first, visible / hidden, search by product) and
hiding or showing a review again with a required reason (audited by the services).

Roles (docs/console.md): operators see every review and moderate; merchant staff see the reviews
of their own merchant's products, read-only (a hide they post is a 403); anonymous visitors go
to the login page, anybody else gets 403. A refused step (no reason) re-renders the list with
HTTP 400 and the message next to that review's form, changing nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from freeport.console.order_views import _scope, console_staff_required
from freeport.console.roles import is_operator
from freeport.console.views import PAGE_SIZE, _context

from . import policy, selectors, services
from .forms import ConsoleFilterForm

ACTIONS = ("hide", "unhide")


def _list(request, *, failed: int | None = None, error: str = "", reason: str = "", status=200):
    merchant = _scope(request)
    form = ConsoleFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {"status": "all", "q": ""}
    rows = selectors.reviews_for_console(
        merchant=merchant, status=data.get("status") or "all", q=data.get("q") or ""
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [
        {"review": r, "name": selectors.reviewer_name(r), "failed": r.pk == failed}
        for r in page.object_list
    ]
    response = TemplateResponse(
        request,
        "reviews/console/list.html",
        _context(
            # No admin sidebar: the review texts need the width.
            request, is_nav_sidebar_enabled=False, title=_("Reviews"), form=form, page=page,
            items=items, merchant=merchant,
            show_merchant=merchant is None, can_act=is_operator(request.user), error=error,
            reason=reason, reason_max=policy.REASON_MAX,
        ),
        status=status,
    )  # fmt: skip
    if request.method == "POST":
        add_never_cache_headers(response)
    return response


@console_staff_required
@require_GET
def reviews(request):
    return _list(request)


@console_staff_required
@require_POST
def moderate(request, review_id: int, action: str):
    """Hide or show again one review (operators only), then back to the list as it was."""
    if not is_operator(request.user):
        raise PermissionDenied
    if action not in ACTIONS:
        raise PermissionDenied
    reason = request.POST.get("reason", "")
    service = services.review_hide if action == "hide" else services.review_unhide
    try:
        service(review_id=review_id, actor=request.user, reason=reason)
    except services.ReviewError as exc:
        if exc.code == "not_found":
            raise Http404 from None
        return _list(request, failed=review_id, error=exc.message, reason=reason, status=400)
    messages.success(
        request,
        _("The review is hidden: it no longer shows or counts in the rating.")
        if action == "hide"
        else _("The review shows again and counts in the rating."),
    )
    # The form posts to this URL with the list's query string: back to the list as it was.
    query = request.GET.urlencode()
    return redirect(reverse("console:reviews:list") + (f"?{query}" if query else ""))
