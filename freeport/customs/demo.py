"""Demo customs declarations (docs/demo-data.md): a few paid orders at every stage.

Buyers get made-up resident ID numbers that pass the GB 11643 check (region code of their
city, a birth date, a sequence number, the check digit). The declarations go through the real
path: built, validated, queued in the outbox, delivered to the customs simulator, receipts
polled. Most end released; one is rejected (its payment record was altered, as a buggy payment
adapter might), one waits for customs and one is still queued: the Huey consumer of `make demo`
moves those two along within a minute or two.
"""

import random
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from freeport.catalog.models import SKU
from freeport.catalog.selectors import public_products
from freeport.customers.models import Address
from freeport.kernel.models import OutboxMessage
from freeport.kernel.outbox import outbox_dispatch

from . import declarations, identity
from .models import Buyer, Declaration, SimulatedCustomsReceipt
from .services import buyer_register
from .sources import Paid, order_source

REGIONS = {"北京市": "110105", "上海市": "310115", "广州市": "440106", "深圳市": "440305",
           "杭州市": "330106", "南京市": "320106", "成都市": "510107"}  # fmt: skip
COUNT = 10
FIRST_ORDER = 2026110100001


def _id_number(region: str, rng: random.Random) -> str:
    born = datetime(1975, 1, 1) + timedelta(days=rng.randrange(0, 365 * 25))
    first17 = f"{region}{born:%Y%m%d}{rng.randrange(100, 999)}"
    return first17 + identity.check_digit(first17)


def _buyer(address: Address, rng: random.Random) -> Buyer:
    existing = Buyer.objects.filter(user=address.user).first()
    if existing:
        return existing
    number = _id_number(REGIONS.get(address.city, "370202"), rng)
    return buyer_register(
        user=address.user, name=address.recipient_name, id_number=number, mobile=address.phone
    )


def load(usernames: list[str], seed: int) -> int:
    """Declare COUNT demo orders (once); returns how many declarations exist."""
    rng = random.Random(seed)
    order_nos = [f"FP{FIRST_ORDER + n}" for n in range(COUNT)]
    if Declaration.objects.filter(order_no__in=order_nos).count() == COUNT:
        return COUNT
    addresses = list(
        Address.objects.filter(user__username__in=usernames, is_default=True)
        .select_related("user")
        .order_by("user__username")[:COUNT]
    )
    skus = list(
        SKU.objects.filter(is_active=True, product__in=public_products(), price__lt=1500)
        .select_related("merchant", "product__brand", "product__tax_profile")
        .order_by("id")
    )
    by_merchant: dict[int, list[SKU]] = {}
    for sku in skus:
        by_merchant.setdefault(sku.merchant_id, []).append(sku)
    merchants = sorted(by_merchant)
    paid_at = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    for n, order_no in enumerate(order_nos):
        address = addresses[n % len(addresses)]
        offer = by_merchant[merchants[rng.randrange(len(merchants))]]
        picked = rng.sample(offer, k=min(len(offer), rng.choice([1, 1, 2, 3])))
        items = [(sku, rng.choice([1, 1, 2])) for sku in picked]
        source = order_source(
            paid=Paid(order_no=order_no, transaction_id=f"SBX{order_no[2:]}",
                      paid_at=paid_at + timedelta(hours=7 * n), logistics_no=f"FPL{order_no[2:]}",
                      freight=Decimal("0.00"), shopper_ref=address.user.username),
            items=items, buyer=_buyer(address, rng), address=address,
        )  # fmt: skip
        declarations.declaration_create(source=source)
    _play(order_nos)
    return Declaration.objects.filter(order_no__in=order_nos).count()


def _play(order_nos: list[str]) -> None:
    """Send all but the last order to the simulator and let time pass, except for one waiting."""
    rejected = Declaration.objects.get(order_no=order_nos[5])
    payment = rejected.messages.get(kind="CEB411")
    payment.xml = re.sub(r"<ceb:amountPaid>[^<]+<", "<ceb:amountPaid>1.00<", payment.xml)
    payment.save(update_fields=["xml"])
    waiting, queued = order_nos[-2], order_nos[-1]
    now = timezone.now()
    held = [f"customs:{guid}" for guid in _guids(queued)]
    OutboxMessage.objects.filter(key__in=held).update(next_attempt_at=now + timedelta(days=1))
    outbox_dispatch(now=now)
    OutboxMessage.objects.filter(key__in=held).update(next_attempt_at=now)
    sent = timezone.now()
    declarations.receipts_poll(now=sent + timedelta(seconds=5))  # 120s; inventories decided
    # the waiting order's decision is handed out live, a minute and a half after loading
    SimulatedCustomsReceipt.objects.filter(
        message__guid__in=_guids(waiting), delivered_at=None
    ).update(available_at=F("available_at") + timedelta(seconds=90))
    declarations.receipts_poll(now=sent + timedelta(seconds=60))


def _guids(order_no: str) -> list[str]:
    return list(Declaration.objects.get(order_no=order_no).messages.values_list("guid", flat=True))
