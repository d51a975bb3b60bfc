"""Demo promotions, coupons and orders (made up; loaded by demo_load).

The orders go through the real path: cart → order_place (stock reserved) → sandbox payment
(signed notification applied) → declaration when the outbox runs. A few are left unpaid so the
expiry job and the "Pay now" button have something to show.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from freeport.catalog.models import SKU, Merchant
from freeport.catalog.selectors import public_products
from freeport.customers.models import Address
from freeport.customs.models import Buyer
from freeport.inventory.models import StockLot, Warehouse
from freeport.orders.models import OrderGroup

from . import fx_services, services
from .models import Coupon, FxRate, Promotion

D = Decimal
PROMOTIONS = [  # (merchant code or None, name zh, name en, threshold, amount)
    (None, "全场满399减30", "Spend ¥399, save ¥30 (all shops)", D("399"), D("30")),
    (None, "全场满999减100", "Spend ¥999, save ¥100 (all shops)", D("999"), D("100")),
    ("sakura-trading", "樱花商贸满299减25", "Sakura Trading: spend ¥299, save ¥25", D("299"),
     D("25")),
]  # fmt: skip
COUPONS = [  # code, zh, en, kind, amount, percent, min_spend, max_off, merchant, new, per-shopper
    ("WELCOME20", "新人立减20元", "¥20 off your first order", "fixed", D("20"), D("0"), D("99"),
     None, None, True, 1),
    ("SAVE10", "全场9折（最高减50元）", "10 % off (up to ¥50)", "percent", D("0"), D("10"),
     D("0"), D("50"), None, False, 3),
    ("SAKURA15", "樱花商贸满200减15", "Sakura Trading: ¥15 off ¥200", "threshold", D("15"),
     D("0"), D("200"), None, "sakura-trading", False, 2),
]  # fmt: skip
# Made-up rates (CNY per unit), loaded as of "now" so the demo can quote; real installations load
# a rates file with `fx_rates_load` (docs/checkout.md).
DEMO_RATES = {"USD": "7.1050", "EUR": "7.7620", "JPY": "0.047310", "KRW": "0.005120",
              "HKD": "0.912400", "AUD": "4.6380", "GBP": "9.0410"}  # fmt: skip
ORDERS = 14
UNPAID = 3


def load(seed: int) -> dict[str, int]:
    now = timezone.now()
    window = {"valid_from": now - timedelta(days=1), "valid_until": now + timedelta(days=365)}
    merchants = {m.code: m for m in Merchant.objects.all()}
    for code, zh, en, threshold, amount in PROMOTIONS:
        Promotion.objects.get_or_create(
            name_zh=zh, defaults={"name_en": en, "merchant": merchants.get(code),
                                  "threshold": threshold, "amount": amount, **window},
        )  # fmt: skip
    for code, zh, en, kind, amount, pct, min_spend, max_off, m, new, per in COUPONS:
        Coupon.objects.get_or_create(
            code=code,
            defaults={"name_zh": zh, "name_en": en, "kind": kind, "amount": amount,
                      "percent": pct, "min_spend": min_spend, "max_off": max_off,
                      "merchant": merchants.get(m) if m else None,
                      "funded_by": "merchant" if m else "platform", "new_shopper_only": new,
                      "per_shopper_limit": per, **window},
        )  # fmt: skip
    fx_services.fx_rates_load(
        [FxRate(currency=c, cny_per_unit=D(v), source="demo rates (made up)", as_of=now)
         for c, v in DEMO_RATES.items()]
    )  # fmt: skip
    return {"promotions": len(PROMOTIONS), "coupons": len(COUPONS), "orders": _orders(seed)}


def _orders(seed: int) -> int:
    """Place demo checkouts for shoppers with a buyer and an address; pay most of them."""
    from freeport.payments.services import payment_start, sandbox_pay

    if OrderGroup.objects.filter(idempotency_key__startswith="demo-").exists():
        return OrderGroup.objects.filter(idempotency_key__startswith="demo-").count()
    rng = random.Random(seed)
    users = list(
        get_user_model()
        .objects.filter(buyers__isnull=False, addresses__isnull=False)
        .distinct()
        .order_by("username")
    )
    in_stock = set(
        StockLot.objects.filter(
            warehouse__kind=Warehouse.Kind.BONDED, quantity_on_hand__gte=5
        ).values_list("sku_id", flat=True)
    )
    skus = [
        s for s in SKU.objects.filter(is_active=True, product__in=public_products(),
                                      price__lt=800).order_by("id")
        if s.pk in in_stock
    ]  # fmt: skip
    placed = 0
    for n in range(min(ORDERS, len(users) * 2)):
        user = users[n % len(users)]
        for sku in rng.sample(skus, k=rng.choice([1, 1, 2, 3])):
            services.cart_add(user=user, sku_id=sku.pk, quantity=rng.choice([1, 1, 2]))
        try:
            with transaction.atomic():
                group = services.order_place(
                    user=user, idempotency_key=f"demo-{n}",
                    buyer_id=Buyer.objects.filter(user=user).first().pk,
                    address_id=Address.objects.filter(user=user).first().pk,
                    coupon_code="SAVE10" if n % 4 == 0 else "",
                )  # fmt: skip
        except services.CheckoutError:
            services.cart_clear(user=user)  # e.g. the allowance is used up: skip this one
            continue
        placed += 1
        if n >= UNPAID:
            sandbox_pay(payment=payment_start(group=group, user=user), deliver_now=False)
    return placed
