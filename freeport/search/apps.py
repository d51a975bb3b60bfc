from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "freeport.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from freeport.kernel import outbox

        from . import events

        outbox.register(events.TOPIC, events.reindex)
