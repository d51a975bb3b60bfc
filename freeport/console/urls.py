from django.urls import include, path

from freeport.aftersales import dispute_urls

from . import customs_views, order_views, search_views, views

app_name = "console"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("listings/", views.queue, name="queue"),
    path("listings/<int:product_id>/", views.review, name="review"),
    path("customs/", customs_views.declarations, name="customs"),
    path("customs/rejected/", customs_views.rejected, name="customs_rejected"),
    path("customs/withdrawals/", customs_views.withdrawals, name="customs_withdrawals"),
    path("customs/quota/", customs_views.quota, name="customs_quota"),
    path("customs/<int:declaration_id>/", customs_views.declaration, name="customs_declaration"),
    path(
        "customs/<int:declaration_id>/reveal/",
        customs_views.declaration_reveal,
        name="customs_reveal",
    ),
    path(
        "customs/<int:declaration_id>/resubmit/",
        customs_views.declaration_resubmit_view,
        name="customs_resubmit",
    ),
    path(
        "customs/withdrawals/<int:cancellation_id>/resend/",
        customs_views.withdrawal_resend_view,
        name="customs_withdrawal_resend",
    ),
    path("orders/", order_views.orders, name="orders"),
    path("orders/<str:number>/", order_views.order, name="order"),
    path("orders/<str:number>/reveal/", order_views.order_reveal_view, name="order_reveal"),
    path("orders/<str:number>/action/", order_views.order_action_view, name="order_action"),
    path("fulfillment/", include("freeport.fulfillment.urls")),
    path("returns/", include("freeport.aftersales.console_urls")),
    path("disputes/", include(dispute_urls.console_patterns)),
    path("reviews/", include("freeport.reviews.console_urls")),
    path("search/zero-results/", search_views.zero_results, name="search_zero_results"),
    path(
        "search/zero-results/<int:query_id>/synonym/",
        search_views.synonym_add,
        name="search_synonym_add",
    ),
    path(
        "search/zero-results/<int:query_id>/dismiss/",
        search_views.zero_result_dismiss,
        name="search_zero_dismiss",
    ),
]
