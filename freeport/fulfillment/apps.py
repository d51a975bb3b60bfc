from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "freeport.fulfillment"
    label = "fulfillment"
    verbose_name = "Fulfillment"

    def ready(self):
        from freeport.kernel import outbox
        from freeport.orders.events import TRANSITION_TOPIC

        from .events import on_order_transition

        outbox.register(TRANSITION_TOPIC, on_order_transition)
