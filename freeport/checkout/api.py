"""The cart over HTTP (contract in docs/api.md).

    GET    /api/v1/cart                    the cart as checkout would place it (orders, taxes)
    POST   /api/v1/cart/lines              add units of a SKU
    PUT    /api/v1/cart/lines/{sku_code}   set a line's quantity (0 removes it)
    DELETE /api/v1/cart/lines/{sku_code}   remove a line
    GET    /api/v1/cart/fx?currency=USD    the cart's total in another currency
    POST   /api/v1/cart/fx-locks           lock that quote for 24 h (signed in)

The cart is the signed-in shopper's, or the browser session's for an anonymous one (merged
into the shopper's cart at sign-in). Unsafe requests are CSRF-checked like ninja's django_auth.
Messages come in the language of Accept-Language (zh-Hans or en).
"""

from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Query, Router, Status
from ninja.security import APIKeyCookie, django_auth

from freeport.catalog.models import SKU
from freeport.customs.selectors import buyers_of

from . import fx, fx_services, selectors, services
from .schemas import (
    CartAddedOut,
    CartLineIn,
    CartOut,
    CartQuantityIn,
    CartQuery,
    ErrorOut,
    FxOut,
    FxQuery,
)

router = Router(tags=["cart"])


class CartSession(APIKeyCookie):
    """The signed-in shopper or, without one, the browser's session: every caller has a cart.
    Unsafe methods are CSRF-checked exactly as ninja's django_auth checks them."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else "anonymous"


cart_session = CartSession()


# ------------------------------------------------------------------------------ shared helpers
# (used by freeport/orders/api.py too)


def request_language(request, response: HttpResponse) -> None:
    """Speak the client's language: the first of Accept-Language that Freeport speaks (zh-Hans,
    en), else the site's choice (language cookie, else zh-Hans). Pages ignore Accept-Language
    (kernel/middleware.py); an API client says what it wants."""
    header = request.headers.get("Accept-Language", "")
    for code, _q in parse_accept_lang_header(header):
        if code == "*":
            continue
        try:
            language = translation.get_supported_language_variant(code)
        except LookupError:
            continue
        translation.activate(language)
        request.LANGUAGE_CODE = language
        break
    response.headers["Content-Language"] = translation.get_language()
    patch_vary_headers(response, ("Accept-Language",))


def error(status: int, code: str, message: str, errors: dict[str, str] | None = None) -> Status:
    return Status(
        status,
        {
            "code": code,
            "message": message,
            "errors": [{"field": f, "reason": r} for f, r in (errors or {}).items()],
        },
    )


# The service names its fields by what it was given; the API by what the client sent.
_FIELDS = {"sku": "sku_code", "idempotency_key": "Idempotency-Key"}
_INPUT = {"invalid", "unknown_sku", "unavailable"}


def checkout_error(exc: services.CheckoutError) -> Status:
    """A CheckoutError as the API's error body: 409 when the cart as a whole is the problem
    (the service's code, or cart_problem), 404 for a line that is not in the cart, 422 for bad
    input (naming the field), 409 for the rest (idempotency_conflict)."""
    errors = {_FIELDS.get(k, k): v for k, v in exc.errors.items()}
    message = " ".join(exc.errors.values())
    if set(errors) == {"cart"}:
        return error(409, "cart_problem" if exc.code == "invalid" else exc.code, message, errors)
    if exc.code == "not_in_cart":
        return error(404, exc.code, message, errors)
    if exc.code in _INPUT:
        code = "validation_error" if exc.code == "invalid" else exc.code
        return error(422, code, message, errors)
    return error(409, exc.code, message, errors)


# ------------------------------------------------------------------------------ the cart


def _money(value) -> str:
    return f"{value:.2f}"


def _owner(request, *, create: bool = False) -> dict:
    if request.user.is_authenticated:
        return {"user": request.user}
    if create and not request.session.session_key:
        request.session.save()  # an anonymous cart lives as long as its session
    return {"session_key": request.session.session_key}


def _title(sku, lang: str) -> str:
    return f"{getattr(sku.product, f'title_{lang}')} {getattr(sku, f'variant_{lang}')}".strip()


def _totals(t: dict) -> dict:
    names = ("goods", "freight", "discount", "dutiable_value", "tariff", "consumption_tax", "vat",
             "tax")  # fmt: skip
    return {**{k: _money(t[k]) for k in names}, "total": _money(t["payable"])}


def _planned_line(sku, quantity: int, figures) -> dict:
    taxes = ("freight", "dutiable_value", "tariff", "consumption_tax", "vat", "tax", "payable")
    return {
        "sku_code": sku.code,
        "sku_id": sku.pk,
        "quantity": quantity,
        "unit_price": _money(sku.price),
        "goods": _money(figures.goods if figures else sku.price * quantity),
        **{k: _money(getattr(figures, k)) if figures else None for k in taxes},
    }


def _named(row) -> dict:
    return {"code": row.code, "name_zh": row.name_zh, "name_en": row.name_en}


def _buyer(request, buyer_id: int | None = None):
    """Whose annual allowance prices the cart: the buyer asked for (None if not the shopper's),
    else the shopper's first buyer, as on the cart page; nobody's for an anonymous cart."""
    if not request.user.is_authenticated:
        return None
    buyers = buyers_of(request.user)
    if buyer_id is None:
        return buyers[0] if buyers else None
    return next((b for b in buyers if b.pk == buyer_id), None)


def _cart(request, *, buyer=None, split: bool = False, coupon: str = "") -> dict:
    """The cart's body; writes answer it as GET /cart without parameters would."""
    owner = _owner(request)
    lines = selectors.cart_lines_of(**owner)
    bonded = selectors.bonded_warehouses()  # for the plan's stores and the orders' names
    plan = selectors.checkout_plan(
        lines, buyer=buyer, split=split, coupon_code=coupon, user=owner.get("user"),
        warehouses=bonded,
    )  # fmt: skip
    warehouses = {w.pk: w for w in bonded}
    return {
        "lines": [
            {
                "sku_code": i.sku.code,
                "sku_id": i.sku.pk,
                "title_zh": _title(i.sku, "zh"),
                "title_en": _title(i.sku, "en"),
                "quantity": i.quantity,
                "unit_price": _money(i.sku.price),
                "goods": _money(i.sku.price * i.quantity),
                "problem": {"code": i.code, "message": i.problem} if i.problem else None,
                "available": i.available,
            }
            for i in plan.items
        ],
        "count": sum(i.quantity for i in plan.items),
        "orders": [
            {
                "merchant": _named(o.merchant),
                "warehouse": _named(warehouses[o.store.warehouse_id]),
                "dispatch_hours": o.store.dispatch_hours,
                "regime": o.quote.regime,
                "refused_reason": o.quote.reason,
                "to_free_freight": _money(o.to_free_freight),
                "lines": [_planned_line(sku, qty, figures) for (sku, qty), figures in o.rows],
                "totals": _totals(o.quote.totals),
            }
            for o in plan.orders
        ],
        "totals": _totals(plan.totals),
        "problems": [
            {"code": code, "message": message}
            for code, message in zip(plan.codes, plan.problems, strict=True)
        ],
        "split": split,
        "split_into": plan.split_into,
        "can_place": plan.can_place,
        "buyer": buyer.pk if buyer else None,
        "annual_used": _money(plan.annual_used),
        "price_cut": _money(plan.price_cut),
        "promotions": [
            {"merchant": _named(m), "name": p.name, "amount": _money(a)}
            for m, p, a in plan.promotions
        ],
        "hints": [
            {"merchant": _named(m), "spend_more": _money(more), "save": _money(save)}
            for m, more, save in plan.hints
        ],
        "coupon": {"code": coupon.strip().upper(), "status": plan.coupon_reason,
                   "discount": _money(plan.totals.get("discount", 0))} if coupon.strip() else None,
    }  # fmt: skip


def _remember_count(request, count: int) -> None:
    """The pages' header shows the cart's size from the session (as checkout/views.py does)."""
    if request.session.get("cart_count") != count:  # unchanged: no session write
        request.session["cart_count"] = count


def _prefers_minimal(request, response: HttpResponse) -> bool:
    """`Prefer: return=minimal` (RFC 7240): the client does not want the priced cart back."""
    tokens = {
        part.split(";", 1)[0].strip().lower()
        for part in request.headers.get("Prefer", "").split(",")
    }
    if "return=minimal" not in tokens:
        return False
    response.headers["Preference-Applied"] = "return=minimal"
    patch_vary_headers(response, ("Prefer",))
    return True


CART_ERRORS = {404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get(
    "/cart",
    response={200: CartOut, 422: ErrorOut},
    auth=cart_session,
    summary="The cart, as checkout would place it: customs orders, taxes, problems",
)
def cart_get(request, response: HttpResponse, filters: Query[CartQuery]):
    """Also sets the `csrftoken` cookie: send it back in `X-CSRFToken` on writes."""
    request_language(request, response)
    get_token(request)
    buyer = _buyer(request, filters.buyer)
    if filters.buyer is not None and buyer is None:
        message = _("Choose one of your buyers.")
        return error(422, "validation_error", message, {"buyer": message})
    return _cart(request, buyer=buyer, split=filters.split, coupon=filters.coupon)


@router.post(
    "/cart/lines",
    response={200: CartOut | CartAddedOut, **CART_ERRORS},
    auth=cart_session,
    summary="Add units of a SKU to the cart",
)
def cart_line_add(request, response: HttpResponse, payload: CartLineIn):
    """Answers the cart as GET /cart would; with `Prefer: return=minimal` only the line's
    quantity and the cart's count (no pricing: a fraction of the work)."""
    request_language(request, response)
    # A code unknown to the catalog goes to the service as no SKU: it answers unknown_sku.
    sku = (
        SKU.objects.filter(code=payload.sku_code)
        .select_related("product")
        .order_by("-is_active", "pk")
        .first()
    )
    try:
        line, count = services.cart_add_counted(
            sku_id=sku, quantity=payload.quantity, **_owner(request, create=True)
        )
    except services.CheckoutError as exc:
        return checkout_error(exc)
    _remember_count(request, count)
    if _prefers_minimal(request, response):
        return {"sku_code": payload.sku_code, "quantity": line.quantity, "count": count}
    return _cart(request, buyer=_buyer(request))


def _line_sku_id(request, sku_code: str) -> int | None:
    """The SKU of the cart's line with this code (None when the cart has no such line)."""
    lines = selectors.cart_lines_of(**_owner(request))
    return next((sku.pk for sku, _qty in lines if sku.code == sku_code), None)


def _set(request, sku_code: str, quantity: int):
    sku_id = _line_sku_id(request, sku_code)
    if sku_id is None:
        message = _("This item is not in your cart.")
        return error(404, "not_in_cart", message, {"sku_code": message})
    try:
        services.cart_set(sku_id=sku_id, quantity=quantity, **_owner(request))
    except services.CheckoutError as exc:
        return checkout_error(exc)
    body = _cart(request, buyer=_buyer(request))
    _remember_count(request, body["count"])
    return body


@router.put(
    "/cart/lines/{sku_code}",
    response={200: CartOut, **CART_ERRORS},
    auth=cart_session,
    summary="Set the quantity of a cart line (0 removes it)",
)
def cart_line_set(request, response: HttpResponse, sku_code: str, payload: CartQuantityIn):
    request_language(request, response)
    return _set(request, sku_code, payload.quantity)


@router.delete(
    "/cart/lines/{sku_code}",
    response={200: CartOut, **CART_ERRORS},
    auth=cart_session,
    summary="Remove a line from the cart",
)
def cart_line_delete(request, response: HttpResponse, sku_code: str):
    request_language(request, response)
    return _set(request, sku_code, 0)


# ------------------------------------------------------------------------------ currencies


def _fx_body(q, lock=None) -> dict:
    return {
        "currency": q.currency, "cny": _money(q.cny), "cny_per_unit": str(q.cny_per_unit),
        "source": q.source, "as_of": q.as_of, "fee_rate": str(q.fee_rate),
        "amount": str(q.amount), "fee": str(q.fee), "total": str(q.total),
        "lock": lock.pk if lock else None, "locked_until": lock.locked_until if lock else None,
    }  # fmt: skip


def _cart_total(request, body) -> Decimal:
    lines = selectors.cart_lines_of(**_owner(request))
    plan = selectors.checkout_plan(
        lines, split=body.split, coupon_code=body.coupon, user=request.user
    )
    return plan.totals["payable"]


@router.get(
    "/cart/fx",
    response={200: FxOut, 409: ErrorOut, 422: ErrorOut},
    auth=cart_session,
    summary="The cart's total in another currency: rate, source, time, fee (docs/checkout.md)",
)
def cart_fx_quote(request, response: HttpResponse, filters: Query[FxQuery]):
    request_language(request, response)
    try:
        q = fx_services.fx_quote(cny=_cart_total(request, filters), currency=filters.currency)
    except fx.FxError as exc:
        return error(409 if exc.code in ("stale_rate", "no_rate") else 422, exc.code, str(exc),
                     {"currency": str(exc)})  # fmt: skip
    return _fx_body(q)


@router.post(
    "/cart/fx-locks",
    response={201: FxOut, 401: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=django_auth,
    summary="Lock the cart's total in a currency for 24 hours; pass `fx_lock` when placing",
)
def cart_fx_lock(request, response: HttpResponse, payload: FxQuery):
    request_language(request, response)
    try:
        lock = fx_services.fx_lock(
            user=request.auth, cny=_cart_total(request, payload), currency=payload.currency
        )
    except fx.FxError as exc:
        return error(409 if exc.code in ("stale_rate", "no_rate") else 422, exc.code, str(exc),
                     {"currency": str(exc)})  # fmt: skip
    q = fx.Quote(lock.currency, lock.cny, lock.cny_per_unit, lock.source, lock.as_of,
                 lock.fee_rate, lock.amount, lock.fee, lock.total)  # fmt: skip
    return Status(201, _fx_body(q, lock))
