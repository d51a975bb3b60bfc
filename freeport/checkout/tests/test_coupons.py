"""Promotions and coupons at checkout: open cuts lower the dutiable value, coupons only the
payable; exact allocation; declared as paid; coupons held, used, returned."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from freeport.checkout import selectors, services
from freeport.checkout.models import Coupon, CouponRedemption, Promotion
from freeport.customs import declarations
from freeport.customs.models import Declaration
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders import services as orders
from freeport.orders.testing import shopper_make

pytestmark = pytest.mark.django_db
D = Decimal


def _window():
    now = timezone.now()
    return {"valid_from": now - timedelta(days=1), "valid_until": now + timedelta(days=1)}


@pytest.fixture
def promotion(merchant):
    return Promotion.objects.create(name_zh="满400减30", name_en="Spend 400 save 30",
                                    merchant=merchant, threshold=D("400"), amount=D("30"),
                                    **_window())  # fmt: skip


def _coupon(**kw):
    fields = {"code": "SAVE20", "name_zh": "立减20", "name_en": "20 off", "kind": "fixed",
              "amount": D("20"), "funded_by": "platform"} | _window() | kw  # fmt: skip
    return Coupon.objects.create(**fields)


def _plan(user, buyer=None, code=""):
    lines = selectors.cart_lines(selectors.cart_of(user=user))
    return selectors.checkout_plan(lines, buyer=buyer, coupon_code=code, user=user)


def _place(user, buyer, address, key="k", code=""):
    return services.order_place(user=user, idempotency_key=key, buyer_id=buyer.pk,
                                address_id=address.pk, coupon_code=code)  # fmt: skip


def _pay(group):
    return orders.order_group_paid(
        group_number=group.number,
        transaction_id="T",
        amount=group.total,
        currency="CNY",
        paid_at=timezone.now(),
    )


def test_open_cut_lowers_the_dutiable_value_coupon_only_the_payable(shopper, skus, stocked,
                                                                     promotion):  # fmt: skip
    user, buyer, address = shopper
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=3)  # 714.00
    plain = _plan(user, buyer)
    assert plain.price_cut == D("30") and plain.totals["goods"] == D("684.00")
    assert plain.totals["dutiable_value"] == D("684.00")
    _coupon()
    with_coupon = _plan(user, buyer, "save20")  # codes are case-insensitive
    assert with_coupon.coupon_reason == "ok"
    assert with_coupon.totals["discount"] == D("20.00")
    assert with_coupon.totals["dutiable_value"] == plain.totals["dutiable_value"]  # not lowered
    assert with_coupon.totals["tax"] == plain.totals["tax"]
    assert with_coupon.totals["payable"] == plain.totals["payable"] - D("20.00")

    group = _place(user, buyer, address, code="SAVE20")
    order = group.orders.get()
    assert order.total == with_coupon.totals["payable"]
    assert order.price_cut == D("30") and order.discount == D("20")
    lines = list(order.lines.all())
    assert sum(ln.price_cut for ln in lines) == D("30")
    assert sum(ln.discount for ln in lines) == D("20")
    assert CouponRedemption.objects.get().status == "held"

    _pay(group)
    outbox_dispatch()  # declare; the coupon is used
    assert CouponRedemption.objects.get().status == "used"
    source = declarations.source_of(Declaration.objects.get(order_no=order.number))
    assert source.actural_paid == order.total
    assert source.goods_value == order.goods == D("684.00")
    for line in source.lines:  # whole fen per unit: 3 units share a 30.00 cut (10.00 each)
        assert line.total_price == line.total_price.quantize(D("0.01"))


def test_a_cut_that_does_not_divide_declares_two_lines(shopper, skus, stocked, merchant):
    Promotion.objects.create(name_zh="满600减10.01", name_en="x", merchant=merchant,
                             threshold=D("600"), amount=D("10.01"), **_window())  # fmt: skip
    user, buyer, address = shopper
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=3)
    group = _place(user, buyer, address)
    _pay(group)
    outbox_dispatch()
    order = group.orders.get()
    source = declarations.source_of(Declaration.objects.get(order_no=order.number))
    assert [(str(ln.price), int(ln.qty)) for ln in source.lines] == [("234.67", 1), ("234.66", 2)]
    assert source.goods_value == order.goods == D("703.99")
    assert source.actural_paid == order.total


def test_unpaid_expiry_returns_the_coupon(shopper, skus, stocked):
    user, buyer, address = shopper
    coupon = _coupon(per_shopper_limit=1)
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    group = _place(user, buyer, address, code="SAVE20")
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    assert _plan(user, buyer, "SAVE20").coupon_reason == "limit_reached"  # held counts
    orders.orders_expire(now=group.expires_at + timedelta(seconds=1))
    outbox_dispatch()
    assert CouponRedemption.objects.get(coupon=coupon).status == "returned"
    assert _plan(user, buyer, "SAVE20").coupon_reason == "ok"  # usable again


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"valid_until": timezone.now() - timedelta(hours=1)}, "expired"),
        ({"min_spend": D("999")}, "below_min_spend"),
        ({"is_active": False}, "inactive"),
        ({"total_limit": 0}, "used_up"),
    ],
)
def test_a_refused_coupon_says_why_and_nothing_is_placed(shopper, skus, stocked, changes, reason):
    user, buyer, address = shopper
    _coupon(**changes)
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    plan = _plan(user, buyer, "SAVE20")
    assert plan.coupon_reason == reason and not plan.can_place
    with pytest.raises(services.CheckoutError) as info:
        _place(user, buyer, address, code="SAVE20")
    assert info.value.code == "coupon_refused"
    assert not CouponRedemption.objects.exists()


def test_unknown_coupon_code(shopper, skus, stocked):
    user, buyer, _ = shopper
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    plan = _plan(user, buyer, "NOPE")
    assert plan.coupon_reason == "unknown" and "coupon_refused" in plan.codes


def test_new_shopper_coupon_refused_after_a_paid_order(shopper, skus, stocked):
    user, buyer, address = shopper
    _coupon(code="WELCOME", new_shopper_only=True)
    services.cart_add(user=user, sku_id=skus["F1-400"].pk, quantity=1)
    _pay(_place(user, buyer, address, key="first"))
    services.cart_add(user=user, sku_id=skus["F1-400"].pk, quantity=1)
    assert _plan(user, buyer, "WELCOME").coupon_reason == "new_shopper_only"
    other, other_buyer, _ = shopper_make("newcomer")
    services.cart_add(user=other, sku_id=skus["F1-400"].pk, quantity=1)
    assert _plan(other, other_buyer, "WELCOME").coupon_reason == "ok"


def test_merchant_coupon_covers_only_its_goods_and_hint_shows(shopper, skus, stocked, merchant,
                                                              promotion):  # fmt: skip
    user, buyer, _ = shopper
    _coupon(code="KIWI10", kind="percent", percent=D("10"), funded_by="merchant",
            merchant=merchant, amount=D("0"))  # fmt: skip
    services.cart_add(user=user, sku_id=skus["F1-400"].pk, quantity=1)  # 129.00
    plan = _plan(user, buyer, "KIWI10")
    assert plan.totals["discount"] == D("12.90")
    assert plan.hints and plan.hints[0][1:] == (D("271.00"), D("30"))  # spend 271 more, save 30
