"""Console pages for returns: the queue, one request, its photos, the operator's steps, the
returns dashboard. Thin: read (console_selectors), call one service, render.

Roles (docs/console.md): operators see every request and take the steps; merchant staff see the
requests on their merchant's orders (another merchant's is a 404, as if it did not exist) and
their photos, read-only. A step is a POST that redirects back to the request (POST-redirect-GET);
a refused step (`services.ReturnError`) is shown next to its form and changes nothing.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from freeport.console import charts
from freeport.console.order_views import _scope, console_staff_required
from freeport.console.roles import is_operator
from freeport.console.views import PAGE_SIZE, _context
from freeport.kernel.audit import audit_record

from . import console_selectors as selectors
from . import services
from .forms import InspectForm, RefuseForm
from .models import ReturnRequest

Status = ReturnRequest.Status
# A request not yet received whose ship-back deadline (release + 45 days) is this close gets a
# warning in the queue and on its page: the label and transit must fit before it.
SHIP_BACK_WARNING = timedelta(days=7)

# The steps an operator takes, per status: (step, button words, what it does).
STEPS = {
    "label": (
        gettext_lazy("Issue the return label"),
        gettext_lazy(
            "Applies to customs for the return (CEB625) and registers the parcel with the "
            "carrier; the shopper gets the waybill number."
        ),
    ),
    "receive": (
        gettext_lazy("Mark as received"),
        gettext_lazy("The parcel is back in the bonded warehouse (refused after the deadline)."),
    ),
    "inspect": (
        gettext_lazy("Record the inspection"),
        gettext_lazy(
            "Grade every item. Resellable units go back into the lot they were shipped from; "
            "return-to-vendor and scrap units do not become stock."
        ),
    ),
    "refund": (
        gettext_lazy("Refund"),
        gettext_lazy(
            "Pays the refund less its import tax now; the tax follows once customs accepts "
            "the return."
        ),
    ),
    "refuse": (
        gettext_lazy("Refuse the request"),
        gettext_lazy("Closes the request; the shopper is told your reason."),
    ),
}
ALLOWED = {
    Status.REQUESTED: ("label", "refuse"),
    Status.APPROVED: ("receive", "refuse"),
    Status.IN_TRANSIT: ("receive", "refuse"),
    Status.RECEIVED: ("inspect", "refuse"),
    Status.INSPECTED: ("refund",),
}
EVENTS = {
    "requested": gettext_lazy("requested"),
    "approved": gettext_lazy("return label issued"),
    "shipped": gettext_lazy("sent back by the shopper"),
    "received": gettext_lazy("received"),
    "inspected": gettext_lazy("inspected"),
    "refunded": gettext_lazy("refunded"),
    "tax_refunded": gettext_lazy("import tax refunded"),
    "customs_refused": gettext_lazy("customs refused the return"),
    "refused": gettext_lazy("refused"),
    "cancelled": gettext_lazy("cancelled by the shopper"),
}
TAX_SETTLED = {
    "": gettext_lazy("waiting for customs' answer"),
    "refunded": gettext_lazy("refunded"),
    "refused": gettext_lazy("kept: customs refused the return"),
    "none": gettext_lazy("no import tax in this refund"),
}


def steps_allowed(request: ReturnRequest) -> tuple[str, ...]:
    steps = ALLOWED.get(request.status, ())
    if request.kind != ReturnRequest.Kind.RETURN:
        steps = tuple(s for s in steps if s != "refund")  # an exchange is not refunded
    return steps


def ship_back_warning(request: ReturnRequest, now) -> str:
    """ "" or the warning shown when the goods may not be back in the bonded area in time."""
    if request.status not in (Status.REQUESTED, Status.APPROVED, Status.IN_TRANSIT):
        return ""
    left = request.ship_back_by - now
    if left <= timedelta(0):
        return _("Deadline passed: customs will not take the goods back tax-free.")
    if left <= SHIP_BACK_WARNING:
        days = left.days
        if days < 1:
            return _("Less than a day left to be back in the bonded area.")
        return _("%(days)d days left to be back in the bonded area.") % {"days": days}
    return ""


def refund_figure(request: ReturnRequest) -> str:
    """The refund paid, or the one decided when the request was made (recomputed at payout)."""
    if request.refund_amount is not None:
        return f"{request.refund_amount:.2f}"
    return (request.decision.get("refund") or {}).get("total") or "—"


def _request(request, number: str) -> ReturnRequest:
    found = selectors.return_for_console(number=number, merchant=_scope(request))
    if found is None:
        raise Http404
    return found


# --- the queue ----------------------------------------------------------------------------------


@console_staff_required
@require_GET
def queue(request):
    merchant = _scope(request)
    labels = dict(Status.choices)
    status = request.GET.get("status", selectors.OPEN)
    if status not in (selectors.OPEN, selectors.ALL, *labels):
        status = selectors.OPEN
    counts = selectors.returns_status_counts(merchant=merchant)
    tabs = [
        (selectors.OPEN, _("open"), sum(counts[s] for s in ReturnRequest.OPEN)),
        *[(s, labels[s], counts[s]) for s in Status.values],
        (selectors.ALL, _("all"), sum(counts.values())),
    ]
    page = Paginator(selectors.returns_queue(status=status, merchant=merchant), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = [(r, refund_figure(r), ship_back_warning(r, now)) for r in page.object_list]
    return TemplateResponse(
        request,
        "aftersales/console/queue.html",
        _context(
            request,
            title=_("Returns"),
            status=status,
            tabs=tabs,
            page=page,
            rows=rows,
            merchant=merchant,
            show_merchant=merchant is None,
        ),
    )


# --- one request --------------------------------------------------------------------------------


def _detail(request, number: str, *, forms=None, failed: str = "", error=None, status=200):
    found = _request(request, number)
    operator = is_operator(request.user)
    steps = steps_allowed(found) if operator else ()
    forms = forms or {}
    if "inspect" in steps and "inspect" not in forms:
        forms["inspect"] = InspectForm(items=found.items.all())
    if "refuse" in steps and "refuse" not in forms:
        forms["refuse"] = RefuseForm()
    decision = found.decision or {}
    refund = decision.get("refund") or {}
    labels = dict(ReturnRequest.Reason.choices)
    response = TemplateResponse(
        request,
        "aftersales/console/detail.html",
        _context(
            request,
            title=_("Return %(number)s") % {"number": found.number},
            r=found,
            reason_label=labels.get(found.reason, found.reason),
            refund=refund,
            refund_figure=refund_figure(found),
            decision=decision,
            warning=ship_back_warning(found, timezone.now()),
            events=[(e, str(EVENTS.get(e.action, e.action))) for e in found.events.all()],
            tax_settled=TAX_SETTLED.get(found.tax_settled, found.tax_settled),
            steps=[(s, str(STEPS[s][0]), str(STEPS[s][1]), forms.get(s)) for s in steps],
            failed=failed,
            error=error,
            can_act=operator,
        ),
        status=status,
    )
    if request.method == "POST":
        add_never_cache_headers(response)
    return response


@console_staff_required
@require_GET
def detail(request, number: str):
    return _detail(request, number)


def _operator(view):
    """Only operators take steps (merchant staff are read-only): 403 for anybody else."""

    def wrapped(request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@console_staff_required
@_operator
@require_POST
def step(request, number: str, step: str):
    """Take one step on a request: label, receive, inspect, refund, refuse."""
    found = _request(request, number)
    if step not in STEPS:
        raise Http404
    if step not in steps_allowed(found):
        messages.error(
            request,
            _("That step is not possible for a request that is %(status)s. Nothing was changed.")
            % {"status": found.get_status_display()},
        )
        return redirect("console:returns:detail", number=found.number)
    form = None
    try:
        if step == "label":
            services.return_label_issue(number=found.number, actor=request.user)
        elif step == "receive":
            services.return_receive(number=found.number, actor=request.user)
        elif step == "refund":
            services.return_refund(number=found.number, actor=request.user)
        elif step == "inspect":
            form = InspectForm(request.POST, items=found.items.all())
            if not form.is_valid():
                return _invalid(request, found, step, form)
            services.return_inspect(number=found.number, actor=request.user, grades=form.grades())
        elif step == "refuse":
            form = RefuseForm(request.POST)
            if not form.is_valid():
                return _invalid(request, found, step, form)
            services.return_refuse(
                number=found.number, actor=request.user, reason=form.cleaned_data["reason"]
            )
    except services.ReturnError as error:
        forms = {step: form} if form is not None else None
        return _detail(request, found.number, forms=forms, failed=step, error=error, status=400)
    found.refresh_from_db(fields=["status"])
    messages.success(
        request,
        _("Return %(number)s is now %(status)s.")
        % {"number": found.number, "status": found.get_status_display()},
    )
    return redirect("console:returns:detail", number=found.number)


def _invalid(request, found, step, form):
    error = services.ReturnError("form", _("Please correct the errors below."))
    return _detail(request, found.number, forms={step: form}, failed=step, error=error, status=400)


# --- photos -------------------------------------------------------------------------------------


@console_staff_required
@require_GET
def photo(request, number: str, photo_id: int):
    """Stream one photo of a request from the private store, to staff who may see the request.
    Each read is audited (a shopper's photo may show their home)."""
    found = _request(request, number)
    picture = next((p for p in found.photos.all() if p.pk == photo_id), None)
    if picture is None:
        raise Http404
    try:
        handle = picture.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_record(actor=request.user, action="return_photo.view", obj=picture, reason=found.number)
    response = FileResponse(handle, content_type=picture.content_type)
    response["Content-Disposition"] = f'inline; filename="{found.number}-{picture.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- dashboard ----------------------------------------------------------------------------------


def dashboard_charts(data: selectors.Dashboard, *, show_merchant: bool) -> list[charts.Chart]:
    reasons = dict(ReturnRequest.Reason.choices)
    statuses = dict(Status.choices)
    found = [
        charts.rows(
            "returns-reasons",
            _("Requests by reason, last 30 days"),
            [(str(reasons[r]), n) for r, n in data.by_reason],
            label_width=170,
        ),
        charts.rows(
            "returns-open",
            _("Open requests by status"),
            [(str(statuses[s]), n) for s, n in data.open_by_status],
            label_width=0,
        ),
    ]
    if show_merchant:
        found.insert(
            1,
            charts.rows(
                "returns-merchants",
                _("Requests by merchant, last 30 days"),
                data.by_merchant,
            ),
        )
    return found


@console_staff_required
@require_GET
def dashboard(request):
    merchant = _scope(request)
    data = selectors.returns_dashboard(merchant=merchant)
    return TemplateResponse(
        request,
        "aftersales/console/dashboard.html",
        _context(
            request,
            title=_("Returns dashboard"),
            data=data,
            charts=dashboard_charts(data, show_merchant=merchant is None),
            merchant=merchant,
        ),
    )
