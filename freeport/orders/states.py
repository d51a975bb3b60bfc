"""The order state machine (pure: no ORM).

An order is one customs order: one seller, one warehouse, one buyer. Its life:

    pending_payment ─pay─► paid ─declare─► declared ─clear─► cleared ─pick─► picking
        │                   │                 │ └─inspect─► inspection ─clear─┘
        │                   │                 └─reject─► rejected ─declare─► declared
        └─cancel / expire─► cancelled         (paid, declared, rejected) ─cancel─► refunding
    picking ─ship─► shipped ─deliver─► delivered ─complete─► completed
    refunding ─refund─► refunded

A payment that arrives for an order already cancelled (it expired first) does not revive it: the
payment is refunded in full (`late_payment`). Illegal transitions raise `IllegalTransition`;
every legal one is recorded with time and actor by `orders.services.order_transition`.
"""

from django.utils.translation import gettext_lazy as _

PENDING_PAYMENT = "pending_payment"
PAID = "paid"
DECLARED = "declared"
INSPECTION = "inspection"
REJECTED = "rejected"
CLEARED = "cleared"
PICKING = "picking"
SHIPPED = "shipped"
DELIVERED = "delivered"
COMPLETED = "completed"
CANCELLED = "cancelled"
REFUNDING = "refunding"
REFUNDED = "refunded"

LABELS = {
    PENDING_PAYMENT: _("awaiting payment"),
    PAID: _("paid"),
    DECLARED: _("declared to customs"),
    INSPECTION: _("under customs inspection"),
    REJECTED: _("declaration rejected"),
    CLEARED: _("released by customs"),
    PICKING: _("being picked"),
    SHIPPED: _("shipped"),
    DELIVERED: _("delivered"),
    COMPLETED: _("completed"),
    CANCELLED: _("cancelled"),
    REFUNDING: _("refund in progress"),
    REFUNDED: _("refunded"),
}
STATES = tuple(LABELS)

TRANSITIONS: dict[tuple[str, str], str] = {
    (PENDING_PAYMENT, "pay"): PAID,
    (PENDING_PAYMENT, "cancel"): CANCELLED,
    (PENDING_PAYMENT, "expire"): CANCELLED,
    (PAID, "declare"): DECLARED,
    (PAID, "cancel"): REFUNDING,
    (DECLARED, "clear"): CLEARED,
    (DECLARED, "inspect"): INSPECTION,
    (DECLARED, "reject"): REJECTED,
    (DECLARED, "cancel"): REFUNDING,
    (INSPECTION, "clear"): CLEARED,
    (INSPECTION, "reject"): REJECTED,
    (REJECTED, "declare"): DECLARED,
    (REJECTED, "cancel"): REFUNDING,
    (CLEARED, "pick"): PICKING,
    (PICKING, "ship"): SHIPPED,
    (SHIPPED, "deliver"): DELIVERED,
    (DELIVERED, "complete"): COMPLETED,
    (REFUNDING, "refund"): REFUNDED,
}
EVENTS = tuple(sorted({event for _, event in TRANSITIONS}))
TERMINAL = frozenset({COMPLETED, CANCELLED, REFUNDED})
# States in which the shopper has paid and no refund has started: the money is the platform's.
PAID_STATES = frozenset({PAID, DECLARED, INSPECTION, REJECTED, CLEARED, PICKING, SHIPPED,
                         DELIVERED, COMPLETED})  # fmt: skip
# Until goods leave the warehouse an operator may cancel a paid order (with a full refund).
CANCELLABLE_AFTER_PAYMENT = frozenset({PAID, DECLARED, REJECTED})


class IllegalTransition(ValueError):
    def __init__(self, state: str, event: str):
        super().__init__(f"an order that is {state!r} cannot {event!r}")
        self.state, self.event = state, event


def apply(state: str, event: str) -> str:
    """The state after `event`, or IllegalTransition."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise IllegalTransition(state, event) from None


def events_from(state: str) -> tuple[str, ...]:
    return tuple(e for (s, e) in TRANSITIONS if s == state)
