"""Shopper return pages, included by freeport/urls.py under /aftersales/returns/ (names
returns:<name>). Dispute pages: dispute_urls.py under /aftersales/disputes/."""

from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/<str:number>/", views.new, name="new"),
    path("new/<str:number>/preview/", views.preview, name="preview"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/shipped/", views.shipped, name="shipped"),
    path("<str:number>/cancel/", views.cancel, name="cancel"),
]
