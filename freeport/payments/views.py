"""The sandbox provider's cashier page (stands for a real provider's hosted payment page)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import providers, selectors, services
from .errors import PaymentError
from .models import Payment

ACTIONS = {"pay": "succeeded", "decline": "failed"}


@login_required
@require_http_methods(["GET", "POST"])
def sandbox_cashier(request, reference: str):
    """GET: who is paid, how much, Pay / Decline. POST: press one, back to the order."""
    payment = selectors.payment_for_user(reference=reference, user=request.user)
    if payment is None or payment.provider != "sandbox":
        raise Http404("no such payment")
    try:
        providers.get("sandbox")
    except PaymentError:
        raise Http404("the sandbox is switched off") from None
    error = ""
    if request.method == "POST":
        outcome = ACTIONS.get(request.POST.get("action", ""))
        if outcome is None:
            error = _("Choose Pay or Decline.")
        else:
            try:
                services.sandbox_pay(payment=payment, outcome=outcome)
            except PaymentError as exc:
                error = str(exc)
            else:
                return redirect(selectors.return_url(payment))
    txn = selectors.sandbox_transaction_of(payment)
    expired = timezone.now() >= payment.expires_at
    can_pay = txn is None and payment.status == Payment.Status.CREATED and not expired
    return render(
        request,
        "payments/sandbox_cashier.html",
        {
            "payment": payment,
            "txn": txn,
            "expired": expired,
            "can_pay": can_pay,
            "error": error,
            "return_url": selectors.return_url(payment),
        },
        status=400 if error else 200,
    )
