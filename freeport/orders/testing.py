"""Test data builders for orders (not used in production code): a placed, unpaid checkout."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from freeport.customers.models import Address
from freeport.customs import tax
from freeport.customs.models import Buyer
from freeport.customs.quoting import line_for_sku
from freeport.customs.services import buyer_register
from freeport.inventory.models import StockLot, Warehouse
from freeport.inventory.services import stock_receive, stock_reserve

from . import numbers
from .models import OrderGroup
from .services import LinePlan, OrderPlan, order_group_create

BUYER_ID = "110105199003071239"


def shopper_make(username: str = "shopper") -> tuple:
    """A user with a registered buyer and a default address."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    buyer = Buyer.objects.filter(user=user).first() or buyer_register(
        user=user, name="王小明", id_number=BUYER_ID, mobile="13912345678"
    )
    address = Address.objects.filter(user=user).first() or Address.objects.create(
        user=user, recipient_name="王小明", phone="13912345678", province="山东省",
        city="青岛市", district="市南区", street="香港中路 8 号 1201 室", is_default=True,
    )  # fmt: skip
    return user, buyer, address


def warehouse_make(code: str = "QD-BW1") -> Warehouse:
    warehouse, _ = Warehouse.objects.get_or_create(
        code=code,
        defaults={"name_zh": "青岛保税仓", "name_en": "Qingdao bonded warehouse",
                  "kind": Warehouse.Kind.BONDED, "province": "山东省", "city": "青岛市",
                  "customs_area_code": "4258", "dispatch_hours": 24},
    )  # fmt: skip
    return warehouse


def stock_make(sku, quantity: int, warehouse=None, expiry: date | None = None) -> StockLot:
    """Receive a new batch (a receipt movement, so inventory_check reconciles)."""
    return stock_receive(
        sku=sku, warehouse=warehouse or warehouse_make(),
        batch_number=f"B{sku.pk}-{StockLot.objects.count() + 1}",
        expiry_date=expiry or date.today() + timedelta(days=400), customs_entry_ref="ENTRY-1",
        quantity=quantity, bin_location=f"A-{StockLot.objects.count() % 24 + 1:02d}-1-1",
    )  # fmt: skip


def group_make(user, buyer, address, items: list[tuple], *, warehouse=None, key="k1",
               freight="0.00", ttl_minutes: int = 30) -> OrderGroup:  # fmt: skip
    """Place one unpaid order of `items` [(sku, qty)] (one merchant) with its stock reserved."""
    from decimal import Decimal

    warehouse = warehouse or warehouse_make()
    now = timezone.now()
    quote = tax.quote(
        tax.OrderInput(
            lines=tuple(line_for_sku(sku, qty) for sku, qty in items), freight=Decimal(freight)
        )
    )
    plan = OrderPlan(
        merchant_id=items[0][0].merchant_id, warehouse_id=warehouse.pk,
        dispatch_hours=warehouse.dispatch_hours, regime=quote.regime,
        lines=tuple(LinePlan(sku, qty, figures) for (sku, qty), figures
                    in zip(items, quote.lines, strict=True)),
        totals=quote.totals,
    )  # fmt: skip
    group_no = numbers.group_number(now)
    expires_at = now + timedelta(minutes=ttl_minutes)
    group = order_group_create(
        user=user, idempotency_key=key, request_hash="test", group_number=group_no,
        order_numbers=[numbers.order_number(group_no, 1)], buyer=buyer, address=address,
        plans=[plan], expires_at=expires_at,
    )  # fmt: skip
    stock_reserve(
        reference=numbers.order_number(group_no, 1),
        lines=[(sku.pk, warehouse.pk, qty) for sku, qty in items],
        deliver_by=date.today() + timedelta(days=5),
        expires_at=expires_at,
    )
    return group
