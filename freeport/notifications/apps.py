from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "freeport.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from freeport.kernel import outbox

        from .services import EMAIL_TOPIC, email_send

        outbox.register(EMAIL_TOPIC, email_send)
