"""Demo reviews (loaded by demo_load): delivered orders of the demo shoppers, and their reviews.

The demo center opens with orders that are still on their way, so nothing would be reviewable.
This adds "earlier" orders for the demo shoppers (wang.fang, li.na, ...): placed 2-10 weeks ago
through the order service and moved through the state machine to delivered, with a delivered
parcel; they are history, so they reserve no stock and carry no payment or customs records (a
return on one is refused: "customs has no release on file"). Then most of their lines are
reviewed through `services.review_create`, so ratings and the search index follow the ordinary
path. The newest order of the first of them (by username: chen.jing with the demo seed) is left
unreviewed, to try "Write a review".

The review texts were written for this demo (short, as shoppers write them; mostly Chinese,
some English); none is taken from any data set.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from freeport.catalog.models import SKU
from freeport.catalog.selectors import public_products
from freeport.customers.models import Address
from freeport.customs import tax
from freeport.customs.models import Buyer
from freeport.customs.quoting import line_for_sku
from freeport.fulfillment.models import Shipment
from freeport.inventory.models import Warehouse
from freeport.orders import numbers
from freeport.orders.models import OrderGroup
from freeport.orders.services import LinePlan, OrderPlan, order_group_create, order_transition

from . import services
from .models import Review

KEY = "demo-review-"
PRODUCTS = 18  # the most popular public products get reviews
ORDERS = 84  # one delivered order (one line) each

# Texts by stars (written for the demo). Category-neutral: they fit formula, cosmetics, wine or
# a hair dryer alike, since the demo shoppers buy across the catalog.
TEXTS = {
    5: [
        "保税仓发货很快，三天就到了，包装完好，防伪码查询是正品。",
        "第二次回购了，和专柜买的一模一样，价格便宜不少。",
        "物流信息每一步都看得到，清关也顺利，很放心。",
        "宝贝收到了，生产日期很新，家人都说好。",
        "包装很用心，外箱有气泡膜，一点磕碰都没有。",
        "性价比很高，含税价一目了然，没有隐藏费用。",
        "Arrived in four days, well packed, and the batch number matches the customs record.",
        "Exactly what I get abroad, at a better price. Will buy again.",
        "非常满意，客服回复也及时，推荐给朋友了。",
        "效果超出预期，已经推荐给同事。",
    ],
    4: [
        "东西不错，就是物流比预计慢了一天。",
        "整体满意，外包装有一点压痕，里面没问题。",
        "用了一段时间再来评价，效果还可以，会继续观察。",
        "正品没问题，价格如果再有活动就更好了。",
        "Good product, delivery took a little longer than promised.",
        "挺好的，说明书只有外文，希望附一张中文说明。",
        "和描述一致，保质期还有很久，放心。",
    ],
    3: [
        "中规中矩吧，没有想象中那么好。",
        "东西是正品，但是快递员没打电话直接放驿站了。",
        "一般般，价格和国内活动价差不多。",
        "It is fine, nothing special for the price.",
        "外箱破了一个角，商品本身没坏。",
    ],
    2: [
        "等了一个多星期才到，清关时间有点长。",
        "不太适合我，可能因人而异。",
        "收到的批次和页面图片包装不一样，问了客服说是新版。",
    ],
    1: [
        "物流太慢，中途信息停了好几天，体验不好。",
        "Box arrived crushed; the item was usable but I would not order again soon.",
    ],
}
# Each product leans one way, so the averages differ (a few excellent, most good, one or two
# middling); a review's stars are drawn around its product's lean.
LEANS = [4.8, 4.6, 4.5, 4.3, 4.1, 3.6, 4.7, 4.4, 3.2, 4.5, 4.9, 4.0, 3.8, 4.6, 4.2, 2.9, 4.4, 4.7]


def _stars(rng: random.Random, lean: float) -> int:
    return max(1, min(5, round(rng.gauss(lean, 0.8))))


def load(seed: int) -> dict[str, int]:
    """Once: returns how many demo reviews and delivered demo orders exist."""
    done = OrderGroup.objects.filter(idempotency_key__startswith=KEY)
    if done.exists():
        first = done.order_by("id").values_list("user__username", flat=True).first()
        return {"reviews": Review.objects.count(), "delivered_orders": done.count(),
                "review_as": first}  # fmt: skip
    rng = random.Random(seed)
    users = list(
        get_user_model()
        .objects.filter(buyers__isnull=False, addresses__isnull=False)
        .exclude(username="shopper")
        .distinct()
        .order_by("username")
    )
    warehouse = Warehouse.objects.filter(kind=Warehouse.Kind.BONDED).order_by("position").first()
    if not users or warehouse is None:
        return {"reviews": 0, "delivered_orders": 0, "review_as": None}
    skus = []
    for product in public_products().order_by("-sales_count", "id")[: PRODUCTS * 2]:
        sku = (
            SKU.objects.filter(product=product, is_active=True, price__lt=800)
            .select_related("product__tax_profile", "merchant")
            .order_by("price", "id")
            .first()
        )
        if sku is not None:
            skus.append(sku)
        if len(skus) == PRODUCTS:
            break
    now = timezone.now()
    reviews = 0
    for n in range(ORDERS):
        user = users[n % len(users)]
        i = min(int(rng.expovariate(1 / 6)), len(skus) - 1)  # popular products get more
        sku = skus[i]
        delivered_at = now - timedelta(days=rng.randint(4, 70), hours=rng.randint(0, 23))
        order = _delivered(user, sku, warehouse, delivered_at, key=f"{KEY}{n}")
        last_of_user = n + len(users) >= ORDERS
        if user == users[0] and last_of_user:
            continue
        if rng.random() < 0.1:  # some buyers never review
            continue
        stars = _stars(rng, LEANS[i % len(LEANS)])
        text = rng.choice(TEXTS[stars]) if rng.random() < 0.8 else ""
        written = min(delivered_at + timedelta(days=rng.randint(1, 12), hours=rng.randint(1, 9)),
                      now - timedelta(minutes=5))  # fmt: skip
        services.review_create(user=user, order_line_id=order.lines.get().pk, stars=stars,
                               text=text, now=written)  # fmt: skip
        reviews += 1
    return {"reviews": reviews, "delivered_orders": ORDERS, "review_as": users[0].username}


def _delivered(user, sku, warehouse, delivered_at, *, key: str):
    """One order of one unit of `sku`, placed 4-5 days before `delivered_at`, delivered then."""
    quote = tax.quote(tax.OrderInput(lines=(line_for_sku(sku, 1),), freight=Decimal("0.00")))
    plan = OrderPlan(
        merchant_id=sku.merchant_id, warehouse_id=warehouse.pk,
        dispatch_hours=warehouse.dispatch_hours, regime=quote.regime,
        lines=(LinePlan(sku, 1, quote.lines[0]),), totals=quote.totals,
    )  # fmt: skip
    placed_at = delivered_at - timedelta(days=4, hours=6)
    group_no = numbers.group_number(placed_at)
    group = order_group_create(
        user=user, idempotency_key=key, request_hash="demo", group_number=group_no,
        order_numbers=[numbers.order_number(group_no, 1)],
        buyer=Buyer.objects.filter(user=user).first(),
        address=Address.objects.filter(user=user).order_by("-is_default", "id").first(),
        plans=[plan], expires_at=placed_at + timedelta(minutes=30),
    )  # fmt: skip
    order = group.orders.get()
    steps = [("pay", 0.1), ("declare", 0.2), ("clear", 8), ("pick", 20), ("ship", 26),
             ("deliver", 102)]  # fmt: skip
    for event, hours in steps:
        order = order_transition(
            order_id=order.pk, event=event, reason="demo history",
            at=min(placed_at + timedelta(hours=hours), delivered_at),
        )  # fmt: skip
    type(order).objects.filter(pk=order.pk).update(paid_at=placed_at + timedelta(minutes=6))
    Shipment.objects.create(
        order=order, warehouse=warehouse, status=Shipment.Status.DELIVERED,
        carrier="simulator", waybill_number=numbers.waybill_number(order.number),
        destination_province=order.province, destination_city=order.city,
        expected_weight_kg=sku.gross_weight_kg or Decimal("0.500"),
        paid_at=placed_at, due_at=placed_at + timedelta(hours=24),
        picked_at=placed_at + timedelta(hours=20), packed_at=placed_at + timedelta(hours=21),
        labelled_at=placed_at + timedelta(hours=22),
        handed_over_at=placed_at + timedelta(hours=26), delivered_at=delivered_at,
    )  # fmt: skip
    return order
