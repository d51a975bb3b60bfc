from django.urls import path

from freeport.customs import views as customs_views

from . import views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("products/", views.all_products, name="products"),
    path("c/<slug:slug>/", views.category_listing, name="category"),
    path("p/<int:product_id>/", views.product_page, name="product"),
    path("img/product/<int:product_id>.svg", views.product_image, name="product_image"),
    path("theme/", views.set_theme, name="theme"),
    path("currency/", views.set_currency, name="currency"),
    path("tax/calculator/", customs_views.tax_calculator, name="tax_calculator"),
]
