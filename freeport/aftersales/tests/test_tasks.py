"""The periodic job that pays back a refunded return's import tax once customs answers."""

from datetime import timedelta

import pytest

from freeport.aftersales import services, tasks
from freeport.aftersales.models import ReturnEvent, ReturnRequest
from freeport.customs.models import CustomsReturn
from freeport.payments.models import Payment
from freeport.payments.selectors import payments_reconcile

from .conftest import run

pytestmark = pytest.mark.django_db


def refunded(order, code="C1-50"):
    day = order.shipment.delivered_at
    line = order.lines.get(sku__code=code)
    request = services.return_request_create(
        user=order.user, order_number=order.number, kind="return", reason="quality",
        items=[(line.pk, 1)], now=day + timedelta(hours=1),
    )  # fmt: skip
    services.return_label_issue(number=request.number, now=day + timedelta(days=1))
    services.return_receive(number=request.number, actor=None, now=day + timedelta(days=3))
    services.return_inspect(
        number=request.number, actor=None, now=day + timedelta(days=4),
        grades=[{"item": i.pk, "grade": "resellable"} for i in request.items.all()],
    )  # fmt: skip
    return services.return_refund(number=request.number, now=day + timedelta(days=5))


def test_the_job_settles_the_tax_once_customs_accepts_and_only_once(delivered):
    request = refunded(delivered)
    assert request.refund_tax > 0 and request.tax_settled == ""
    assert tasks.returns_tax_settle.call_local() == 0  # customs has not answered yet
    assert ReturnRequest.objects.get(pk=request.pk).tax_settled == ""

    run(1, 5, 20, 30)  # the CEB625 goes out; customs accepts it
    assert CustomsReturn.objects.get(pk=request.customs_return_id).status == "accepted"
    assert tasks.returns_tax_due() == [request.number]
    assert tasks.returns_tax_settle.call_local() == 1
    settled = ReturnRequest.objects.get(pk=request.pk)
    assert settled.tax_settled == "refunded" and settled.tax_refund.amount == request.refund_tax

    assert tasks.returns_tax_settle.call_local() == 0  # second run: nothing to do
    assert ReturnEvent.objects.filter(request=request, action="tax_refunded").count() == 1
    payment = Payment.objects.get(group=delivered.group)
    assert payment.refunded_amount == request.refund_amount
    assert payments_reconcile() == []


def test_a_refusal_by_customs_is_recorded_once(delivered):
    request = refunded(delivered)
    CustomsReturn.objects.filter(pk=request.customs_return_id).update(
        status=CustomsReturn.Status.REJECTED, reason="-625 test"
    )
    assert tasks.returns_tax_settle_sweep() == 1
    assert tasks.returns_tax_settle_sweep() == 0
    settled = ReturnRequest.objects.get(pk=request.pk)
    assert settled.tax_settled == "refused" and settled.tax_refund is None
    assert ReturnEvent.objects.filter(request=request, action="customs_refused").count() == 1
