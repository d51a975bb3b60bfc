import json

import pytest

from freeport.catalog.models import SKU
from freeport.orders.testing import group_make, shopper_make, stock_make
from freeport.payments import services
from freeport.payments.providers.sandbox import notice_sign


@pytest.fixture
def shopper(catalog):
    return shopper_make()


@pytest.fixture
def group(shopper):
    sku = SKU.objects.get(code="F1-900")
    stock_make(sku, 10)
    user, buyer, address = shopper
    return group_make(user, buyer, address, [(sku, 1)])


@pytest.fixture
def payment(group, shopper):
    return services.payment_start(group=group, user=shopper[0])


def signed(data: dict | bytes) -> tuple[bytes, str]:
    """A body signed with this installation's sandbox key (what the sandbox itself would send)."""
    body = data if isinstance(data, bytes) else json.dumps(data, separators=(",", ":")).encode()
    return body, notice_sign(body)


def queued_notification():
    """The body and signature of the last notification the sandbox queued (outbox)."""
    from freeport.kernel.models import OutboxMessage

    message = OutboxMessage.objects.filter(topic="payments.sandbox_notify").latest("id")
    return message.payload["body"].encode(), message.payload["signature"]
