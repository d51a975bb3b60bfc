"""Console pages of reviews, included by freeport/console/urls.py under /console/reviews/
(names: console:reviews:<name>)."""

from django.urls import path

from . import console_views as views

app_name = "reviews"
urlpatterns = [
    path("", views.reviews, name="list"),
    path("<int:review_id>/<slug:action>/", views.moderate, name="moderate"),
]
