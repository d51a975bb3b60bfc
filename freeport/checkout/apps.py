from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "freeport.checkout"
    label = "checkout"
    verbose_name = "Checkout"
