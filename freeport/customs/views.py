"""Shopper pages for customs identity: register the real-name buyer, see the annual allowance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import calculator, display, selectors, services
from .forms import BuyerForm
from .tax import TaxInputError, quote


def _page(request, form, status=200):
    now = timezone.now()
    buyers = [
        {"buyer": b, "quota": selectors.quota_summary(b.id_index, now)}
        for b in selectors.buyers_of(request.user)
    ]
    return render(
        request,
        "customs/buyers.html",
        {"form": form, "buyers": buyers, "year": timezone.localdate().year},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def buyers(request):
    if request.method == "GET":
        return _page(request, BuyerForm())
    form = BuyerForm(request.POST)
    if form.is_valid():
        try:
            services.buyer_register(user=request.user, **form.cleaned_data)
        except services.BuyerError as exc:
            for field, message in exc.errors.items():
                form.add_error(field, message)
        else:
            messages.success(request, _("Buyer added."))
            return redirect("customs:buyers")
    return _page(request, form, status=400)


@login_required
@require_POST
def buyer_delete(request, buyer_id: int):
    if services.buyer_delete(user=request.user, buyer_id=buyer_id):
        messages.success(request, _("Buyer removed."))
    return redirect("customs:buyers")


@require_GET
def tax_calculator(request):
    """GET form, so it works without JavaScript and a result can be linked (?sku=CODE)."""
    submitted = any(name in request.GET for name in calculator.FIELDS)
    form = calculator.CalculatorForm(
        request.GET if submitted else None,
        categories=calculator.category_profiles(),
        initial={"quantity": 1, "freight": "0.00"},
    )
    result = None
    if submitted and form.is_valid():
        order = form.order()
        try:
            q = quote(order)
        except TaxInputError as exc:
            form.add_engine_errors(exc.errors)
        else:
            result = {
                "breakdown": display.breakdown(q, with_freight=True),
                "steps": display.steps(q, order),
                "limits": display.limits(q, order),
                "profile": calculator.profile_used(form),
                "sku": form.sku_obj,
            }
    return render(
        request,
        "customs/tax_calculator.html",
        {"form": form, "result": result, "skus": calculator.sku_suggestions()},
    )
