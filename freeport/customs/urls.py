from django.urls import path

from . import views

app_name = "customs"
urlpatterns = [
    path("buyers/", views.buyers, name="buyers"),
    path("buyers/<int:buyer_id>/delete/", views.buyer_delete, name="buyer_delete"),
]
