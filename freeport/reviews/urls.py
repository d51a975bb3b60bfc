from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("new/<int:line_id>/", views.new, name="new"),
]
