from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "freeport.catalog"
    label = "catalog"
    verbose_name = "Catalog"
