"""The waybill number comes from the carrier adapter at declaration and is the shipment's."""

import pytest
from django.utils import timezone

from freeport.customs import declarations
from freeport.customs.models import Declaration
from freeport.fulfillment.carriers.simulator import SimulatorCarrier
from freeport.fulfillment.models import Shipment
from freeport.kernel.outbox import outbox_dispatch
from freeport.orders import services as orders
from freeport.orders.testing import group_make, shopper_make, stock_make, warehouse_make

pytestmark = pytest.mark.django_db


class FakeCarrier(SimulatorCarrier):
    code = "fake"
    name = "Fake Express"

    def waybill_number(self, order_number: str) -> str:
        return f"FX{order_number[-8:]}"


def test_the_declared_waybill_is_the_carriers_and_the_shipments(skus, settings):
    settings.FULFILLMENT_CARRIERS = {"fake": "freeport.fulfillment.tests.test_waybill.FakeCarrier"}
    settings.FULFILLMENT_CARRIER = "fake"
    user, buyer, address = shopper_make()
    stock_make(skus["C1-50"], 3, warehouse_make())
    group = group_make(user, buyer, address, [(skus["C1-50"], 1)])
    orders.order_group_paid(group_number=group.number, transaction_id="T1", amount=group.total,
                            currency="CNY", paid_at=timezone.now())  # fmt: skip
    outbox_dispatch()  # declare
    order = group.orders.get()
    assert order.state == "declared"
    assert (order.carrier, order.waybill_number) == ("fake", f"FX{order.number[-8:]}")
    source = declarations.source_of(Declaration.objects.get(order_no=order.number))
    assert source.parcel.logistics_no == order.waybill_number
    settings.FULFILLMENT_CARRIER = "simulator"  # changing the default later changes nothing
    orders.order_transition(order_id=order.pk, event="clear")
    outbox_dispatch()
    shipment = Shipment.objects.get(order=order)
    assert (shipment.carrier, shipment.waybill_number) == ("fake", order.waybill_number)
