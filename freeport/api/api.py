"""The HTTP API under /api/v1/: one NinjaAPI, one router per app, JSON errors everywhere."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from freeport.catalog.api import router as catalog_router
from freeport.checkout.api import router as checkout_router
from freeport.customs.api import router as customs_router
from freeport.fulfillment.api import router as fulfillment_router
from freeport.orders.api import router as orders_router
from freeport.payments.api import router as payments_router
from freeport.reviews.api import router as reviews_router
from freeport.search.api import router as search_router

from .errors import error_body, validation_errors

api = NinjaAPI(
    title="Freeport API",
    version="1",
    description="Catalog of the Freeport bonded exhibition & trading center. "
    "Errors are JSON: {code, message, errors[{field, reason}]}.",
    urls_namespace="api",
)
api.add_router("/", catalog_router)
api.add_router("/", customs_router)
api.add_router("/", search_router)
api.add_router("/", payments_router)
api.add_router("/", checkout_router)
api.add_router("/", orders_router)
api.add_router("/", fulfillment_router)
api.add_router("/", reviews_router)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return api.create_response(
        request,
        error_body("validation_error", "Invalid request parameters", validation_errors(exc)),
        status=422,
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(
        request, error_body("not_found", str(exc) or "Not found"), status=404
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request, error_body("unauthenticated", "Authentication required"), status=401
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(
        request, error_body(f"http_{exc.status_code}", str(exc)), status=exc.status_code
    )
