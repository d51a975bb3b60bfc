"""Console pages for orders: search, one order, and an operator's manual steps.

Operators see every order; merchant staff see only their merchant's (another merchant's order
is a 404, as if it did not exist), read-only. Personal data is masked; the clear recipient,
phone and street only after an audited POST with a reason (operators). Manual steps (cancel,
mark delivered, complete) are POSTs by operators with a reason, written through
console.order_actions (state machine, stock, audit). Thin: read, call, render.
"""

from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from freeport.customs import tax
from freeport.kernel.i18n import localized
from freeport.kernel.money import format_cny
from freeport.orders import console_selectors as selectors
from freeport.orders import states

from .customs_views import operator_required
from .order_actions import (
    OrderActionError,
    Revealed,
    operator_events,
    order_action,
    order_reveal,
)
from .order_forms import OrderActionForm, OrderRevealForm, OrderSearchForm
from .roles import is_operator, scope_merchant
from .views import PAGE_SIZE, _context

EVENTS = {
    "place": gettext_lazy("placed"),
    "pay": gettext_lazy("paid"),
    "cancel": gettext_lazy("cancelled"),
    "expire": gettext_lazy("expired unpaid"),
    "declare": gettext_lazy("declared to customs"),
    "clear": gettext_lazy("released by customs"),
    "inspect": gettext_lazy("held for inspection"),
    "reject": gettext_lazy("declaration rejected"),
    "pick": gettext_lazy("picking started"),
    "ship": gettext_lazy("shipped"),
    "deliver": gettext_lazy("delivered"),
    "complete": gettext_lazy("completed"),
    "refund": gettext_lazy("refunded"),
}
REGIMES = {
    tax.CBEC: gettext_lazy("CBEC retail import (no tariff; VAT and consumption tax × 0.7)"),
    tax.FULL_TAX: gettext_lazy("taxed in full (over the CBEC single-order limit)"),
}
ACTIONS = {
    # (state, event) or event: the button's words and what it does, for the operator.
    (states.PENDING_PAYMENT, "cancel"): (
        gettext_lazy("Cancel the order"),
        gettext_lazy(
            "Unpaid: the order is cancelled and its stock is released. The checkout's other "
            "orders are not changed."
        ),
    ),
    "cancel": (
        gettext_lazy("Cancel and refund"),
        gettext_lazy(
            "Paid: the order goes to “refund in progress” and its stock is released; the "
            "payments app returns the money. A customs declaration is withdrawn (CEB623); the "
            "buyer's annual allowance comes back once customs accepts."
        ),
    ),
    "deliver": (
        gettext_lazy("Mark as delivered"),
        gettext_lazy("For a parcel the buyer received when the carrier's tracking says nothing."),
    ),
    "complete": (
        gettext_lazy("Mark as completed"),
        gettext_lazy("Closes the order: no step follows."),
    ),
}
ACTION_ERRORS = {
    "reason_required": gettext_lazy(
        "A reason is required for a manual step. Nothing was changed."
    ),  # fmt: skip
    "not_manual": gettext_lazy("That step is not taken by hand. Nothing was changed."),
    "state_changed": gettext_lazy(
        "The order changed since the page was shown (it is now %(state)s). Nothing was changed: "
        "check it and try again."
    ),  # fmt: skip
    "illegal": gettext_lazy(
        "An order that is %(state)s cannot be %(event)s. Nothing was changed."
    ),  # fmt: skip
}


def console_staff_required(view):
    """Operators, and merchant staff linked to a merchant. Anonymous visitors go to the login
    page; anybody else (shoppers, staff without a merchant) gets 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        everything, merchant = scope_merchant(user)
        if not everything and merchant is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _scope(request):
    everything, merchant = scope_merchant(request.user)
    return None if everything else merchant


# --- search ----------------------------------------------------------------------------------


@console_staff_required
@require_GET
def orders(request):
    merchant = _scope(request)
    form = OrderSearchForm(request.GET, show_merchant=merchant is None)
    status = 200
    if form.is_valid():
        filters = form.filters()
        counts = selectors.order_state_counts(filters, merchant=merchant)
        page = Paginator(selectors.orders_search(filters, merchant=merchant), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        state = filters.state
    else:
        counts, page, state, status = {}, None, "", 400
    tabs = [("", _("all states"), sum(counts.values()))] + [
        (s, label, counts.get(s, 0)) for s, label in states.LABELS.items()
    ]
    return TemplateResponse(
        request,
        "console/orders/list.html",
        _context(
            request,
            title=_("Orders"),
            form=form,
            state=state,
            tabs=tabs if counts else [],
            page=page,
            show_merchant=merchant is None,
            merchant=merchant,
        ),
        status=status,
    )


# --- one order -------------------------------------------------------------------------------


@dataclass
class Step:
    at: object
    event: str
    source: str
    target: str
    actor: str
    reason: str


@dataclass
class Action:
    event: str
    label: str
    help: str


def _order(request, number: str):
    order = selectors.order_for_console(number=number, merchant=_scope(request))
    if order is None:
        raise Http404
    return order


def _timeline(order) -> list[Step]:
    labels = states.LABELS
    return [
        Step(
            at=t.at,
            event=str(EVENTS.get(t.event, t.event)),
            source=str(labels.get(t.from_state, t.from_state)) if t.from_state else "",
            target=str(labels.get(t.to_state, t.to_state)),
            actor=t.actor.get_username() if t.actor else "",
            reason=t.reason,
        )
        for t in order.transitions.all()
    ]


def _actions(state: str) -> list[Action]:
    found = []
    for event in operator_events(state):
        label, help_text = ACTIONS.get((state, event)) or ACTIONS[event]
        found.append(Action(event, str(label), str(help_text)))
    return found


def _amounts(order) -> list[tuple[str, str, str]]:
    rows = [
        ("goods", _("Goods"), order.goods),
        ("freight", _("Freight"), order.freight),
        ("insurance", _("Insurance"), order.insurance),
        ("discount", _("Discount (taken off)"), order.discount),
        ("dutiable_value", _("Dutiable value"), order.dutiable_value),
        ("tariff", _("Tariff"), order.tariff),
        ("consumption_tax", _("Consumption tax"), order.consumption_tax),
        ("vat", _("VAT"), order.vat),
        ("tax", _("Tax"), order.tax),
        ("total", _("Total paid or payable"), order.total),
    ]
    return [(key, label, format_cny(value)) for key, label, value in rows]


def _payments_url(request, order) -> str:
    """The checkout's payments in the admin, for who may read them (the payments app's pages)."""
    if not apps.is_installed("freeport.payments"):
        return ""
    if not request.user.has_perm("payments.view_payment"):
        return ""
    try:
        return f"{reverse('admin:payments_payment_changelist')}?q={order.group.number}"
    except NoReverseMatch:
        return ""


def _detail(
    request, number: str, *, reveal_form=None, action_form=None,
    revealed: Revealed | None = None, status: int = 200,
):  # fmt: skip
    order = _order(request, number)
    operator = is_operator(request.user)
    response = TemplateResponse(
        request,
        "console/orders/detail.html",
        _context(
            request,
            title=_("Order %(number)s") % {"number": order.number},
            order=order,
            lines=[(line, localized(line, "title")) for line in order.lines.all()],
            amounts=_amounts(order),
            regime=str(REGIMES.get(order.regime, order.regime)),
            timeline=_timeline(order),
            declaration=selectors.order_declaration(number=order.number) if operator else None,
            payments_url=_payments_url(request, order) if operator else "",
            revealed=revealed,
            reveal_form=(reveal_form or OrderRevealForm()) if operator else None,
            actions=_actions(order.state) if operator else [],
            action_form=(action_form or OrderActionForm()) if operator else None,
        ),
        status=status,
    )
    if revealed or request.method == "POST":
        add_never_cache_headers(response)
    return response


@console_staff_required
@require_GET
def order(request, number: str):
    return _detail(request, number)


@operator_required
@require_POST
def order_reveal_view(request, number: str):
    """Show the order's recipient, phone and street once, after recording who asked and why."""
    order = _order(request, number)
    form = OrderRevealForm(request.POST)
    if form.is_valid():
        try:
            revealed = order_reveal(
                actor=request.user, order=order, reason=form.cleaned_data["reason"]
            )
        except OrderActionError as error:
            form.add_error("reason", error.message)
        else:
            return _detail(request, order.number, revealed=revealed)
    messages.error(request, _("A reason is required to see personal data. Nothing was shown."))
    return _detail(request, order.number, reveal_form=form, status=400)


@operator_required
@require_POST
def order_action_view(request, number: str):
    order = _order(request, number)
    form = OrderActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            order_action(
                order_id=order.pk, event=data["event"], expected_state=data["state"],
                actor=request.user, reason=data["reason"],
            )  # fmt: skip
        except OrderActionError as error:
            text = str(ACTION_ERRORS[error.code])
            if error.code == "reason_required":
                form.add_error("reason", error.message)
            elif error.code == "state_changed":
                order.refresh_from_db(fields=["state"])
                text %= {"state": order.state_label()}
            messages.error(request, text)
        except states.IllegalTransition as error:
            messages.error(
                request,
                str(ACTION_ERRORS["illegal"])
                % {"state": states.LABELS[error.state], "event": EVENTS.get(error.event, "")},
            )
        else:
            order.refresh_from_db(fields=["state"])
            messages.success(
                request,
                _("Order %(number)s is now %(state)s.")
                % {"number": order.number, "state": order.state_label()},
            )
            return redirect("console:order", number=order.number)
    else:
        messages.error(request, _("The step could not be read. Nothing was changed."))
    return _detail(request, order.number, action_form=form, status=400)
