"""What follows an order transition, and how an order follows its customs declaration.

Outbox handlers (at-least-once delivery, so each is idempotent):
- "orders.transition": on `pay`, declare the order to customs (CEB311/411/511/621 built from the
  order as placed: its prices, its address snapshot) and move it to `declared`; on `pay`,
  `cancel` and `expire`, the checkout's coupon follows (used, or returned); a paid order
  cancelled (`refunding`) is refunded through its payment and becomes `refunded`.
- "customs.declaration_status": move the order to what its declaration's *current* status says
  (released → cleared, inspection, rejected, resubmitted → declared). Reading the status afresh
  makes duplicated, late or out-of-order events harmless.
"""

TRANSITION_TOPIC = "orders.transition"

# Declaration status → the order event that follows it.
FOLLOWS = {"released": "clear", "inspection": "inspect", "rejected": "reject", "queued": "declare",
           "submitted": "declare", "accepted": "declare"}  # fmt: skip


def on_transition(key: str, payload: dict) -> None:
    event = payload.get("event")
    if event == "pay":
        from .declaring import order_declare

        order_declare(order_id=payload["order"])
    if event == "cancel" and payload.get("to") == "refunding":
        from .refunding import order_refund

        order_refund(order_id=payload["order"])
    if event in ("pay", "cancel", "expire"):
        from freeport.checkout.services import coupon_follow_group

        from .models import Order

        group_id = Order.objects.filter(pk=payload["order"]).values_list("group_id", flat=True)
        coupon_follow_group(group_id=group_id.get())


def on_declaration_status(key: str, payload: dict) -> None:
    from .declaring import order_follow_declaration

    order_follow_declaration(order_number=payload["order_no"])
