"""Console pages for customs declarations and the buyer quota (operators only).

Thin: read through customs.selectors, write through customs services, render. Personal data in
customs messages is shown masked; the clear XML only after an audited POST with a reason, and
quota look-ups are POSTs (the ID number never goes into a URL) and audited.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from freeport.customs import receipts, selectors, services
from freeport.customs.declarations import (
    DeclarationError,
    declaration_resubmit,
    withdrawal_resend,
)
from freeport.customs.models import CustomsCancellation, Declaration, DeclarationMessage
from freeport.customs.quota import cancel_reference
from freeport.customs.xmlmask import mask_personal_xml
from freeport.kernel.i18n import is_english
from freeport.kernel.money import format_cny

from . import charts
from .customs_forms import QuotaLookupForm, ResubmitForm, RevealForm, WithdrawalResendForm
from .roles import is_operator
from .views import PAGE_SIZE, _context

KINDS = {
    "CEB311": gettext_lazy("order"),
    "CEB411": gettext_lazy("payment"),
    "CEB511": gettext_lazy("waybill"),
    "CEB621": gettext_lazy("inventory list"),
    "CEB623": gettext_lazy("cancellation (withdrawal)"),
    "CEB625": gettext_lazy("return application"),
}
LEDGER_KINDS = {
    "order": gettext_lazy("order"),
    "return": gettext_lazy("return accepted by customs"),
    "cancel": gettext_lazy("cancelled order given back"),
}


def operator_required(view):
    """Operators only: anonymous visitors go to the login page, anybody else gets 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (user.is_active and user.is_staff and is_operator(user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def receipt_meaning(code: int) -> str:
    """What a receipt code means, in the active language."""
    known = receipts.MEANING.get(code)
    if known:
        return known[1] if is_english() else known[0]
    if code < 0:
        return _("processing exception")
    return _("unknown code")


@dataclass
class Receipt:
    code: int
    meaning: str
    info: str
    time: object


@dataclass
class Message:
    message: DeclarationMessage
    label: str
    receipts: list[Receipt]
    xml: str  # masked
    clear: str | None = None  # only right after an audited reveal
    reveal_errors: list[str] = field(default_factory=list)


@dataclass
class Attempt:
    number: int
    messages: list[Message]


def _attempts(
    declaration: Declaration, revealed: dict[int, str], errors: dict[int, list[str]]
) -> list[Attempt]:
    """The declaration's messages grouped by attempt, newest attempt first."""
    attempts: dict[int, list[Message]] = {}
    for m in declaration.messages.all():  # prefetched, newest attempt first
        attempts.setdefault(m.attempt, []).append(
            Message(
                message=m,
                label=str(KINDS.get(m.kind, m.kind)),
                receipts=[
                    Receipt(
                        r.return_status,
                        receipt_meaning(r.return_status),
                        r.return_info,
                        r.return_time,
                    )
                    for r in m.receipts.all()
                ],  # fmt: skip
                xml=mask_personal_xml(m.xml),
                clear=revealed.get(m.pk),
                reveal_errors=errors.get(m.pk, []),
            )
        )
    return [Attempt(number, items) for number, items in attempts.items()]


@dataclass
class StatusFilter:
    """A list filtered by one status (`?status=`, unknown = all), with a tab per status."""

    status: str
    labels: dict
    tabs: list[tuple]
    page: object


def _by_status(request, counts: dict[str, int], choices, rows) -> StatusFilter:
    """`rows(status or None)` paged, and the tabs ("all" first) with their counts."""
    labels = dict(choices)
    status = request.GET.get("status", "")
    if status not in labels:
        status = ""
    page = Paginator(rows(status or None), PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [("", _("all"), sum(counts.values()))] + [(s, labels[s], n) for s, n in counts.items()]
    return StatusFilter(status, labels, tabs, page)


@operator_required
def declarations(request):
    counts = selectors.declaration_counts()
    found = _by_status(
        request, counts, Declaration.Status.choices,
        lambda status: selectors.declarations_list(status=status),
    )  # fmt: skip
    labels = found.labels
    chart = charts.columns(
        "declarations",
        _("Declarations by status"),
        [(labels[s], n) for s, n in counts.items()],
        width=540,
    )
    return TemplateResponse(
        request,
        "console/customs/list.html",
        _context(
            request,
            title=_("Customs declarations"),
            customs_tab="list",
            status=found.status,
            tabs=found.tabs,
            chart=chart,
            page=found.page,
        ),
    )


def _detail(request, declaration_id: int, *, errors=None, revealed=None, status=200):
    try:
        declaration = selectors.declaration_detail(declaration_id=declaration_id)
    except Declaration.DoesNotExist:
        raise Http404 from None
    attempts = _attempts(declaration, revealed or {}, errors or {})
    current = attempts[0] if attempts and attempts[0].number == declaration.attempt else None
    earlier = [a for a in attempts if a is not current]
    response = TemplateResponse(
        request,
        "console/customs/detail.html",
        _context(
            request,
            title=_("Declaration %(order_no)s") % {"order_no": declaration.order_no},
            customs_tab="list",
            declaration=declaration,
            current=current,
            earlier=earlier,
        ),
        status=status,
    )
    if revealed:
        add_never_cache_headers(response)
    return response


@operator_required
def declaration(request, declaration_id: int):
    return _detail(request, declaration_id)


@operator_required
@require_POST
def declaration_reveal(request, declaration_id: int):
    """Show one message's clear XML once, after recording who asked and why."""
    form = RevealForm(request.POST)
    if form.is_valid():
        message = selectors.declaration_message_get(
            declaration_id=declaration_id, message_id=form.cleaned_data["message"]
        )
        if message is None:
            raise Http404
        try:
            xml = services.declaration_message_reveal(
                actor=request.user, message=message, reason=form.cleaned_data["reason"]
            )
        except services.BuyerError as error:
            for field, text in error.errors.items():
                form.add_error(field, text)
        else:
            return _detail(request, declaration_id, revealed={message.pk: xml})
    if form.has_error("message"):
        raise Http404
    messages.error(request, _("A reason is required to see personal data. Nothing was shown."))
    errors = {form.cleaned_data["message"]: [e for e in form.errors.get("reason", [])]}
    return _detail(request, declaration_id, errors=errors, status=400)


@operator_required
def rejected(request):
    page = Paginator(selectors.declarations_rejected(), PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "console/customs/rejected.html",
        _context(request, title=_("Rejected declarations"), customs_tab="rejected", page=page),
    )


@operator_required
def withdrawals(request):
    """Withdrawals (CEB623) of cancelled orders' declarations, by status, newest change first."""
    found = _by_status(
        request, selectors.withdrawal_counts(), CustomsCancellation.Status.choices,
        lambda status: selectors.withdrawals_list(status=status),
    )  # fmt: skip
    return TemplateResponse(
        request,
        "console/customs/withdrawals.html",
        _context(
            request,
            title=_("Withdrawn declarations"),
            customs_tab="withdrawals",
            status=found.status,
            tabs=found.tabs,
            page=found.page,
        ),
    )


@operator_required
@require_POST
def declaration_resubmit_view(request, declaration_id: int):
    try:
        declaration = selectors.declaration_get(declaration_id=declaration_id)
    except Declaration.DoesNotExist:
        raise Http404 from None
    form = ResubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A note has 300 characters at most. Nothing was sent."))
        return redirect("console:customs_rejected")
    try:
        declaration = declaration_resubmit(
            declaration_id=declaration.pk, actor=request.user, reason=form.cleaned_data["note"]
        )
    except DeclarationError as error:
        now = selectors.declaration_get(declaration_id=declaration.pk)
        if now.status != Declaration.Status.REJECTED:
            text = _(
                "Declaration %(order_no)s is no longer rejected (it is %(status)s): "
                "nothing was sent."
            ) % {"order_no": now.order_no, "status": now.get_status_display()}
        else:
            text = _("Declaration %(order_no)s could not be resubmitted: %(error)s") % {
                "order_no": now.order_no,
                "error": error,
            }
        messages.error(request, text)
    else:
        messages.success(
            request,
            _("Declaration %(order_no)s was resubmitted (attempt %(attempt)s).")
            % {"order_no": declaration.order_no, "attempt": declaration.attempt},
        )
    return redirect("console:customs_rejected")


@operator_required
@require_POST
def withdrawal_resend_view(request, cancellation_id: int):
    """Send a rejected withdrawal (CEB623) again, with the operator's reason (audited)."""
    cancellation = CustomsCancellation.objects.filter(pk=cancellation_id).first()
    if cancellation is None:
        raise Http404
    back = redirect("console:customs_declaration", declaration_id=cancellation.declaration_id)
    form = WithdrawalResendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the withdrawal can go again (300 characters at most). "
                                  "Nothing was sent."))  # fmt: skip
        return back
    try:
        cancellation = withdrawal_resend(
            cancellation_id=cancellation.pk, actor=request.user, reason=form.cleaned_data["note"]
        )
    except DeclarationError:
        messages.error(request, _("This withdrawal is not rejected (any more): nothing was sent."))
        return back
    messages.success(request, _("The withdrawal is %(status)s.") % {
        "status": cancellation.get_status_display()})  # fmt: skip
    return back


def _figures(result: services.QuotaLookup) -> list[tuple[str, str, str]]:
    return [
        ("limit", _("Annual limit"), format_cny(result.limit)),
        ("used", _("Used"), format_cny(result.used)),
        ("remaining", _("Remaining"), format_cny(result.remaining)),
    ]


def _ledger_kind(entry) -> str:
    """A cancelled order's allowance given back is a `return` entry named `cancel:<order>`."""
    if entry.reference.startswith(cancel_reference("")):
        return str(LEDGER_KINDS["cancel"])
    return str(LEDGER_KINDS.get(entry.kind, entry.kind))


def _ledger(result: services.QuotaLookup) -> list[tuple]:
    return [(e, _ledger_kind(e), format_cny(e.amount)) for e in result.entries]


@operator_required
@require_http_methods(["GET", "POST"])
def quota(request):
    """Look one person's annual quota up by ID number (POST only: never in a URL)."""
    form = QuotaLookupForm(request.POST or None)
    result = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                result = services.quota_lookup(
                    actor=request.user,
                    id_number=form.cleaned_data["id_number"],
                    reason=form.cleaned_data["reason"],
                )
            except services.BuyerError as error:
                for field, text in error.errors.items():
                    form.add_error(field, text)
        if result is None:
            status = 400
        else:
            form = QuotaLookupForm()  # the next look-up needs its own reason
    response = TemplateResponse(
        request,
        "console/customs/quota.html",
        _context(
            request,
            title=_("Buyer quota"),
            customs_tab="quota",
            form=form,
            result=result,
            figures=_figures(result) if result else [],
            ledger=_ledger(result) if result else [],
        ),
        status=status,
    )
    if request.method == "POST":
        add_never_cache_headers(response)
    return response
