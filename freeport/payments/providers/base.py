"""The provider interface: what the platform needs from a payment provider.

A provider turns a Payment into a place where the shopper pays (`checkout`), verifies and reads
its asynchronous notifications (`notice_verify`), answers what it recorded (`query`) and gives
money back, in part or in full (`refund`). The platform side (locking, idempotency, the ledger,
the orders) is the same for every provider and lives in `payments.services`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol, runtime_checkable

from ..notices import Notice


@dataclass(frozen=True)
class Checkout:
    url: str  # where to send the shopper to pay


@dataclass(frozen=True)
class ProviderState:
    """What the provider recorded about a payment (`query`)."""

    status: str  # "not_paid", "succeeded", "failed"
    transaction_id: str = ""
    amount: Decimal | None = None
    currency: str = ""
    refunded: Decimal = Decimal("0.00")
    paid_at: datetime | None = None


@dataclass(frozen=True)
class RefundResult:
    status: str  # "succeeded" (money sent back) or "pending" (the provider confirms later)
    provider_refund_id: str


@runtime_checkable
class Provider(Protocol):
    name: str

    def checkout(self, payment) -> Checkout:
        """Open a payment with the provider (reference, amount, currency, deadline from
        `payment`), once the payment is stored. A provider whose `checkout_is_pure` is True
        only makes a URL from the reference, with no side effect: it is called before the
        payment is stored, so the row is written once."""

    def notice_verify(self, body: bytes, signature: str) -> Notice:
        """Check the signature of a notification and read it; PaymentError if either fails
        (codes `bad_signature`, `malformed_notification`)."""

    def query(self, payment) -> ProviderState:
        """Ask the provider what it recorded about `payment`."""

    def refund(self, *, payment, refund) -> RefundResult:
        """Send back `refund.amount` (part or all) of a captured payment; PaymentError if the
        provider refuses. Called once per Refund row, inside the platform's transaction."""
