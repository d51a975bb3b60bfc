from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "freeport.inventory"
    label = "inventory"
