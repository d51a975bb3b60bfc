"""What follows an order transition (outbox topic "orders.transition"); handlers are idempotent."""

TRANSITION_TOPIC = "orders.transition"


def on_transition(key: str, payload: dict) -> None:
    """Nothing reacts yet beyond the record; customs and fulfillment subscribe here."""
    return None
