"""Order writes: create a checkout's orders, move them through the state machine, take payment.

Every write is one transaction; every transition is recorded (OrderTransition) and published
through the outbox (topic "orders.transition"), so what follows a transition (customs
declaration, notifications, fulfillment) runs after commit and survives a crash. Cancelling a
declared order queues the withdrawal of its declaration (CEB623) in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from freeport.customs.declarations import declaration_withdraw
from freeport.customs.services import quota_record_order
from freeport.inventory import services as inventory

from . import states
from .events import TRANSITION_TOPIC
from .models import Order, OrderGroup, OrderLine, OrderTransition


class OrderError(Exception):
    """A request the orders cannot honour; `code` is stable for the API, the message localized."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class LinePlan:
    sku: object  # catalog.SKU with product loaded
    quantity: int
    figures: object  # customs.tax.LineTax: the quoted line
    price_cut: Decimal = Decimal("0.00")  # the line's share of open price cuts


@dataclass(frozen=True)
class OrderPlan:
    merchant_id: int
    warehouse_id: int
    dispatch_hours: int | None
    regime: str
    lines: tuple[LinePlan, ...]
    totals: dict  # customs.tax.Quote.totals
    merchant: object = None  # the catalog.Merchant and inventory.Warehouse rows when the caller
    warehouse: object = None  # has them: the orders written then carry them (no re-read)


def _record(order: Order, event: str, new_state: str, *, actor, reason: str, at: datetime) -> None:
    seq = order.transitions.count() + 1
    OrderTransition.objects.create(
        order=order, seq=seq, event=event, from_state=order.state, to_state=new_state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason[:300], at=at,
    )  # fmt: skip
    from freeport.kernel.outbox import outbox_put

    outbox_put(
        topic=TRANSITION_TOPIC,
        key=f"order:{order.number}:{seq}",
        payload={"order": order.pk, "number": order.number, "event": event,
                 "from": order.state, "to": new_state},
    )  # fmt: skip


def _move(order: Order, event: str, *, actor=None, reason: str = "", at=None) -> Order:
    """Apply one event to a locked order: rule check, record, outbox; caller holds the lock.

    A paid order cancelled (`refunding`) also withdraws its customs declaration, if it has one,
    in the same transaction (CEB623, customs.declarations.declaration_withdraw)."""
    at = at or timezone.now()
    new_state = states.apply(order.state, event)
    _record(order, event, new_state, actor=actor, reason=reason, at=at)
    order.state = new_state
    order.save(update_fields=["state", "paid_at", "transaction_id", "updated_at"])
    if event == "cancel" and new_state == states.REFUNDING:
        declaration_withdraw(order_no=order.number, now=at)
    return order


@transaction.atomic
def order_transition(*, order_id: int, event: str, actor=None, reason: str = "", at=None) -> Order:
    """Move one order by `event` (raises states.IllegalTransition); recorded and published."""
    order = Order.objects.select_for_update().get(pk=order_id)
    return _move(order, event, actor=actor, reason=reason, at=at)


def order_group_create(
    *, user, idempotency_key: str, request_hash: str, group_number: str, order_numbers: list[str],
    buyer, address, plans: list[OrderPlan], expires_at: datetime, fx_lock=None,
) -> OrderGroup:  # fmt: skip
    """Write a checkout's orders (caller's transaction: checkout reserves stock in the same one).

    The group returned carries what was written in `group.placed`: [(order, lines,
    transitions)] in number order, lines with their SKU (as planned), so the caller can answer
    with the checkout without reading it back (orders.api)."""
    total = sum((p.totals["payable"] for p in plans), Decimal(0))
    group = OrderGroup.objects.create(
        number=group_number, user=user, idempotency_key=idempotency_key,
        request_hash=request_hash, total=total, expires_at=expires_at, fx_lock=fx_lock,
        charge_currency=fx_lock.currency if fx_lock else "",
        charge_amount=fx_lock.total if fx_lock else None,
    )  # fmt: skip
    now = timezone.now()
    placed, lines, transitions = [], [], []
    for number, plan in zip(order_numbers, plans, strict=True):
        t = plan.totals
        related = (
            {"merchant": plan.merchant} if plan.merchant else {"merchant_id": plan.merchant_id}
        )
        if plan.warehouse:
            related["warehouse"] = plan.warehouse
        else:
            related["warehouse_id"] = plan.warehouse_id
        order = Order.objects.create(
            number=number, group=group, user=user, **related, regime=plan.regime, buyer=buyer,
            buyer_id_index=buyer.id_index, recipient_name=address.recipient_name,
            phone=address.phone, province=address.province, city=address.city,
            district=address.district, street=address.street, goods=t["goods"],
            freight=t["freight"], insurance=t["insurance"], discount=t["discount"],
            dutiable_value=t["dutiable_value"], tariff=t["tariff"],
            consumption_tax=t["consumption_tax"], vat=t["vat"], tax=t["tax"],
            total=t["payable"], dispatch_hours=plan.dispatch_hours, expires_at=expires_at,
            price_cut=sum((lp.price_cut for lp in plan.lines), Decimal(0)),
        )  # fmt: skip
        order_lines = [
            OrderLine(
                order=order,
                sku=lp.sku,
                quantity=lp.quantity,
                title_zh=f"{lp.sku.product.title_zh} {lp.sku.variant_zh}".strip()[:250],
                title_en=f"{lp.sku.product.title_en} {lp.sku.variant_en}".strip()[:250],
                unit_price=lp.sku.price,
                price_cut=lp.price_cut,
                goods=lp.figures.goods,
                freight=lp.figures.freight,
                discount=lp.figures.discount,
                dutiable_value=lp.figures.dutiable_value,
                tariff=lp.figures.tariff,
                consumption_tax=lp.figures.consumption_tax,
                vat=lp.figures.vat,
                payable=lp.figures.payable,
            )  # fmt: skip
            for lp in plan.lines
        ]
        transition = OrderTransition(
            order=order, seq=1, event="place", from_state="", to_state=order.state, at=now
        )
        lines += order_lines
        transitions.append(transition)
        placed.append((order, order_lines, [transition]))
    # One INSERT each for all the orders' lines and first transitions.
    OrderLine.objects.bulk_create(lines)
    OrderTransition.objects.bulk_create(transitions)
    group.placed = placed
    return group


@dataclass(frozen=True)
class PaidOutcome:
    accepted: bool  # False: the orders were cancelled before the money came (refund in full)
    orders: tuple[str, ...]


@transaction.atomic
def order_group_paid(
    *, group_number: str, transaction_id: str, amount: Decimal, currency: str, paid_at: datetime,
    locked_group: OrderGroup | None = None,
) -> PaidOutcome:  # fmt: skip
    """Apply a verified payment of a checkout: every order paid, stock committed, quota counted.

    Idempotent (a group already paid returns accepted again, changing nothing). The amount and
    currency must equal the group's; a mismatch raises and changes nothing. If the orders were
    cancelled first (unpaid too long), nothing is revived: `accepted` is False and the payment
    side refunds. `locked_group`: the group, when the caller has already locked its row in this
    transaction.
    """
    if locked_group is not None and locked_group.number == group_number:
        group = locked_group  # the caller holds its row lock (payments.services)
    else:
        group = OrderGroup.objects.select_for_update().get(number=group_number)
    if currency != group.currency or amount != group.total:
        raise OrderError("amount_mismatch", _("The paid amount does not match the order total."))
    orders = list(Order.objects.select_for_update().filter(group=group).order_by("pk"))
    numbers = tuple(o.number for o in orders)
    if all(o.state in states.PAID_STATES for o in orders) and orders[0].paid_at:
        return PaidOutcome(True, numbers)
    if any(o.state != states.PENDING_PAYMENT for o in orders):
        return PaidOutcome(False, numbers)
    if not all([inventory.stock_commit(reference=o.number) for o in orders]):
        # Some reservation was already released (the expiry job ran first): cancel all of the
        # checkout, release what is left; the payment side refunds the money.
        for order in orders:
            _move(order, "expire", reason="payment arrived after the stock was released")
            inventory.stock_release(reference=order.number, reason="late payment")
        return PaidOutcome(False, numbers)
    for order in orders:
        order.paid_at, order.transaction_id = paid_at, transaction_id
        _move(order, "pay", at=paid_at)
        quota_record_order(
            id_index=order.buyer_id_index, reference=order.number,
            amount=order.dutiable_value, at=paid_at,
        )  # fmt: skip
    return PaidOutcome(True, numbers)


@transaction.atomic
def order_group_cancel(*, group: OrderGroup, actor=None, reason: str = "", event="cancel") -> int:
    """Cancel a checkout's unpaid orders and release their stock; paid ones are left alone."""
    orders = Order.objects.select_for_update().filter(group=group, state=states.PENDING_PAYMENT)
    count = 0
    for order in orders.order_by("pk"):
        _move(order, event, actor=actor, reason=reason)
        inventory.stock_release(reference=order.number, reason=reason or event)
        count += 1
    return count


def orders_expire(*, now: datetime | None = None) -> int:
    """Cancel checkouts unpaid after their deadline (periodic job); returns orders cancelled."""
    now = now or timezone.now()
    groups = OrderGroup.objects.filter(
        expires_at__lt=now, orders__state=states.PENDING_PAYMENT
    ).distinct()
    return sum(
        order_group_cancel(group=g, event="expire", reason="unpaid before the deadline")
        for g in groups
    )
