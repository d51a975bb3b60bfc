from django.apps import AppConfig


class CustomsConfig(AppConfig):
    name = "freeport.customs"
    label = "customs"
    verbose_name = "Customs"

    def ready(self):
        from freeport.kernel import outbox

        from .declarations import SUBMIT_TOPIC, deliver_message

        outbox.register(SUBMIT_TOPIC, deliver_message)
