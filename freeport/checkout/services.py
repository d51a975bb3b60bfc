"""Checkout writes: the cart, and placing its orders (stock reserved, idempotency key)."""

import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from freeport.catalog.models import SKU
from freeport.customers.models import Address
from freeport.customs.models import Buyer
from freeport.inventory import services as inventory
from freeport.orders import numbers
from freeport.orders.models import OrderGroup
from freeport.orders.services import LinePlan, OrderPlan, order_group_create

from . import selectors
from .models import Cart, CartLine, Coupon, CouponRedemption, FxLock


class CheckoutError(Exception):
    """Bad input or a cart that cannot be placed: `errors` maps a field (or "cart") to the
    localized reason; `code` is stable for the API."""

    def __init__(self, errors: dict[str, str], code: str = "invalid"):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors, self.code = errors, code


def _cart_for(*, user=None, session_key: str | None = None, create: bool = False) -> Cart | None:
    cart = selectors.cart_of(user=user, session_key=session_key)
    if cart is None and create:
        if user is not None and user.is_authenticated:
            cart, _ = Cart.objects.get_or_create(user=user)
        elif session_key:
            cart, _ = Cart.objects.get_or_create(session_key=session_key)
        else:
            raise CheckoutError({"cart": _("No cart: cookies are needed to keep a cart.")})
    return cart


def _quantity(value) -> int:
    try:
        quantity = int(value)
    except (TypeError, ValueError):
        raise CheckoutError({"quantity": _("Enter a whole number.")}) from None
    if quantity < 0:
        raise CheckoutError({"quantity": _("The quantity cannot be negative.")})
    if quantity > settings.CHECKOUT_MAX_QUANTITY:
        raise CheckoutError(
            {"quantity": _("At most %(n)d of one item per order.")
             % {"n": settings.CHECKOUT_MAX_QUANTITY}}
        )  # fmt: skip
    return quantity


def _sku(sku_id) -> SKU:
    """The active SKU `sku_id` (or an SKU row the caller loaded with its product)."""
    if isinstance(sku_id, SKU) and sku_id.is_active:
        sku = sku_id
    else:
        try:
            sku = SKU.objects.select_related("product").get(pk=int(sku_id), is_active=True)
        except (TypeError, ValueError, SKU.DoesNotExist):
            raise CheckoutError({"sku": _("This item does not exist.")}, "unknown_sku") from None
    if sku.product.status != "approved":
        raise CheckoutError({"sku": _("This item is no longer sold.")}, "unavailable")
    return sku


def _locked_cart(*, user=None, session_key: str | None = None, create: bool = False):
    """The owner's cart, its row locked (one statement), or None; made first with `create`."""
    if user is not None and user.is_authenticated:
        owner = {"user": user}
    elif session_key:
        owner = {"session_key": session_key, "user__isnull": True}
    else:
        owner = None
    cart = owner and Cart.objects.select_for_update().filter(**owner).first()
    if cart is None and create:
        cart = _cart_for(user=user, session_key=session_key, create=True)
        cart = Cart.objects.select_for_update().get(pk=cart.pk)
    return cart


@transaction.atomic
def cart_add_counted(*, sku_id, quantity=1, user=None, session_key=None) -> tuple[CartLine, int]:
    """`cart_add`, also answering the units the cart holds afterwards (for the header's count:
    read under the cart's lock, in the same transaction, so no second query is needed).
    `sku_id` may be the SKU row itself, loaded with its product (not read again)."""
    quantity = _quantity(quantity)
    if quantity == 0:
        raise CheckoutError({"quantity": _("Add at least one.")})
    sku = _sku(sku_id)
    # Locked: after a placement in flight, which holds the same lock.
    cart = _locked_cart(user=user, session_key=session_key, create=True)
    lines = list(CartLine.objects.filter(cart=cart))  # at most CHECKOUT_MAX_LINES rows
    line = next((ln for ln in lines if ln.sku_id == sku.pk), None)
    if line is None:
        if len(lines) >= settings.CHECKOUT_MAX_LINES:
            raise CheckoutError(
                {"cart": _("A cart holds at most %(n)d different items.")
                 % {"n": settings.CHECKOUT_MAX_LINES}}
            )  # fmt: skip
        line = CartLine.objects.create(cart=cart, sku=sku, quantity=quantity)
        lines.append(line)
    else:
        line.quantity = _quantity(line.quantity + quantity)
        line.save(update_fields=["quantity"])
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return line, sum(ln.quantity for ln in lines)


def cart_add(*, sku_id, quantity=1, user=None, session_key=None) -> CartLine:
    """Add units of a SKU (added to what the cart already holds of it)."""
    return cart_add_counted(sku_id=sku_id, quantity=quantity, user=user, session_key=session_key)[0]


@transaction.atomic
def cart_set(*, sku_id, quantity, user=None, session_key=None) -> None:
    """Set a line's quantity; 0 removes it."""
    quantity = _quantity(quantity)
    cart = _cart_for(user=user, session_key=session_key)
    try:
        sku_id = int(sku_id)
    except (TypeError, ValueError):
        raise CheckoutError({"sku": _("This item does not exist.")}, "unknown_sku") from None
    line = cart and CartLine.objects.filter(cart=cart, sku_id=sku_id).first()
    if not line:
        raise CheckoutError({"sku": _("This item is not in your cart.")}, "not_in_cart")
    if quantity == 0:
        line.delete()
    else:
        line.quantity = quantity
        line.save(update_fields=["quantity"])


@transaction.atomic
def cart_clear(*, user=None, session_key=None) -> int:
    cart = selectors.cart_of(user=user, session_key=session_key)
    return CartLine.objects.filter(cart=cart).delete()[0] if cart else 0


@transaction.atomic
def cart_merge(*, session_key: str, user) -> int:
    """At sign-in: move the anonymous cart's lines into the shopper's cart (quantities add up,
    capped at the per-line limit); returns the number of lines merged."""
    anonymous = Cart.objects.filter(session_key=session_key, user__isnull=True).first()
    if anonymous is None:
        return 0
    cart, _ = Cart.objects.get_or_create(user=user)
    merged = 0
    for line in anonymous.lines.all():
        mine, created = CartLine.objects.get_or_create(
            cart=cart, sku_id=line.sku_id, defaults={"quantity": line.quantity}
        )
        if not created:
            mine.quantity = min(mine.quantity + line.quantity, settings.CHECKOUT_MAX_QUANTITY)
            mine.save(update_fields=["quantity"])
        merged += 1
    anonymous.delete()
    return merged


def _request_hash(buyer_id, address_id, split, coupon_code="", fx_lock_id=None) -> str:
    """What the request asked for. The cart is server state (emptied by a successful placement),
    so a retry after success sends the same request and gets the same orders."""
    body = json.dumps(
        {"buyer": str(buyer_id), "address": str(address_id), "split": bool(split),
         "coupon": (coupon_code or "").strip().upper(), "fx": str(fx_lock_id or "")}
    )  # fmt: skip
    return hashlib.sha256(body.encode()).hexdigest()


def _existing(user, key: str, request_hash: str) -> OrderGroup | None:
    group = OrderGroup.objects.filter(user=user, idempotency_key=key).first()
    if group is not None and group.request_hash != request_hash:
        raise CheckoutError(
            {"idempotency_key": _("This key was already used for a different checkout.")},
            "idempotency_conflict",
        )
    return group


def order_place(
    *, user, idempotency_key: str, buyer_id, address_id, split: bool = False, coupon_code="",
    fx_lock_id=None, now=None,
) -> OrderGroup:  # fmt: skip
    """Place the cart's orders: checked, priced, stock reserved, cart emptied, in one transaction.

    The same idempotency key again returns the same orders (never two); the same key with
    another buyer, address or split choice is refused. Anything the shopper must fix raises
    CheckoutError and changes nothing.
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 80:
        raise CheckoutError(
            {"idempotency_key": _("An idempotency key (1-80 characters) is required.")}
        )
    try:
        return _place(user=user, key=key, buyer_id=buyer_id, address_id=address_id, split=split,
                      coupon_code=coupon_code or "", fx_lock_id=fx_lock_id or None,
                      now=now or timezone.now())  # fmt: skip
    except IntegrityError:
        # A concurrent request with the same key won the race: return what it placed.
        group = OrderGroup.objects.filter(user=user, idempotency_key=key).first()
        if group is None:
            raise
        return group


@transaction.atomic
def _place(*, user, key, buyer_id, address_id, split, coupon_code, fx_lock_id, now) -> OrderGroup:
    # Lock the cart first: two placements of one cart (two tabs, two keys) run one after the
    # other, and the second finds the cart emptied; a line added meanwhile waits for the lock.
    cart = Cart.objects.select_for_update().filter(user=user).first()
    lines = selectors.cart_lines(cart)
    request_hash = _request_hash(buyer_id, address_id, split, coupon_code, fx_lock_id)
    existing = _existing(user, key, request_hash)
    if existing is not None:
        return existing
    buyer = Buyer.objects.filter(user=user, pk=_int(buyer_id)).first()
    address = Address.objects.filter(user=user, pk=_int(address_id)).first()
    errors = {}
    if buyer is None:
        errors["buyer"] = _("Choose the buyer: the real-name identity of the person paying.")
    if address is None:
        errors["address"] = _("Choose a delivery address.")
    if not lines:
        errors["cart"] = _("Your cart is empty.")
    if errors:
        raise CheckoutError(errors)
    coupon = selectors.coupon_by_code(coupon_code)
    if coupon is not None:
        # Lock the coupon so its per-shopper and total limits hold under concurrent checkouts.
        coupon = Coupon.objects.select_for_update().get(pk=coupon.pk)
    bonded = selectors.bonded_warehouses()  # for the plan, and carried by the orders written
    plan = selectors.checkout_plan(
        lines, buyer=buyer, split=split, now=now, coupon_code=coupon_code, user=user,
        warehouses=bonded,
    )  # fmt: skip
    if not plan.can_place:
        reasons = plan.problems + [f"{i.sku.code}: {i.problem}" for i in plan.items if i.problem]
        codes = plan.codes + [i.code for i in plan.items if i.code]
        raise CheckoutError({"cart": " ".join(reasons)}, codes[0])
    fx_lock = _fx_lock(user, fx_lock_id, plan.totals["payable"], now)
    group_no = numbers.group_number(now)
    order_numbers = [numbers.order_number(group_no, n) for n in range(1, len(plan.orders) + 1)]
    expires_at = now + settings_ttl()
    plans = [
        OrderPlan(
            merchant_id=o.merchant.pk,
            warehouse_id=o.store.warehouse_id,
            dispatch_hours=o.store.dispatch_hours,
            regime=o.quote.regime,
            lines=tuple(
                LinePlan(sku, qty, figures, cut)
                for (sku, qty), figures, cut in zip(o.items, o.quote.lines, o.cuts, strict=True)
            ),
            totals=o.quote.totals,
            merchant=o.merchant,
            warehouse=next(w for w in bonded if w.pk == o.store.warehouse_id),
        )  # fmt: skip
        for o in plan.orders
    ]
    group = order_group_create(
        user=user, idempotency_key=key, request_hash=request_hash, group_number=group_no,
        order_numbers=order_numbers, buyer=buyer, address=address, plans=plans,
        expires_at=expires_at, fx_lock=fx_lock,
    )  # fmt: skip
    deliver_by = selectors.deliver_by(now)
    for number, o in zip(order_numbers, plan.orders, strict=True):
        try:
            inventory.stock_reserve(
                reference=number,
                lines=[(sku.pk, o.store.warehouse_id, qty) for sku, qty in o.items],
                deliver_by=deliver_by,
                # Stock stays held at least as long as the order may be paid: the order's expiry
                # job releases it; the reservation's own lapse is the safety net.
                expires_at=max(expires_at, inventory.reservation_expires_at(now)),
                products={sku.pk: sku.product_id for sku, _qty in o.items},  # read above
                bonded={w.pk for w in bonded},
            )
        except inventory.OutOfStock:
            raise CheckoutError(
                {"cart": _("Someone bought the last units a moment ago: check your cart.")},
                "out_of_stock",
            ) from None
    if coupon is not None:
        CouponRedemption.objects.create(
            coupon=coupon, user=user, group=group, amount=plan.totals["discount"]
        )
    CartLine.objects.filter(cart=cart, sku__in=[sku for sku, _ in lines]).delete()
    return group


@transaction.atomic
def coupon_follow_group(*, group_id: int) -> str | None:
    """A checkout's coupon follows its orders: used once paid, returned when they are all
    cancelled unpaid. Idempotent (outbox handler of order transitions)."""
    from freeport.orders import states
    from freeport.orders.models import Order

    redemption = CouponRedemption.objects.select_for_update().filter(group_id=group_id).first()
    if redemption is None:
        return None
    order_states = set(Order.objects.filter(group_id=group_id).values_list("state", flat=True))
    if order_states & states.PAID_STATES:
        status = CouponRedemption.Status.USED
    elif order_states <= {states.CANCELLED}:
        status = CouponRedemption.Status.RETURNED
    else:
        return redemption.status
    if redemption.status != status:
        redemption.status = status
        redemption.save(update_fields=["status", "updated_at"])
    return status


def _fx_lock(user, fx_lock_id, cny_total, now) -> FxLock | None:
    """The shopper's locked currency quote, valid now and made for exactly this total."""
    if not fx_lock_id:
        return None
    lock = FxLock.objects.filter(user=user, pk=_int(fx_lock_id)).first()
    if lock is None:
        raise CheckoutError({"fx_lock": _("This exchange-rate lock does not exist.")}, "fx_lock")
    if lock.locked_until <= now:
        raise CheckoutError({"fx_lock": _("The exchange-rate lock has run out: lock it again.")},
                            "fx_lock")  # fmt: skip
    if lock.cny != cny_total:
        raise CheckoutError(
            {"fx_lock": _("The total changed since the rate was locked: lock it again.")},
            "fx_lock",
        )
    return lock


def settings_ttl():
    from datetime import timedelta

    return timedelta(minutes=settings.ORDER_PAYMENT_TTL_MINUTES)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
