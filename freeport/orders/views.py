"""Shopper order pages: the list, one checkout's orders with their tracking timelines (order
steps, warehouse and carrier events: fulfillment.selectors), pay, cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from freeport.fulfillment import selectors as fulfillment

from . import selectors, services, states


@login_required
@require_GET
def order_list(request):
    page = Paginator(selectors.groups_of(request.user), 10).get_page(request.GET.get("page"))
    return render(request, "orders/list.html", {"page": page})


def _group(request, number):
    group = selectors.group_of(request.user, number)
    if group is None:
        raise Http404("No such order")
    return group


@login_required
@require_GET
def group_detail(request, number):
    group = _group(request, number)
    orders = list(group.orders.all())
    unpaid = any(o.state == states.PENDING_PAYMENT for o in orders)
    tracking = fulfillment.timelines(orders)  # two queries at most, whatever the orders
    for order in orders:
        order.tracking = tracking[order.pk]
        order.returnable = order.state in (states.DELIVERED, states.COMPLETED)
        order.return_requests = []
    delivered = [o.pk for o in orders if o.returnable]
    if delivered:  # one more query, only when an order can have return requests
        from freeport.aftersales.selectors import requests_of

        by_pk = {o.pk: o for o in orders}
        for found in (
            requests_of(request.user).filter(order_id__in=delivered).prefetch_related(None)
        ):
            by_pk[found.order_id].return_requests.append(found)
        from freeport.reviews.selectors import order_lines_with_reviews

        order_lines_with_reviews(request.user, orders)  # one more query: each line's review
    return render(request, "orders/group.html", {"group": group, "orders": orders,
                                                 "unpaid": unpaid})  # fmt: skip


@login_required
@require_POST
def group_pay(request, number):
    from freeport.payments.errors import PaymentError
    from freeport.payments.services import payment_start

    try:  # payment_start finds the shopper's checkout by its number and locks it
        payment = payment_start(group_number=number, user=request.user)
    except PaymentError as exc:  # the payment service explains why (expired, already paid)
        if exc.code == "not_found":
            raise Http404("No such order") from None
        messages.error(request, str(exc))
        return redirect("orders:group", number=number)
    return redirect(payment.pay_url())


@login_required
@require_POST
def group_cancel(request, number):
    group = _group(request, number)
    if services.order_group_cancel(group=group, actor=request.user, reason="shopper cancelled"):
        messages.success(request, _("Your order was cancelled."))
    return redirect("orders:group", number=number)
