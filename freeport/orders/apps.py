from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "freeport.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self):
        from freeport.customs.declarations import STATUS_TOPIC
        from freeport.kernel import outbox

        from .events import TRANSITION_TOPIC, on_declaration_status, on_transition

        outbox.register(TRANSITION_TOPIC, on_transition)
        outbox.register(STATUS_TOPIC, on_declaration_status)
