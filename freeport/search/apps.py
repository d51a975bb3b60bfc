from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "freeport.search"
    label = "search"
    verbose_name = "Search"
