from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "freeport.storefront"
    label = "storefront"
