"""Fulfillment follows order transitions (outbox topic orders.transition, at least once):
`clear` → the shipment and its pick list; `inspect` / `reject` → the shopper is told."""

from freeport.orders.models import Order


def on_order_transition(key: str, payload: dict) -> None:
    event = payload.get("event")
    if event == "clear":
        from .services import shipment_create

        shipment_create(order_id=payload["order"])
    elif event in ("inspect", "reject"):
        from . import notices

        order = Order.objects.select_related("group", "user").get(pk=payload["order"])
        (notices.inspection if event == "inspect" else notices.held)(order)
