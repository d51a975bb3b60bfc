"""Console writes on orders: an operator's manual step with a reason, and the audited reveal of
an order's personal data. One transaction each, keyword-only arguments, audited.

Which events an operator may take by hand (`OPERATOR_EVENTS`) is decided here; whether an event
is legal from the order's state is decided by the state machine (orders.states), and the move
itself by orders.services.order_transition. Events left to the system: `pay` (a verified
payment), `expire` (the unpaid-checkout job), `declare` / `clear` / `inspect` / `reject` (customs
receipts; a rejected declaration is resubmitted from the customs console), `pick` / `ship`
(fulfillment, with stock movements and a waybill) and `refund` (the payments app).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from freeport.inventory import services as inventory
from freeport.kernel.audit import audit_record
from freeport.orders import states
from freeport.orders.models import Order
from freeport.orders.services import order_transition

OPERATOR_EVENTS = ("cancel", "deliver", "complete")
REASON_MAX = 300


class OrderActionError(Exception):
    """A manual step refused before anything changed; `code` is stable, the message localized."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def operator_events(state: str) -> tuple[str, ...]:
    """The manual steps an operator may take from `state`, in the state machine's order."""
    return tuple(e for e in states.events_from(state) if e in OPERATOR_EVENTS)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise OrderActionError(
            "reason_required", _("A reason is required. It is kept with your name.")
        )
    return reason[:REASON_MAX]


@transaction.atomic
def order_action(*, order_id: int, event: str, expected_state: str, actor, reason: str) -> Order:
    """Take one manual step on one order, or change nothing.

    `expected_state` is the state the operator saw: if the order moved since (a payment came,
    customs answered), the step is refused, because the same event can mean something else
    from another state ("cancel" of an unpaid order cancels it; of a paid one it refunds).
    A cancel also gives the order's stock back (nothing has left the warehouse in any state a
    cancel is legal from), in the same transaction. Raises OrderActionError or
    states.IllegalTransition; writes an OrderTransition, an outbox event and an audit record
    ("orders.<event>").
    """
    reason = _reason(reason)
    if event not in OPERATOR_EVENTS:
        raise OrderActionError(
            "not_manual", _("“%(event)s” is not a step taken by hand.") % {"event": event}
        )
    order = Order.objects.select_for_update().get(pk=order_id)
    if order.state != expected_state:
        raise OrderActionError(
            "state_changed",
            _("The order is now “%(state)s”: it changed since the page was shown.")
            % {"state": order.state_label()},
        )
    order = order_transition(order_id=order.pk, event=event, actor=actor, reason=reason)
    if event == "cancel":
        inventory.stock_release(reference=order.number, reason=f"cancelled in console: {reason}")
    audit_record(actor=actor, action=f"orders.{event}", obj=order, reason=reason)
    return order


@dataclass(frozen=True)
class Revealed:
    """An order's personal data in clear, for one page view."""

    recipient: str
    phone: str
    address: str


def order_reveal(*, actor, order: Order, reason: str) -> Revealed:
    """A staff read of an order's recipient, phone and street in clear: reason required,
    always audited ("orders.reveal"); the audit log keeps who, which order and why."""
    reason = _reason(reason)
    audit_record(actor=actor, action="orders.reveal", obj=order, reason=reason)
    return Revealed(
        recipient=order.recipient_name,
        phone=order.phone,
        address=f"{order.province}{order.city}{order.district} {order.street}",
    )
