"""PostgreSQL: an operator cancels a declared order while customs' release (800, carrying the
inventory number) is being applied. Whichever commits first, the withdrawal is queued exactly
once, naming the number, and the order stays cancelled."""

import pytest
from django.utils import timezone

from freeport.customs import declarations
from freeport.customs.gateway import Receipt
from freeport.customs.models import CustomsCancellation, Declaration, DeclarationMessage
from freeport.orders import services, states
from freeport.orders.models import Order
from freeport.payments.tests.test_concurrency import race

from .test_cancel_declared import customs, later, paid_and_declared  # noqa: F401 (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
INVT_NO = "22442026I000000077"


@pytest.mark.parametrize("attempt", range(3))
def test_cancel_racing_the_release_queues_one_withdrawal(placed, customs, attempt):  # noqa: F811
    _, order = paid_and_declared(placed)
    later(2)  # sent, then 120 on each message: no inventory number yet
    inventory = DeclarationMessage.objects.get(declaration__order_no=order.number, kind="CEB621")
    release = Receipt(inventory.guid, 800, "放行", timezone.now(), invt_no=INVT_NO)

    def work(i):
        if i == 0:
            return services.order_transition(order_id=order.pk, event="cancel", reason="race")
        return declarations.receipts_apply([release])

    _, errors = race(2, work)
    assert errors == []
    cancellation = CustomsCancellation.objects.get(declaration__order_no=order.number)
    assert cancellation.status == "queued"
    sent = DeclarationMessage.objects.filter(kind="CEB623", cancellation=cancellation)
    assert sent.count() == 1 and INVT_NO in sent.get().xml
    assert Declaration.objects.get(order_no=order.number).status == "released"
    assert Order.objects.get(pk=order.pk).state in (states.REFUNDING, states.REFUNDED)
