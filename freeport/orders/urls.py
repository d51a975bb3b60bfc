from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("<str:number>/", views.group_detail, name="group"),
    path("<str:number>/pay/", views.group_pay, name="pay"),
    path("<str:number>/cancel/", views.group_cancel, name="cancel"),
]
