from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("sandbox/<str:reference>/", views.sandbox_cashier, name="sandbox_cashier"),
]
