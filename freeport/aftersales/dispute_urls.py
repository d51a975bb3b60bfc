"""Dispute pages. Shopper pages: freeport/urls.py includes this module under /aftersales/disputes/
(names disputes:<name>). Console pages: freeport/console/urls.py includes `console_patterns`
under /console/disputes/ (names console:disputes:<name>)."""

from django.urls import path

from . import dispute_views as views

app_name = "disputes"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
]

console_patterns = (
    [
        path("", views.console_queue, name="queue"),
        path("<int:pk>/", views.console_detail, name="detail"),
        path("<int:pk>/reply/", views.console_reply, name="reply"),
        path("<int:pk>/take/", views.console_take, name="take"),
        path("<int:pk>/resolve/", views.console_resolve, name="resolve"),
    ],
    "disputes",
)
