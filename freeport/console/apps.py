from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "freeport.console"
    label = "console"
