"""Orders ↔ customs: declare a paid order, follow its declaration's receipts."""

from django.db import transaction

from freeport.checkout.promotions import unit_prices
from freeport.customs import declarations
from freeport.customs.messages.inputs import Amounts
from freeport.customs.models import Declaration
from freeport.customs.sources import Paid, order_source

from . import states
from .events import FOLLOWS
from .models import Order
from .services import _move


class DeclareError(Exception):
    pass


def _waybill(order: Order) -> str:
    """The parcel's waybill number, reserved once from the carrier adapter (fulfillment)."""
    if not order.waybill_number:
        from django.conf import settings

        from freeport.fulfillment.carriers import get_carrier

        order.carrier = settings.FULFILLMENT_CARRIER
        order.waybill_number = get_carrier(order.carrier).waybill_number(order.number)
        order.save(update_fields=["carrier", "waybill_number", "updated_at"])
    return order.waybill_number


@transaction.atomic
def order_declare(*, order_id: int) -> Declaration | None:
    """Build and queue the customs declaration of a paid order; `paid` → `declared`.

    Idempotent: an order already declared (or no longer paid, e.g. cancelled) is left alone.
    The declared payable must equal what the shopper paid, to the fen, or nothing is declared.
    """
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("merchant", "buyer")
        .get(pk=order_id)
    )
    if order.state != states.PAID:
        return Declaration.objects.filter(order_no=order.number).first()
    if order.buyer is None:
        raise DeclareError(f"{order.number}: the buyer record was deleted before declaration")
    lines = list(order.lines.select_related("sku__product__tax_profile", "sku__product__brand",
                                            "sku__merchant"))  # fmt: skip
    # A line whose units got open price cuts of different whole fen is declared as two goods
    # lines (price x qty must be exact, FIELDS.md §17); amounts are the order's, as paid.
    items, prices = [], []
    for line in lines:
        for price, count in unit_prices(line.unit_price, line.quantity, line.price_cut):
            items.append((line.sku, count))
            prices.append(price)
    source = order_source(
        paid=Paid(
            order_no=order.number, transaction_id=order.transaction_id, paid_at=order.paid_at,
            logistics_no=_waybill(order), freight=order.freight,
            discount=order.discount, shopper_ref=str(order.user_id),
        ),
        items=items,
        prices=prices,
        amounts=Amounts(
            freight=order.freight, insured_fee=order.insurance, discount=order.discount,
            tax_total=order.tax, goods_value=order.goods,
        ),
        buyer=order.buyer,
        address=order,
    )  # fmt: skip
    if source.actural_paid != order.total:
        raise DeclareError(f"{order.number}: declared {source.actural_paid} but paid {order.total}")
    declaration = declarations.declaration_create(source=source)
    _move(order, "declare", reason=f"declaration {declaration.pk}")
    return declaration


@transaction.atomic
def order_follow_declaration(*, order_number: str) -> str | None:
    """Move the order to where its declaration now stands; returns the event applied, if any."""
    order = Order.objects.select_for_update().filter(number=order_number).first()
    declaration = Declaration.objects.filter(order_no=order_number).first()
    if order is None or declaration is None:
        return None  # not an order of this platform (or not declared yet)
    event = FOLLOWS.get(declaration.status)
    if event is None or (order.state, event) not in states.TRANSITIONS:
        return None  # already there, or further along (picking, shipped...): nothing to do
    _move(order, event, reason=f"customs: {declaration.status}")
    return event
