from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "freeport.customers"
    label = "customers"
