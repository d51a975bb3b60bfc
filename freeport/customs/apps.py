from django.apps import AppConfig


class CustomsConfig(AppConfig):
    name = "freeport.customs"
    label = "customs"
    verbose_name = "Customs"
