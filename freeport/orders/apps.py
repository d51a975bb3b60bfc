from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "freeport.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self):
        from freeport.kernel import outbox

        from .events import TRANSITION_TOPIC, on_transition

        outbox.register(TRANSITION_TOPIC, on_transition)
