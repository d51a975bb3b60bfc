"""A paid order cancelled before it leaves the warehouse: refund it, then `refunded`."""

from django.db import transaction

from freeport.customs.models import Declaration
from freeport.customs.quota import cancel_reference, quota_year
from freeport.customs.services import quota_restore_return

from . import states
from .models import Order
from .services import _move


@transaction.atomic
def order_refund(*, order_id: int):
    """Refund a `refunding` order's total through its payment (idempotent per order), move it to
    `refunded`; give back the annual allowance if customs never saw it (no declaration). A
    declared order's allowance waits for customs to accept the withdrawal of its inventory list
    (customs.declarations.declaration_withdraw, decision 40); the money does not wait."""
    from freeport.payments.models import Payment
    from freeport.payments.services import payment_refund

    order = Order.objects.select_for_update().get(pk=order_id)
    if order.state != states.REFUNDING:
        return None
    payment = (
        Payment.objects.filter(group_id=order.group_id, status__in=Payment.CAPTURED)
        .order_by("pk")
        .first()
    )
    if payment is None:
        raise LookupError(f"{order.number}: no captured payment to refund")
    refund = payment_refund(
        payment=payment, amount=order.total, reason=f"order {order.number} cancelled",
        key=f"order-cancel:{order.number}",
    )  # fmt: skip
    if not Declaration.objects.filter(order_no=order.number).exists() and order.paid_at:
        quota_restore_return(
            id_index=order.buyer_id_index, reference=cancel_reference(order.number),
            amount=order.dutiable_value, year=quota_year(order.paid_at),
        )  # fmt: skip
    _move(order, "refund", reason=f"refund {refund.pk}")
    return refund
