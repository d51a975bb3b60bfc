from django.contrib import admin
from django.urls import include, path

from freeport.api.api import api
from freeport.checkout.views import SignInView

admin.site.site_header = "Freeport console"
admin.site.site_title = "Freeport"
admin.site.index_title = "Records"

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("console/", include("freeport.console.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", SignInView.as_view(), name="login"),  # merges the anonymous cart
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/", include("freeport.customs.urls")),
    path("search/", include("freeport.search.urls")),
    path("pay/", include("freeport.payments.urls")),
    path("orders/", include("freeport.orders.urls")),
    path("notifications/", include("freeport.notifications.urls")),
    path("aftersales/disputes/", include("freeport.aftersales.dispute_urls")),
    path("aftersales/returns/", include("freeport.aftersales.urls")),
    path("reviews/", include("freeport.reviews.urls")),
    path("", include("freeport.checkout.urls")),
    path("", include("freeport.storefront.urls")),
]
