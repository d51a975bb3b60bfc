from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "freeport.kernel"
    label = "kernel"
