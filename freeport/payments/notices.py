"""Payment notifications and their signatures (pure: no ORM, no request).

A notification is a UTF-8 JSON object (fields in `FIELDS`), signed as the exact bytes sent:
RSA PKCS#1 v1.5 with SHA-256, base64-encoded, carried in a header. Amounts are strings with two
decimals ("238.00"), never JSON numbers, so no float ever touches money.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

MAX_BODY_BYTES = 16 * 1024
SUCCEEDED, FAILED = "succeeded", "failed"
STATUSES = (SUCCEEDED, FAILED)
FIELDS = (
    "notify_id",
    "out_trade_no",
    "transaction_id",
    "status",
    "amount",
    "currency",
    "paid_at",
    "sent_at",
)

_AMOUNT = re.compile(r"^(0|[1-9][0-9]{0,9})\.[0-9]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class NoticeError(ValueError):
    """A notification that cannot be read; `code` is stable, `field` names what is wrong."""

    def __init__(self, code: str, message: str, field: str = ""):
        super().__init__(message)
        self.code, self.field = code, field


@dataclass(frozen=True)
class Notice:
    notify_id: str
    reference: str  # out_trade_no: the platform's payment reference
    transaction_id: str
    status: str
    amount: Decimal
    currency: str
    paid_at: datetime | None
    sent_at: datetime


def _time(value, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise NoticeError("malformed_notification", "not an ISO 8601 time with offset", field)
    return parsed


def notice_id_of(body: bytes) -> str:
    """The notify_id a body claims, for the record even when it is rejected ('' if none)."""
    try:
        value = json.loads(body).get("notify_id", "")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return ""
    return value[:64] if isinstance(value, str) else ""


def notice_parse(body: bytes) -> Notice:
    """Read a notification body, or NoticeError naming the field that is wrong."""
    if len(body) > MAX_BODY_BYTES:
        raise NoticeError("malformed_notification", "body too large")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise NoticeError("malformed_notification", "body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise NoticeError("malformed_notification", "body is not a JSON object")
    for field in FIELDS:
        if field not in data:
            raise NoticeError("malformed_notification", "missing", field)
    for field in ("notify_id", "out_trade_no", "transaction_id"):
        if not isinstance(data[field], str) or not _ID.match(data[field]):
            raise NoticeError("malformed_notification", "not an identifier", field)
    if data["status"] not in STATUSES:
        raise NoticeError("malformed_notification", f"one of {', '.join(STATUSES)}", "status")
    if not isinstance(data["amount"], str) or not _AMOUNT.match(data["amount"]):
        raise NoticeError("malformed_notification", 'a string like "238.00"', "amount")
    if not isinstance(data["currency"], str) or not _CURRENCY.match(data["currency"]):
        raise NoticeError("malformed_notification", "an ISO 4217 code", "currency")
    paid_at = None
    if data["status"] == SUCCEEDED or data["paid_at"] is not None:
        paid_at = _time(data["paid_at"], "paid_at")
    return Notice(
        notify_id=data["notify_id"],
        reference=data["out_trade_no"],
        transaction_id=data["transaction_id"],
        status=data["status"],
        amount=Decimal(data["amount"]),
        currency=data["currency"],
        paid_at=paid_at,
        sent_at=_time(data["sent_at"], "sent_at"),
    )


def notice_body(notice: Notice) -> bytes:
    """The bytes to send (compact JSON, keys sorted); the signature covers exactly these."""
    data = {
        "notify_id": notice.notify_id,
        "out_trade_no": notice.reference,
        "transaction_id": notice.transaction_id,
        "status": notice.status,
        "amount": f"{notice.amount:.2f}",
        "currency": notice.currency,
        "paid_at": notice.paid_at.isoformat() if notice.paid_at else None,
        "sent_at": notice.sent_at.isoformat(),
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


# --- RSA-SHA256 (PKCS#1 v1.5) ------------------------------------------------------------------


def key_generate() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_pem(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> str:
    public = key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_private(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("not an RSA private key")
    return key


def load_public(pem: str) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA public key")
    return key


def sign(key: rsa.RSAPrivateKey, body: bytes) -> str:
    """base64 of the RSA-SHA256 PKCS#1 v1.5 signature of `body`."""
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


def verify(key: rsa.RSAPublicKey, body: bytes, signature: str) -> bool:
    """Whether `signature` (base64) is `key`'s RSA-SHA256 signature of exactly `body`."""
    try:
        raw = base64.b64decode(signature.strip(), validate=True)
        key.verify(raw, body, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
