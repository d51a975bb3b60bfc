"""Shopper return pages: ask for a return or exchange (with the rules and the refund shown
before sending), the shopper's requests, one request (steps, label, inspection, refund).

Thin: read, call the policy (preview) or one service, render. Only the order's or the request's
owner sees it (anybody else: 404; anonymous: the login page). Works without JavaScript: the
"Check the rules" button re-renders the page with the preview of the selection; with
JavaScript the preview partial is fetched on each change (returns/_rules.html).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from freeport.fulfillment.models import Shipment
from freeport.kernel.money import format_cny
from freeport.orders.models import Order

from . import policy, selectors, services
from .models import ReturnItem, ReturnRequest
from .services import ReturnError
from .shopper_forms import ReturnRequestForm

Status = ReturnRequest.Status
# The steps a return goes through, as shown to the shopper (an exchange stops at inspected).
STEPS = (
    (Status.REQUESTED, "created_at", gettext_lazy("Request sent")),
    (Status.APPROVED, "approved_at", gettext_lazy("Approved: return label issued")),
    (Status.IN_TRANSIT, "shipped_at", gettext_lazy("Sent back")),
    (Status.RECEIVED, "received_at", gettext_lazy("Received at the warehouse")),
    (Status.INSPECTED, "inspected_at", gettext_lazy("Inspected")),
    (Status.REFUNDED, "refunded_at", gettext_lazy("Refunded")),
)
PART_LABELS = (
    ("goods", gettext_lazy("Goods")),
    ("freight", gettext_lazy("Delivery fee")),
    ("discount", gettext_lazy("Coupon (not paid back in cash)")),
    ("tariff", gettext_lazy("Tariff")),
    ("consumption_tax", gettext_lazy("Consumption tax")),
    ("vat", gettext_lazy("VAT")),
    ("freight_kept", gettext_lazy("Delivery fee kept (no-reason return)")),
    ("return_shipping", gettext_lazy("Return shipping you pay")),
)


def signed_cny(amount) -> str:
    amount = Decimal(amount)
    return f"−{format_cny(-amount)}" if amount < 0 else format_cny(amount)


def _title(line) -> str:
    return line.title_en if translation.get_language() == "en" else line.title_zh


# --- the order's lines and the preview ----------------------------------------------------------


def _order(user, number: str) -> Order:
    order = (
        Order.objects.select_related("group").filter(number=str(number), user=user).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if order is None:
        raise Http404("No such order")
    return order


def _rows(order: Order) -> list[dict]:
    """Each line of the order: units still returnable (bought − refunded by earlier returns; 0
    while another request on it is open) and whether its category refuses opened items."""
    lines = list(
        order.lines.select_related("sku__product__category__parent__parent").order_by("id")
    )
    taken = ReturnItem.objects.filter(order_line__in=lines).filter(
        Q(is_open=True)
        | Q(request__status=Status.REFUNDED, request__kind=ReturnRequest.Kind.RETURN)
    )
    busy, refunded = set(), {}
    for line_id, quantity, is_open in taken.values_list("order_line_id", "quantity", "is_open"):
        if is_open:
            busy.add(line_id)
        else:
            refunded[line_id] = refunded.get(line_id, 0) + quantity
    rows = []
    for line in lines:
        category = services._root_category(line.sku)
        rule = policy.CATEGORY_RULES.get(category)
        rows.append({
            "line": line, "title": _title(line), "category": category,
            "already": refunded.get(line.pk, 0), "busy": line.pk in busy,
            "left": 0 if line.pk in busy else line.quantity - refunded.get(line.pk, 0),
            "opened_rule": bool(rule and rule.excluded_when_opened),
        })  # fmt: skip
    return rows


@dataclass
class Dates:
    delivered_at: object
    released_at: object


def _dates(order: Order) -> Dates | None:
    shipment = Shipment.objects.filter(order=order).only("delivered_at").first()
    delivered_at = shipment.delivered_at if shipment else None
    if order.state not in services.DELIVERED_STATES or delivered_at is None:
        return None
    released_at = services._released_at(order)
    return Dates(delivered_at, released_at) if released_at else None


def _preview(user, rows, dates: Dates, *, kind, reason, items, opened_ids, now) -> dict:
    """The rules for this selection, computed exactly as return_request_create will (same
    inputs: delivery and release times, tier, free returns used, return freight)."""
    by_id = {row["line"].pk: row for row in rows}
    chosen = [(by_id[pk], qty) for pk, qty in items if pk in by_id]
    try:
        decision = policy.decide(
            kind=kind, reason=reason,
            items=[policy.Item(line=services._paid_line(row["line"]), category=row["category"],
                               quantity=qty, already=row["already"],
                               opened=row["line"].pk in opened_ids)
                   for row, qty in chosen],
            delivered_at=dates.delivered_at, released_at=dates.released_at, applied_at=now,
            tier=services.TIER, free_used=services._free_used(user, now),
            return_freight=services._return_freight(),
        )  # fmt: skip
    except policy.PolicyInputError as exc:
        return {"error": exc.message}
    return _describe(decision, [row for row, _qty in chosen])


def _reason_texts(reasons, titles) -> list[str]:
    texts = []
    for reason in reasons:
        text = str(reason.text)
        item = reason.get("item") if isinstance(reason, dict) else reason.item
        if item is not None and item < len(titles):
            text = f"{titles[item]}: {text}"
        texts.append(text)
    return texts


def _describe(decision: policy.Decision, rows) -> dict:
    titles = [row["title"] for row in rows]
    result = {
        "decision": decision,
        "allowed": decision.allowed,
        "reasons": _reason_texts(decision.reasons, titles),
        "window_last_day": (
            (decision.window_closes.astimezone(policy.CHINA) - timedelta(days=1)).date()
            if decision.window_closes
            else None
        ),
        "cbec_apply_by": decision.cbec_apply_by,
        "ship_back_by": decision.ship_back_by,
        "shipping": decision.shipping,
        "refund": None,
    }
    if decision.refund is not None:
        result["refund"] = _money_rows(decision.refund)
    return result


def _money_rows(refund: policy.Refund) -> dict:
    parts = [
        (label, signed_cny(getattr(refund, name)))
        for name, label in PART_LABELS
        if getattr(refund, name)
    ]
    now = max(refund.total - refund.tax, Decimal("0.00"))
    return {
        "parts": parts,
        "total": format_cny(refund.total),
        "now": format_cny(now),
        "tax": format_cny(refund.total - now),
        "has_tax": refund.total - now > 0,
        "total_value": refund.total,
    }


def _selection(form: ReturnRequestForm):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "reason": data["reason"],
        "items": form.selection(),
        "opened_ids": set(form.opened_ids()),
    }


def _default_selection(rows) -> dict:
    return {
        "kind": policy.RETURN,
        "reason": policy.QUALITY,
        "items": [(row["line"].pk, row["left"]) for row in rows if row["left"] > 0],
        "opened_ids": set(),
    }


def _new_context(request, order, form, rows, dates, selection) -> dict:
    rules = None
    if dates and selection and selection["items"]:
        rules = _preview(request.user, rows, dates, now=timezone.now(), **selection)
    return {"order": order, "form": form, "rows": form.line_rows(), "dates": dates,
            "rules": rules, "returnable": any(row["left"] > 0 for row in rows)}  # fmt: skip


# --- pages --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new(request, number):
    """GET: the form and the rules for the default selection (or, with `check`, for the
    selection sent: the no-JavaScript preview). POST: create the request; a refusal lists every
    reason on the page and stores nothing."""
    order = _order(request.user, number)
    rows = _rows(order)
    dates = _dates(order)
    status = 200
    error = None
    refusal = []
    if request.method == "POST":
        form = ReturnRequestForm(request.POST, request.FILES, rows=rows)
        selection = _selection(form)
        if selection is not None and dates is not None:
            try:
                created = services.return_request_create(
                    user=request.user, order_number=order.number, kind=selection["kind"],
                    reason=selection["reason"], items=selection["items"],
                    description=form.cleaned_data["description"],
                    photos=request.FILES.getlist("photos"),
                    opened_line_ids=sorted(selection["opened_ids"]),
                )  # fmt: skip
            except ReturnError as exc:
                if exc.reasons:
                    titles = {row["line"].pk: row["title"] for row in rows}
                    chosen = [titles[pk] for pk, _qty in selection["items"]]
                    refusal = _reason_texts(exc.reasons, chosen)
                else:
                    error = exc.message
            else:
                messages.success(
                    request,
                    _("Your request %(number)s was sent. We will send you a return label.")
                    % {"number": created.number},
                )
                return redirect("returns:detail", created.number)
        if dates is None:  # not delivered, or no customs release on file: say so
            error = _(
                "This order cannot be returned yet: it has not been delivered, or customs has "
                "no release on file for it. Please contact us."
            )
        status = 400
    elif "check" in request.GET or "kind" in request.GET:
        form = ReturnRequestForm(request.GET, rows=rows)
        selection = _selection(form)
    else:
        form = ReturnRequestForm(rows=rows)
        selection = _default_selection(rows)
    context = _new_context(request, order, form, rows, dates, selection)
    context.update({"error": error, "refusal": refusal})
    return TemplateResponse(request, "aftersales/returns/new.html", context, status=status)


@login_required
@require_GET
def preview(request, number):
    """The rules partial for the selection in the query string (fetched on change)."""
    order = _order(request.user, number)
    rows = _rows(order)
    dates = _dates(order)
    form = ReturnRequestForm(request.GET, rows=rows)
    context = _new_context(request, order, form, rows, dates, _selection(form))
    return TemplateResponse(request, "aftersales/returns/_rules.html", context)


@login_required
@require_GET
def mine(request):
    requests = list(selectors.requests_of(request.user)[:100])
    return TemplateResponse(request, "aftersales/returns/mine.html", {"requests": requests})


def _request(request, number) -> ReturnRequest:
    found = selectors.request_of(request.user, number)
    if found is None:
        raise Http404("No such return request")
    return found


def _steps(found: ReturnRequest) -> list[dict]:
    steps = STEPS if found.kind == ReturnRequest.Kind.RETURN else STEPS[:-1]
    order = [code for code, _field, _label in steps]
    reached = order.index(found.status) if found.status in order else None
    result = []
    for i, (code, field, label) in enumerate(steps):
        at = getattr(found, field)
        result.append({"code": code, "label": label, "at": at, "done": at is not None,
                       "current": reached == i})  # fmt: skip
    return result


def _refund_view(found: ReturnRequest) -> dict | None:
    """What the shopper gets back: paid now (goods part) and the import tax (pending until
    customs accepts the return, then refunded; or kept if customs refused)."""
    if found.refund_amount is None:
        return None
    tax = found.refund_tax or Decimal("0.00")
    tax_state = {
        "refunded": _("refunded"),
        "refused": _("not refunded: customs did not accept the return; we will contact you"),
        "none": "",
    }.get(found.tax_settled, _("pending: refunded once customs accepts the return"))
    return {
        "total": format_cny(found.refund_amount),
        "now": format_cny(found.refund_amount - tax),
        "tax": format_cny(tax),
        "has_tax": tax > 0,
        "tax_state": tax_state,
        "tax_settled": found.tax_settled or "pending",
    }


@login_required
@require_GET
def detail(request, number):
    found = _request(request, number)
    items = list(found.items.all())
    titles = [_title(item.order_line) for item in items]
    snapshot = found.decision or {}
    reasons = []
    for entry in snapshot.get("reasons", []):
        text = entry.get("text", "")
        item = entry.get("item")
        reasons.append(f"{titles[item]}: {text}" if item is not None and item < len(titles)
                       else text)  # fmt: skip
    events = list(found.events.all())
    refusal_note = next((e.note for e in reversed(events) if e.action == "refused"), "")
    expected = None
    if found.kind == ReturnRequest.Kind.RETURN and found.refund_amount is None and found.is_open:
        expected = _money_rows(services.refund_due(found))
    context = {
        "found": found,
        "items": list(zip(items, titles, strict=True)),
        "steps": _steps(found),
        "reasons": reasons,
        "refusal_note": refusal_note,
        "refund": _refund_view(found),
        "expected": expected,
        "can_ship": found.status == Status.APPROVED,
        "can_cancel": found.status in (Status.REQUESTED, Status.APPROVED),
        "photo_count": len(found.photos.all()),
    }
    return TemplateResponse(request, "aftersales/returns/detail.html", context)


def _step(request, number, action, done) -> None:
    """POST-redirect-GET: the step's refusal (e.g. already sent back) is shown on the page."""
    found = _request(request, number)
    try:
        action(number=found.number, user=request.user)
    except ReturnError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)


@login_required
@require_POST
def shipped(request, number):
    _step(request, number, services.return_shipped,
          _("Thank you: we will tell you when the parcel arrives."))  # fmt: skip
    return redirect("returns:detail", number)


@login_required
@require_POST
def cancel(request, number):
    _step(request, number, services.return_cancel, _("Your request was cancelled."))
    return redirect("returns:detail", number)
