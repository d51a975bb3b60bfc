"""Console pages: dashboard, review queue, one listing's review. Thin: read, call, render."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from freeport.catalog import services
from freeport.catalog.models import Product

from . import charts, selectors
from .forms import ReviewForm, decisions_allowed
from .roles import is_operator, merchant_of

PAGE_SIZE = 25


def _context(request, **extra) -> dict:
    # admin's context gives the console the admin's header, user links and sidebar.
    return {**admin.site.each_context(request), "is_operator": is_operator(request.user), **extra}


def _operator(request) -> None:
    if not is_operator(request.user):
        raise PermissionDenied


def dashboard_charts(counts: dict, *, merchant=None) -> list[charts.Chart]:
    """The dashboard's three charts, for every merchant (operators) or one."""
    labels = dict(Product.Status.choices)
    stock = [
        charts.Item(warehouse.name(), units)
        if warehouse.sellable
        else charts.Item(
            _("%(name)s (display only)") % {"name": warehouse.name()}, units, "display"
        )
        for warehouse, units in selectors.stock_by_warehouse(merchant=merchant)
    ]
    return [
        charts.columns(
            "listings",
            _("Listings by status"),
            [(labels[status], n) for status, n in counts["by_status"]],
        ),
        charts.rows(
            "categories",
            _("SKUs per category"),
            [(c.name(), n) for c, n in selectors.skus_by_root_category(merchant=merchant)],
        ),
        charts.rows(
            "stock",
            _("Stock units per warehouse"),
            stock,
            width=520,
            label_width=0,
            note=_(
                "Bonded warehouses: units shoppers can buy (on hand minus reserved). "
                "Showroom: units on display, never sold."
            ),
        ),
    ]


@staff_member_required
def dashboard(request):
    if is_operator(request.user):
        merchant, counts, attention = None, selectors.dashboard_counts(), []
    else:
        merchant = merchant_of(request.user)
        counts = selectors.dashboard_counts(merchant=merchant) if merchant else None
        attention = selectors.products_needing_attention(merchant=merchant) if merchant else []
    labels = dict(Product.Status.choices)
    return TemplateResponse(
        request,
        "console/dashboard.html",
        _context(
            request,
            title=_("Console"),
            merchant=merchant,
            counts=counts,
            statuses=[(s, labels[s], n) for s, n in counts["by_status"]] if counts else [],
            charts=dashboard_charts(counts, merchant=merchant) if counts else [],
            attention=attention,
        ),
    )


@staff_member_required
def queue(request):
    _operator(request)
    status = request.GET.get("status", Product.Status.PENDING)
    if status not in Product.Status.values:
        status = Product.Status.PENDING
    page = Paginator(selectors.review_queue(status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "console/queue.html",
        _context(
            request,
            title=_("Listing review"),
            status=status,
            statuses=Product.Status.choices,
            page=page,
        ),
    )


# One message per rule the service enforces, worded for the reviewer.
REVIEW_ERRORS = {
    "reason_required": gettext_lazy(
        "A reason is required to reject or delist: the merchant must know what "
        "to fix. Nothing was changed."
    ),  # fmt: skip
    "invalid_transition": gettext_lazy(
        "That decision is not allowed for a listing that is %(status)s. Nothing was changed."
    ),  # fmt: skip
}


@staff_member_required
@require_http_methods(["GET", "POST"])
def review(request, product_id: int):
    _operator(request)
    try:
        product = selectors.listing_for_review(product_id=product_id)
    except Product.DoesNotExist:
        raise Http404 from None
    form = ReviewForm(request.POST or None, status=product.status)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                services.product_review(
                    product_id=product.id,
                    target=form.target,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except services.ReviewError as error:
                text = str(REVIEW_ERRORS.get(error.code, error.message))
                messages.error(request, text % {"status": product.status})
            else:
                messages.success(
                    request,
                    _("%(product)s is now %(status)s.")
                    % {"product": product.code, "status": form.target},
                )
                return redirect("console:review", product_id=product.id)
        status = 400
    return TemplateResponse(
        request,
        "console/review.html",
        _context(
            request,
            title=_("Review %(code)s") % {"code": product.code},
            product=product,
            form=form,
            decisions=decisions_allowed(product.status),
        ),
        status=status,
    )
