from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "freeport.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        from freeport.kernel import outbox

        from .providers.sandbox import NOTIFY_TOPIC, notify_deliver

        outbox.register(NOTIFY_TOPIC, notify_deliver)
