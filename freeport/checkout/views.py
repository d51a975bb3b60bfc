"""Shopper pages: the cart and checkout (thin: validate, call a service or selector, render)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from freeport.customers.models import Address
from freeport.customs.selectors import buyers_of

from . import fx, fx_services, selectors, services
from .forms import AddressForm
from .models import FxLock


def _owner(request) -> dict:
    if request.user.is_authenticated:
        return {"user": request.user}
    if not request.session.session_key:
        request.session.save()
    return {"session_key": request.session.session_key}


def _remember_count(request) -> None:
    """The header shows the cart's size from the session: no query on every page."""
    cart = selectors.cart_of(**_owner(request))
    request.session["cart_count"] = selectors.cart_count(cart)


@require_GET
def cart(request):
    owner = _owner(request)
    lines = selectors.cart_lines(selectors.cart_of(**owner))
    buyer = None
    if request.user.is_authenticated:
        buyer = next(iter(buyers_of(request.user)), None)
    plan = selectors.checkout_plan(lines, buyer=buyer)
    return render(request, "checkout/cart.html", {"plan": plan, "split": False})


@require_POST
def cart_add(request):
    try:
        services.cart_add(
            sku_id=request.POST.get("sku"), quantity=request.POST.get("quantity", 1),
            **_owner(request),
        )  # fmt: skip
    except services.CheckoutError as exc:
        for message in exc.errors.values():
            messages.error(request, message)
        return redirect(request.POST.get("back") or "checkout:cart")
    _remember_count(request)
    messages.success(request, _("Added to your cart."))
    return redirect("checkout:cart")


@require_POST
def cart_update(request):
    try:
        services.cart_set(
            sku_id=request.POST.get("sku"), quantity=request.POST.get("quantity"),
            **_owner(request),
        )  # fmt: skip
    except services.CheckoutError as exc:
        for message in exc.errors.values():
            messages.error(request, message)
    _remember_count(request)
    return redirect("checkout:cart")


def _checkout_page(request, *, address_form=None, errors=None, status=200):
    lines = selectors.cart_lines(selectors.cart_of(user=request.user))
    buyers = buyers_of(request.user)
    addresses = list(Address.objects.filter(user=request.user))
    chosen_buyer = _chosen(buyers, request.POST.get("buyer") or request.GET.get("buyer"))
    split = (request.POST.get("split") or request.GET.get("split")) == "1"
    coupon = (request.POST.get("coupon") or request.GET.get("coupon") or "").strip()[:32]
    plan = selectors.checkout_plan(
        lines, buyer=chosen_buyer, split=split, coupon_code=coupon, user=request.user
    )
    fx_view = _fx_view(request, plan)
    return render(
        request,
        "checkout/checkout.html",
        {
            "plan": plan, "buyers": buyers, "buyer": chosen_buyer, "addresses": addresses,
            "address": _chosen(addresses, request.POST.get("address")),
            "address_form": address_form or AddressForm(), "errors": errors or {},
            "split": split, "coupon": coupon, "fx": fx_view, "currencies": fx.CURRENCIES,
            "idempotency_key": request.POST.get("idempotency_key")
            or uuid.uuid4().hex,
        },
        status=status,
    )  # fmt: skip


def _fx_view(request, plan) -> dict:
    """The currency the shopper views and pays in: a live quote, or the locked one."""
    currency = (request.GET.get("currency") or request.session.get("fx_currency") or "CNY")[:3]
    view = {"currency": currency, "quote": None, "lock": None, "error": ""}
    if currency == "CNY" or not plan.orders:
        return view
    total = plan.totals["payable"]
    lock = FxLock.objects.filter(
        user=request.user, pk=request.session.get("fx_lock") or 0, currency=currency,
        cny=total, locked_until__gt=timezone.now(),
    ).first()  # fmt: skip
    if lock:
        view["lock"] = lock
        view["charged"] = fx.format_money(lock.total, lock.currency)
        return view
    try:
        view["quote"] = fx_services.fx_quote(cny=total, currency=currency)
        q = view["quote"]
        view["charged"] = fx.format_money(q.total, q.currency)
        view["fee"] = fx.format_money(q.fee, q.currency)
    except fx.FxError as exc:
        messages_ = {
            "stale_rate": _("The %(c)s exchange rate is out of date, so we cannot quote it now. "
                            "Pay in CNY, or try again later.") % {"c": currency},
            "no_rate": _("No exchange rate for %(c)s: pay in CNY.") % {"c": currency},
        }  # fmt: skip
        view["error"] = messages_.get(exc.code, _("This currency cannot be used."))
    return view


@login_required
@require_POST
def checkout_fx_lock(request):
    """Lock the current total's quote in a currency for 24 h (kept in the session)."""
    currency = request.POST.get("currency", "")[:3]
    lines = selectors.cart_lines(selectors.cart_of(user=request.user))
    plan = selectors.checkout_plan(
        lines, coupon_code=request.POST.get("coupon", ""), user=request.user,
        split=request.POST.get("split") == "1",
    )  # fmt: skip
    try:
        lock = fx_services.fx_lock(user=request.user, cny=plan.totals["payable"],
                                   currency=currency)  # fmt: skip
    except fx.FxError:
        messages.error(request, _("This currency cannot be quoted now."))
    else:
        request.session["fx_lock"], request.session["fx_currency"] = lock.pk, currency
        messages.success(request, _("Rate locked for 24 hours."))
    return redirect(f"{reverse('checkout:checkout')}?currency={currency}")


def _chosen(rows, value):
    for row in rows:
        if str(row.pk) == str(value):
            return row
    return rows[0] if rows else None


@login_required
@require_GET
def checkout(request):
    if not selectors.cart_lines(selectors.cart_of(user=request.user)):
        return redirect("checkout:cart")
    if request.GET.get("currency"):
        request.session["fx_currency"] = request.GET["currency"][:3]
    return _checkout_page(request)


@login_required
@require_POST
def checkout_address(request):
    form = AddressForm(request.POST)
    if not form.is_valid():
        return _checkout_page(request, address_form=form, status=400)
    Address.objects.create(user=request.user, **form.cleaned_data)
    messages.success(request, _("Address saved."))
    return redirect("checkout:checkout")


@login_required
@require_POST
def checkout_place(request):
    try:
        with transaction.atomic():
            group = services.order_place(
                user=request.user, idempotency_key=request.POST.get("idempotency_key", ""),
                buyer_id=request.POST.get("buyer"), address_id=request.POST.get("address"),
                split=request.POST.get("split") == "1",
                coupon_code=request.POST.get("coupon", ""),
                fx_lock_id=request.POST.get("fx_lock") or None,
            )  # fmt: skip
    except services.CheckoutError as exc:
        return _checkout_page(request, errors=exc.errors, status=400)
    request.session["cart_count"] = 0
    from freeport.payments.services import payment_start  # the payments app, when present

    payment = payment_start(group=group, user=request.user)
    return redirect(payment.pay_url())


class SignInView(LoginView):
    """Django's sign-in, merging the anonymous cart into the shopper's cart on success."""

    def form_valid(self, form):
        anonymous_key = self.request.session.session_key
        response = super().form_valid(form)
        if anonymous_key:
            services.cart_merge(session_key=anonymous_key, user=form.get_user())
        _remember_count(self.request)
        return response
