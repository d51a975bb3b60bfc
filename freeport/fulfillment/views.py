"""Console pages of the bonded warehouse: the queue, one shipment's work screen (pick by
scanning, pack on the scale, print the label, hand over), the printable label and the carrier's
pickup (hand-over by scanning waybills). Thin: read a selector, call one service, render.

Who: operators (center staff, who run the bonded warehouse) see every shipment and do the
work. Merchant staff see their merchant's shipments only, read-only: another merchant's
shipment is a 404, as if it did not exist, and a step they post is a 403. Anonymous visitors go
to the login page; shoppers and staff without a merchant get 403 (console.order_views).

A refused step (a wrong scan, a weight outside the tolerance, a step not possible in the
shipment's status) re-renders the page with HTTP 400 and the service's message next to the
input, changing nothing, as the other console forms do; a step done redirects (POST, redirect,
GET) with a message.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from freeport.console import charts
from freeport.console.customs_views import operator_required
from freeport.console.order_views import console_staff_required
from freeport.console.roles import is_operator, scope_merchant
from freeport.console.views import _context as _console_context

from . import selectors, services, sla
from .forms import STEPS, HandOverForm, PackForm, QueueFilterForm, ScanForm
from .models import Shipment

PAGE_SIZE = 50
AT_RISK_SHOWN = 10


def _context(request, **extra) -> dict:
    # The console's context without the admin's model sidebar: these screens are used on
    # tablets at the packing table, where the sidebar would squeeze the pick list.
    return _console_context(request, is_nav_sidebar_enabled=False, **extra)


def _merchant(request):
    everything, merchant = scope_merchant(request.user)
    return None if everything else merchant


def _error(form, error: services.FulfillmentError) -> None:
    """The service's message on the field it names, or on the form."""
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


# --- the queue -------------------------------------------------------------------------------


def queue_charts(board: selectors.Dashboard) -> list[charts.Chart]:
    return [
        charts.columns(
            "shipments",
            _("Shipments by status"),
            [(label, n) for _status, label, n in board.by_status],
            width=560,
        ),
        charts.rows(
            "sla",
            _("Hand-over goal, last %(days)d days") % {"days": board.days},
            [
                charts.Item(_("handed over in time"), board.met),
                charts.Item(_("handed over late"), board.handed_over - board.met, "display"),
                charts.Item(_("still in the warehouse, late"), board.late, "display"),
            ],
            label_width=200,
            note=_("Goal: handed to the carrier within %(hours)d hours of payment.")
            % {"hours": settings.FULFILLMENT_SLA_HOURS},
        ),
    ]


@console_staff_required
@require_GET
def queue(request):
    merchant = _merchant(request)
    form = QueueFilterForm(request.GET)
    now = timezone.now()
    if form.is_valid():
        warehouse = form.cleaned_data["warehouse"]
        rows = selectors.queue(warehouse=warehouse, now=now, merchant=merchant)
        board = selectors.dashboard(now=now, merchant=merchant, warehouse=warehouse)
        status = 200
    else:
        rows, board, status = [], None, 400
    urgent = [r for r in rows if r.standing != sla.ON_TRACK]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "fulfillment/console/queue.html",
        _context(
            request,
            title=_("Fulfillment"),
            fulfillment_tab="queue",
            merchant=merchant,
            form=form,
            page=page,
            urgent=urgent[:AT_RISK_SHOWN],
            urgent_more=max(len(urgent) - AT_RISK_SHOWN, 0),
            board=board,
            charts=queue_charts(board) if board else [],
            sla_hours=settings.FULFILLMENT_SLA_HOURS,
        ),
        status=status,
    )


# --- one shipment ----------------------------------------------------------------------------


def _shipment(request, shipment_id: int) -> Shipment:
    shipment = selectors.shipment_for_console(shipment_id=shipment_id, merchant=_merchant(request))
    if shipment is None:
        raise Http404
    return shipment


def _work_page(request, shipment_id: int, *, forms=None, status: int = 200):
    shipment = _shipment(request, shipment_id)
    forms = forms or {}
    operator = is_operator(request.user)
    standing = selectors.standing_of(shipment, timezone.now())
    tracking = selectors.timeline(shipment.order) if not shipment.in_warehouse else None
    response = TemplateResponse(
        request,
        "fulfillment/console/work.html",
        _context(
            request,
            title=_("Shipment %(waybill)s") % {"waybill": shipment.waybill_number},
            fulfillment_tab="work",
            shipment=shipment,
            standing=standing,
            standing_label=str(sla.LABELS[standing]),
            lines=selectors.pick_list(shipment),
            guide=selectors.weight_guide(shipment),
            can_work=operator,
            scan_form=forms.get("scan") or ScanForm(initial={"quantity": 1}),
            pack_form=forms.get("pack") or PackForm(),
            step_form=forms.get("step"),
            tracking=tracking,
            steps=_progress(shipment),
        ),
        status=status,
    )
    if request.method == "POST":
        add_never_cache_headers(response)
    return response


def _progress(shipment: Shipment) -> list[tuple[str, str, bool, bool]]:
    """The four warehouse steps as (key, label, done, current) for the progress bar."""
    order = [
        (Shipment.Status.PICKING, _("Pick")),
        (Shipment.Status.PICKED, _("Weigh and pack")),
        (Shipment.Status.PACKED, _("Print the label")),
        (Shipment.Status.LABELLED, _("Hand over")),
    ]
    keys = [k for k, _label in order]
    at = keys.index(shipment.status) if shipment.status in keys else len(keys)
    return [(k, label, i < at, i == at) for i, (k, label) in enumerate(order)]


@console_staff_required
@require_http_methods(["GET", "POST"])
def work(request, shipment_id: int):
    if request.method == "GET":
        return _work_page(request, shipment_id)
    shipment = _shipment(request, shipment_id)  # another merchant's: 404 before anything
    if not is_operator(request.user):
        raise PermissionDenied
    step = request.POST.get("step")
    if step not in STEPS:
        messages.error(request, _("The step could not be read. Nothing was changed."))
        return _work_page(request, shipment.pk, status=400)
    return {"scan": _scan, "pack": _pack, "label": _label, "hand_over": _hand_over}[step](
        request, shipment
    )


def _scan(request, shipment):
    form = ScanForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            line = services.shipment_scan(
                shipment_id=shipment.pk, scan=data["scan"], quantity=data["quantity"],
                actor=request.user,
            )  # fmt: skip
        except services.FulfillmentError as error:
            _error(form, error)
        else:
            messages.success(
                request,
                _("Picked %(n)d × %(sku)s from bin %(bin)s: %(picked)d of %(quantity)d.")
                % {"n": data["quantity"], "sku": line.sku.code, "bin": line.bin_location or "-",
                   "picked": line.picked, "quantity": line.quantity},
            )  # fmt: skip
            if Shipment.objects.filter(pk=shipment.pk, status=Shipment.Status.PICKED).exists():
                messages.success(request, _("All items are picked: weigh the parcel."))
            return redirect("console:fulfillment:work", shipment_id=shipment.pk)
    return _work_page(request, shipment.pk, forms={"scan": form}, status=400)


def _pack(request, shipment):
    form = PackForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            packed = services.shipment_pack(
                shipment_id=shipment.pk, weight_kg=data["weight"],
                override_reason=data["override_reason"], actor=request.user,
            )  # fmt: skip
        except services.FulfillmentError as error:
            _error(form, error)
        else:
            messages.success(
                request,
                _("Packed: %(weight)s kg. Print the label next.")
                % {"weight": packed.measured_weight_kg},
            )
            return redirect("console:fulfillment:work", shipment_id=shipment.pk)
    return _work_page(request, shipment.pk, forms={"pack": form}, status=400)


def _step_failed(request, shipment, error: services.FulfillmentError):
    return _work_page(request, shipment.pk, forms={"step": str(error.message)}, status=400)


def _label(request, shipment):
    try:
        services.shipment_label(shipment_id=shipment.pk, actor=request.user)
    except services.FulfillmentError as error:
        return _step_failed(request, shipment, error)
    messages.success(
        request,
        _("Label ready for %(waybill)s: print it and put it on the parcel.")
        % {"waybill": shipment.waybill_number},
    )
    return redirect("console:fulfillment:label", shipment_id=shipment.pk)


def _hand_over(request, shipment):
    try:
        handed = services.shipment_hand_over(shipment_id=shipment.pk, actor=request.user)
    except services.FulfillmentError as error:
        return _step_failed(request, shipment, error)
    messages.success(
        request,
        _("%(waybill)s was handed to the carrier (%(carrier)s).")
        % {"waybill": handed.waybill_number, "carrier": handed.carrier},
    )
    return redirect("console:fulfillment:queue")


@console_staff_required
@require_GET
def label(request, shipment_id: int):
    shipment = _shipment(request, shipment_id)
    if shipment.labelled_at is None:
        messages.error(request, _("This parcel has no label yet: pack it, then print the label."))
        return redirect("console:fulfillment:work", shipment_id=shipment.pk)
    return TemplateResponse(
        request,
        "fulfillment/console/label.html",
        {
            "title": _("Label %(waybill)s") % {"waybill": shipment.waybill_number},
            "label": selectors.label_of(shipment),
            "shipment": shipment,
            "back_url": reverse("console:fulfillment:work", args=[shipment.pk]),
        },
    )


# --- the carrier's pickup --------------------------------------------------------------------


def _handover_page(request, form=None, status: int = 200):
    response = TemplateResponse(
        request,
        "fulfillment/console/handover.html",
        _context(
            request,
            title=_("Carrier pickup"),
            fulfillment_tab="handover",
            form=form or HandOverForm(),
            waiting=selectors.waiting_for_pickup(),
            handed=selectors.handed_over_today(),
        ),
        status=status,
    )
    if request.method == "POST":
        add_never_cache_headers(response)
    return response


@operator_required
@require_http_methods(["GET", "POST"])
def handover(request):
    """Scan one waybill after another as the driver loads the parcels (operators)."""
    if request.method == "GET":
        return _handover_page(request)
    form = HandOverForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["waybill"]
        shipment = selectors.shipment_by_waybill(waybill_number=number)
        if not number.strip():
            form.add_error("waybill", _("Scan the waybill barcode on the label."))
        elif shipment is None:
            form.add_error(
                "waybill", _("No shipment has the waybill number %(number)s.") % {"number": number}
            )
        elif not shipment.in_warehouse:
            messages.warning(
                request,
                _("%(waybill)s was already handed over (%(when)s): nothing changed.")
                % {"waybill": shipment.waybill_number,
                   "when": timezone.localtime(shipment.handed_over_at).strftime("%H:%M")},
            )  # fmt: skip
            return redirect("console:fulfillment:handover")
        else:
            try:
                services.shipment_hand_over(shipment_id=shipment.pk, actor=request.user)
            except services.FulfillmentError as error:
                form.add_error("waybill", str(error.message))
            else:
                messages.success(
                    request,
                    _("%(waybill)s handed over.") % {"waybill": shipment.waybill_number},
                )
                return redirect("console:fulfillment:handover")
    return _handover_page(request, form, status=400)
