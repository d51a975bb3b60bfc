from django.urls import path

from . import views

app_name = "checkout"
urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/address/", views.checkout_address, name="address"),
    path("checkout/place/", views.checkout_place, name="place"),
    path("checkout/fx/lock/", views.checkout_fx_lock, name="fx_lock"),
]
