from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("listings/", views.queue, name="queue"),
    path("listings/<int:product_id>/", views.review, name="review"),
]
