from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "freeport.api"
    label = "api"
