"""Payments over HTTP (contract in docs/payments.md).

POST /api/v1/payments/sandbox/notify       the sandbox's signed notification (raw JSON body)
GET  /api/v1/payments/sandbox/public-key   the sandbox's public key (PEM), to verify it
GET  /api/v1/payments/{reference}          a payment's status, for its owner
"""

from datetime import datetime

from django.http import Http404, HttpResponse
from ninja import Router, Schema, Status
from ninja.security import django_auth

from freeport.api.errors import error_body

from . import providers, selectors, services
from .errors import PaymentError
from .notices import MAX_BODY_BYTES
from .providers.sandbox import SIGNATURE_HEADER, public_key_pem

router = Router(tags=["payments"])


class StatusOut(Schema):
    status: str


class ErrorItem(Schema):
    field: str
    reason: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[ErrorItem]


class PaymentOut(Schema):
    reference: str
    group: str
    provider: str
    status: str
    amount: str
    currency: str
    refunded_amount: str
    created_at: datetime
    paid_at: datetime | None
    checkout_url: str | None


def _sandbox():
    try:
        return providers.get("sandbox")
    except PaymentError:
        raise Http404("the sandbox provider is switched off") from None


NOTIFY_DOC = {
    "requestBody": {
        "required": True,
        "description": "The notification as sent (UTF-8 JSON, see docs/payments.md); the "
        f"signature in the {SIGNATURE_HEADER} header covers exactly these bytes.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    "parameters": [
        {
            "in": "header",
            "name": SIGNATURE_HEADER,
            "required": True,
            "description": "base64 RSA-SHA256 (PKCS#1 v1.5) signature of the raw body",
            "schema": {"type": "string"},
        }
    ],
}


@router.post(
    "/payments/sandbox/notify",
    response={200: StatusOut, 400: ErrorOut},
    summary="Receive a sandbox payment notification",
    openapi_extra=NOTIFY_DOC,
)
def sandbox_notify(request):
    """Verify and apply one notification: 200 {"status": "ok"} when applied or already applied
    (replays change nothing), 400 with an error code when it is refused (nothing changed)."""
    _sandbox()
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        return Status(400, error_body("malformed_notification", "body too large"))
    signature = request.headers.get(SIGNATURE_HEADER, "")
    try:
        services.notification_apply(provider="sandbox", body=body, signature=signature)
    except PaymentError as exc:
        field = [{"field": exc.field, "reason": str(exc)}] if exc.field else []
        return Status(400, error_body(exc.code, str(exc), field))
    return Status(200, {"status": "ok"})


@router.get(
    "/payments/sandbox/public-key",
    summary="The sandbox's public key (PEM) that verifies its notifications",
    response={200: None},
    openapi_extra={
        "responses": {200: {"description": "PEM", "content": {"application/x-pem-file": {}}}}
    },
)
def sandbox_public_key(request):
    _sandbox()
    return HttpResponse(public_key_pem(), content_type="application/x-pem-file")


@router.get(
    "/payments/{reference}",
    response=PaymentOut,
    auth=django_auth,
    summary="A payment's status (its owner only; 404 for anyone else)",
)
def payment_detail(request, reference: str):
    payment = selectors.payment_for_user(reference=reference, user=request.auth)
    if payment is None:
        raise Http404("No such payment")
    return {
        "reference": payment.reference,
        "group": payment.group.number,
        "provider": payment.provider,
        "status": payment.status,
        "amount": f"{payment.amount:.2f}",
        "currency": payment.currency,
        "refunded_amount": f"{payment.refunded_amount:.2f}",
        "created_at": payment.created_at,
        "paid_at": payment.paid_at,
        "checkout_url": payment.checkout_url if payment.status == "created" else None,
    }
