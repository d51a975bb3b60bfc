"""Dispute pages: the shopper's (open one, read and answer the thread) and the console's (queue
by due time with the 48-hour timer, thread, reply, take, resolve).

Shoppers see only their own disputes (anybody else's is a 404). In the console, operators see
and act on every dispute; merchant staff see the disputes on their merchant's orders, read-only
(another merchant's is a 404; their POSTs are 403). Thin: read, call disputes.py, render.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from freeport.console.order_views import console_staff_required
from freeport.console.roles import is_operator, scope_merchant
from freeport.console.views import _context
from freeport.orders.models import Order

from . import dispute_timer
from .disputes import (
    SUBJECT_MAX,
    TEXT_MAX,
    DisputeError,
    dispute_message,
    dispute_open,
    dispute_resolve,
    dispute_take,
    refundable_left,
)
from .models import Dispute, DisputeMessage, ReturnRequest

ACTIONS = {
    "opened": gettext_lazy("opened the dispute"),
    "message": gettext_lazy("wrote"),
    "taken": gettext_lazy("took the dispute"),
    "resolved": gettext_lazy("resolved the dispute"),
    "overdue": gettext_lazy("the resolution time passed"),
}


# --- forms --------------------------------------------------------------------------------------


class DisputeOpenForm(forms.Form):
    topic = forms.ChoiceField(label=gettext_lazy("What is it about?"),
                              choices=Dispute.Topic.choices)  # fmt: skip
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=SUBJECT_MAX)
    message = forms.CharField(
        label=gettext_lazy("What happened, and what would you like us to do?"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your message"), max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=Dispute.Outcome.choices, widget=forms.RadioSelect
    )
    amount = forms.CharField(
        label=gettext_lazy("Refund amount (CNY)"), required=False, max_length=20,
        help_text=gettext_lazy("Only for a partial refund, e.g. 25.00."),
    )  # fmt: skip
    note = forms.CharField(
        label=gettext_lazy("Note to the shopper"), max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the thread and sent to the shopper."),
    )  # fmt: skip


def _error_on(form: forms.Form, error: DisputeError, fallback: str | None) -> None:
    field = error.field if error.field in form.fields else fallback
    form.add_error(field, error.message)


def _thread(queryset):
    return queryset.select_related("order", "return_request", "assigned_to").prefetch_related(
        Prefetch("messages", queryset=DisputeMessage.objects.select_related("author"))
    )


def _timer(dispute: Dispute, now):
    return dispute_timer.timer(due_at=dispute.due_at, now=now, resolved_at=dispute.resolved_at)


# --- shopper pages ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def mine(request):
    disputes = Dispute.objects.filter(user=request.user).select_related("order").order_by("-id")
    return TemplateResponse(request, "aftersales/disputes/mine.html", {"disputes": disputes})


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    source = request.POST if request.method == "POST" else request.GET
    number, return_number = source.get("order", ""), source.get("return", "") or None
    order = Order.objects.filter(number=number, user=request.user).first() if number else None
    if order is None:
        raise Http404("No such order")
    return_request = None
    if return_number:
        return_request = ReturnRequest.objects.filter(
            number=return_number, order=order, user=request.user
        ).first()
        if return_request is None:
            raise Http404("No such return request")
    existing = Dispute.objects.filter(order=order, status=Dispute.Status.OPEN).first()
    if existing is not None:
        messages.info(request, _("This order already has an open dispute: write in it here."))
        return redirect("disputes:detail", existing.pk)
    initial = {"topic": Dispute.Topic.RETURN_REFUSED} if return_request else {}
    form = DisputeOpenForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dispute = dispute_open(
                    user=request.user, order_number=order.number,
                    return_number=return_number, **form.cleaned_data,
                )  # fmt: skip
            except DisputeError as exc:  # e.g. an unpaid order: said above the form
                _error_on(form, exc, None)
            else:
                messages.success(request, _("Your dispute was sent. We answer within %(h)s hours.")
                                 % {"h": int((dispute.due_at - dispute.opened_at)
                                             .total_seconds() // 3600)})  # fmt: skip
                return redirect("disputes:detail", dispute.pk)
        status = 400
    return TemplateResponse(
        request, "aftersales/disputes/new.html",
        {"form": form, "order": order, "return_request": return_request},
        status=status,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    dispute = _thread(Dispute.objects.filter(pk=pk, user=request.user)).first()
    if dispute is None:
        raise Http404("No such dispute")
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dispute_message(
                    dispute=dispute, author=request.user, text=form.cleaned_data["text"]
                )
            except DisputeError as exc:
                _error_on(form, exc, "text")
            else:
                messages.success(request, _("Your message was added."))
                return redirect("disputes:detail", dispute.pk)
        status = 400
    return TemplateResponse(
        request, "aftersales/disputes/detail.html",
        {"dispute": dispute, "form": form, "timer": _timer(dispute, timezone.now()),
         "actions": ACTIONS},
        status=status,
    )  # fmt: skip


# --- console pages ------------------------------------------------------------------------------


def _scoped(request):
    everything, merchant = scope_merchant(request.user)
    disputes = Dispute.objects.all()
    return disputes if everything else disputes.filter(order__merchant=merchant)


QUEUE_FILTERS = {
    "open": gettext_lazy("open"),
    "overdue": gettext_lazy("overdue"),
    "resolved": gettext_lazy("resolved"),
    "all": gettext_lazy("all"),
}


@console_staff_required
@require_http_methods(["GET"])
def console_queue(request):
    now = timezone.now()
    show = request.GET.get("status", "open")
    if show not in QUEUE_FILTERS:
        show = "open"
    disputes = _scoped(request).select_related("order", "order__merchant", "assigned_to")
    if show == "open":
        disputes = disputes.filter(status=Dispute.Status.OPEN)
    elif show == "overdue":
        disputes = disputes.filter(status=Dispute.Status.OPEN, due_at__lte=now)
    elif show == "resolved":
        disputes = disputes.filter(status=Dispute.Status.RESOLVED)
    disputes = disputes.order_by("due_at", "id")[:200]
    rows = [(d, _timer(d, now)) for d in disputes]
    return TemplateResponse(
        request, "aftersales/disputes/console_queue.html",
        _context(request, title=_("Disputes"), rows=rows, show=show, filters=QUEUE_FILTERS),
    )  # fmt: skip


def _console_dispute(request, pk: int) -> Dispute:
    dispute = _thread(_scoped(request).filter(pk=pk)).select_related("user").first()
    if dispute is None:
        raise Http404("No such dispute")
    return dispute


def _console_render(request, dispute, *, reply=None, resolve=None, status=200):
    operator = is_operator(request.user)
    left = refundable_left(dispute.order) if operator and dispute.is_open else None
    return TemplateResponse(
        request, "aftersales/disputes/console_detail.html",
        _context(
            request, title=_("Dispute %(id)s") % {"id": dispute.pk}, dispute=dispute,
            timer=_timer(dispute, timezone.now()), actions=ACTIONS, refundable=left,
            reply_form=reply or ReplyForm(), resolve_form=resolve or ResolveForm(),
            can_act=operator and dispute.is_open,
        ),
        status=status,
    )  # fmt: skip


@console_staff_required
@require_http_methods(["GET"])
def console_detail(request, pk: int):
    return _console_render(request, _console_dispute(request, pk))


def _operator_dispute(request, pk: int) -> Dispute:
    dispute = _console_dispute(request, pk)
    if not is_operator(request.user):
        raise PermissionDenied  # merchant staff read disputes, they do not act on them
    return dispute


@console_staff_required
@require_POST
def console_reply(request, pk: int):
    dispute = _operator_dispute(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            dispute_message(dispute=dispute, author=request.user, text=form.cleaned_data["text"])
        except DisputeError as exc:
            if exc.code == "resolved":
                messages.error(request, exc.message)
            _error_on(form, exc, "text")
        else:
            messages.success(request, _("Your answer was sent to the shopper."))
            return redirect("console:disputes:detail", dispute.pk)
    return _console_render(request, dispute, reply=form, status=400)


@console_staff_required
@require_POST
def console_take(request, pk: int):
    dispute = _operator_dispute(request, pk)
    try:
        dispute_take(dispute=dispute, operator=request.user)
    except DisputeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The dispute is assigned to you."))
    return redirect("console:disputes:detail", dispute.pk)


@console_staff_required
@require_POST
def console_resolve(request, pk: int):
    dispute = _operator_dispute(request, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            dispute_resolve(dispute=dispute, operator=request.user, **form.cleaned_data)
        except DisputeError as exc:
            if exc.code == "resolved":  # the form is gone from the page: say it at the top
                messages.error(request, exc.message)
            _error_on(form, exc, "outcome")
        else:
            messages.success(request, _("The dispute is resolved; the shopper was told."))
            return redirect(reverse("console:disputes:detail", args=[dispute.pk]))
    dispute = _console_dispute(request, pk)  # fresh: nothing changed
    return _console_render(request, dispute, resolve=form, status=400)
