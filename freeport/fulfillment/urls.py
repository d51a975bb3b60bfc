"""Console pages of fulfillment, included by freeport/console/urls.py under /console/fulfillment/
(names: console:fulfillment:<name>)."""

from django.urls import path

from . import views

app_name = "fulfillment"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("handover/", views.handover, name="handover"),
    path("<int:shipment_id>/", views.work, name="work"),
    path("<int:shipment_id>/label/", views.label, name="label"),
]
