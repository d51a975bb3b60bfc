"""The customs gateway interface: submit messages, poll receipts.

A real adapter (the China E-port DXP client, a customs broker's API) implements `Gateway`; the
built-in `simulator.CustomsSimulator` plays customs locally. Adapters must be idempotent by
message guid: submitting the same guid twice is one declaration.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class GatewayUnavailable(Exception):
    """The gateway cannot be reached now; the outbox retries with back-off."""


@dataclass(frozen=True)
class Receipt:
    guid: str  # the guid of the message this receipt answers
    return_status: int  # FIELDS.md §13
    return_info: str
    return_time: datetime
    invt_no: str = ""  # inventory receipts: the number customs assigned


class Gateway(Protocol):
    def submit(self, *, kind: str, guid: str, xml: bytes) -> None:
        """Hand one signed message to customs; raises GatewayUnavailable when down."""

    def poll(self, *, now: datetime | None = None) -> list[Receipt]:
        """Receipts that arrived since the last poll (each handed out once, maybe again later)."""
