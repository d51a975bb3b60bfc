"""Console pages of returns, included by freeport/console/urls.py under /console/returns/
(names: console:returns:<name>)."""

from django.urls import path

from . import console_views as views

app_name = "returns"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/photos/<int:photo_id>/", views.photo, name="photo"),
    path(
        "<str:number>/<slug:step>/",
        views.step,
        name="step",
    ),
]
