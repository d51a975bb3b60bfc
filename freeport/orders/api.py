"""The shopper's orders over HTTP (contract in docs/api.md).

    POST /api/v1/orders                        place the cart's orders (Idempotency-Key header)
    GET  /api/v1/orders                        the shopper's checkouts, newest first
    GET  /api/v1/orders/{group_number}         one checkout: orders, lines, amounts, timelines
    POST /api/v1/orders/{group_number}/cancel  cancel its unpaid orders
    POST /api/v1/orders/{group_number}/payments  start (or resume) paying it

Signed-in shoppers only (session, CSRF-checked by django_auth), and only their own checkouts:
another shopper's number answers 404, exactly as a number that does not exist. Addresses and
phones are shown masked, never in clear.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status
from ninja.security import django_auth

from freeport.checkout import services as checkout
from freeport.checkout.api import checkout_error, error, request_language
from freeport.checkout.schemas import ErrorOut

from . import selectors, services, states
from .models import Order, OrderGroup
from .schemas import GroupOut, GroupPageOut, PageQuery, PaymentStartOut, PlaceIn

router = Router(tags=["orders"], auth=django_auth)


def _money(value) -> str:
    return f"{value:.2f}"


def _named(row) -> dict:
    return {"code": row.code, "name_zh": row.name_zh, "name_en": row.name_en}


AMOUNTS = ("goods", "freight", "insurance", "discount", "dutiable_value", "tariff",
           "consumption_tax", "vat", "tax", "total")  # fmt: skip
LINE_AMOUNTS = ("unit_price", "goods", "freight", "discount", "dutiable_value", "tariff",
                "consumption_tax", "vat", "tax", "payable")  # fmt: skip


def _order(o: Order, lines=None, transitions=None) -> dict:
    """One order's body; `lines` and `transitions` when the caller has them (just placed)."""
    return {
        "number": o.number,
        "state": o.state,
        "state_label": o.state_label(),
        "regime": o.regime,
        "merchant": _named(o.merchant),
        "warehouse": _named(o.warehouse),
        "dispatch_hours": o.dispatch_hours,
        "masked_recipient": o.masked_recipient,
        "masked_phone": o.masked_phone,
        "masked_address": o.masked_address,
        **{k: _money(getattr(o, k)) for k in AMOUNTS},
        "created_at": o.created_at,
        "expires_at": o.expires_at,
        "paid_at": o.paid_at,
        "lines": [
            {
                "sku_code": ln.sku.code,
                "sku_id": ln.sku_id,
                "title_zh": ln.title_zh,
                "title_en": ln.title_en,
                "quantity": ln.quantity,
                **{k: _money(getattr(ln, k)) for k in LINE_AMOUNTS},
            }
            for ln in (o.lines.all() if lines is None else lines)
        ],
        "timeline": [
            {
                "event": t.event,
                "from": t.from_state,
                "to": t.to_state,
                "label": t.label(),
                "at": t.at,
            }
            for t in (o.transitions.all() if transitions is None else transitions)
        ],
    }


def _head(g: OrderGroup, orders: list[Order]) -> dict:
    return {
        "number": g.number,
        "currency": g.currency,
        "total": _money(g.total),
        "created_at": g.created_at,
        "expires_at": g.expires_at,
        "unpaid": any(o.state == states.PENDING_PAYMENT for o in orders),
    }


def _group(g: OrderGroup) -> dict:
    orders = list(g.orders.all())
    return {**_head(g, orders), "orders": [_order(o) for o in orders]}


def _placed(g: OrderGroup) -> dict:
    """A checkout just written by this request, from what was written (no read back)."""
    orders = [o for o, _lines, _transitions in g.placed]
    return {**_head(g, orders), "orders": [_order(*placed) for placed in g.placed]}


def _summary(g: OrderGroup) -> dict:
    orders = list(g.orders.all())
    return {
        **_head(g, orders),
        "orders": [
            {
                "number": o.number,
                "state": o.state,
                "state_label": o.state_label(),
                "merchant": _named(o.merchant),
                "total": _money(o.total),
                "items": sum(ln.quantity for ln in o.lines.all()),
            }
            for o in orders
        ],
    }


def _not_found() -> Status:
    # Someone else's number gets the answer a number that does not exist gets: 404, never 403.
    return error(404, "not_found", _("No such order."))


@router.post(
    "/orders",
    response={200: GroupOut, 201: GroupOut, 409: ErrorOut, 422: ErrorOut},
    by_alias=True,
    summary="Place the cart's orders (idempotent: send an Idempotency-Key)",
)
def order_create(
    request,
    response: HttpResponse,
    payload: PlaceIn,
    idempotency_key: str = Header(
        ..., alias="Idempotency-Key", min_length=1, max_length=80,
        description="1-80 characters, new for each checkout; a retry sends the same key",
    ),
):  # fmt: skip
    """201 with the checkout when placed; 200 with the same checkout when the key was already
    used for this request (a retry); 409 when the key was used for another request or the cart
    cannot be placed; 422 for bad input. Nothing changes unless the answer is 201."""
    request_language(request, response)
    started = timezone.now()
    try:
        group = checkout.order_place(
            user=request.auth, idempotency_key=idempotency_key, buyer_id=payload.buyer,
            address_id=payload.address, split=payload.split, coupon_code=payload.coupon,
            fx_lock_id=payload.fx_lock,
        )  # fmt: skip
    except checkout.CheckoutError as exc:
        return checkout_error(exc)
    request.session["cart_count"] = 0
    # Placed by this request (201), or found under its key: a retry (200). Two concurrent
    # twins may both answer 201; they carry the same checkout, placed once (the service).
    created = group.created_at >= started
    response.headers["Location"] = f"/api/v1/orders/{group.number}"
    if getattr(group, "placed", None) is not None:  # written by this request
        return Status(201, _placed(group))
    return Status(201 if created else 200, _group(selectors.group_of(request.auth, group.number)))


@router.get(
    "/orders",
    response={200: GroupPageOut, 422: ErrorOut},
    summary="Your checkouts, newest first",
)
def order_list(request, response: HttpResponse, filters: Query[PageQuery]):
    request_language(request, response)
    paginator = Paginator(selectors.groups_of(request.auth), filters.page_size)
    if filters.page > max(paginator.num_pages, 1):
        groups = []
    else:
        groups = list(paginator.page(filters.page).object_list)
    return {
        "count": paginator.count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": paginator.num_pages if paginator.count else 0,
        "results": [_summary(g) for g in groups],
    }


@router.get(
    "/orders/{group_number}",
    response={200: GroupOut, 404: ErrorOut},
    by_alias=True,
    summary="One of your checkouts: its orders, lines, amounts, states and timelines",
)
def order_detail(request, response: HttpResponse, group_number: str):
    request_language(request, response)
    group = selectors.group_of(request.auth, group_number)
    return _not_found() if group is None else _group(group)


@router.post(
    "/orders/{group_number}/cancel",
    response={200: GroupOut, 404: ErrorOut, 409: ErrorOut},
    by_alias=True,
    summary="Cancel the unpaid orders of one of your checkouts",
)
def order_cancel(request, response: HttpResponse, group_number: str):
    request_language(request, response)
    group = selectors.group_of(request.auth, group_number)
    if group is None:
        return _not_found()
    cancelled = services.order_group_cancel(
        group=group, actor=request.auth, reason="shopper cancelled"
    )
    if not cancelled:
        message = _("Nothing to cancel: the orders are paid or already cancelled.")
        return error(409, "not_cancellable", message)
    return _group(selectors.group_of(request.auth, group_number))


@router.post(
    "/orders/{group_number}/payments",
    response={201: PaymentStartOut, 404: ErrorOut, 409: ErrorOut},
    summary="Start paying one of your checkouts (or resume its open payment)",
)
def order_payment_start(request, response: HttpResponse, group_number: str):
    """201 with the payment and the provider's page to send the shopper to; 409 when the
    checkout cannot be paid (already paid, cancelled, past its deadline)."""
    from freeport.payments.errors import PaymentError
    from freeport.payments.services import payment_start

    request_language(request, response)
    try:  # payment_start finds the shopper's checkout by its number and locks it
        payment = payment_start(group_number=group_number, user=request.auth)
    except PaymentError as exc:
        if exc.code == "not_found":
            return _not_found()
        return error(409, exc.code, str(exc))
    group = payment.group
    return Status(201, {
        "reference": payment.reference, "provider": payment.provider, "status": payment.status,
        "amount": _money(payment.amount), "currency": payment.currency,
        "pay_url": request.build_absolute_uri(payment.pay_url()),
        "charge_amount": _money(group.charge_amount) if group.charge_amount is not None else None,
        "charge_currency": group.charge_currency,
    })  # fmt: skip
