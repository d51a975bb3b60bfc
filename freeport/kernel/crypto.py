"""Field encryption for personal data: AES-256-GCM with key rotation.

Stored form: ``v1:<key fingerprint>:<base64(nonce|ciphertext|tag)>``. New values use the first key
in settings.FIELD_ENCRYPTION_KEYS; any listed key decrypts, so keys rotate by prepending a new one.
"""

import base64
import hashlib
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

PREFIX = "v1"


def _keys() -> dict[str, bytes]:
    keys = {}
    for encoded in settings.FIELD_ENCRYPTION_KEYS:
        raw = base64.b64decode(encoded)
        if len(raw) != 32:
            raise ValueError("FIELD_ENCRYPTION_KEYS entries must be 32 bytes, base64-encoded")
        keys[hashlib.sha256(raw).hexdigest()[:8]] = raw
    return keys


def encrypt(plaintext: str) -> str:
    keys = _keys()
    key_id = next(iter(keys))
    nonce = os.urandom(12)
    sealed = AESGCM(keys[key_id]).encrypt(nonce, plaintext.encode(), key_id.encode())
    return f"{PREFIX}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    prefix, key_id, payload = token.split(":", 2)
    if prefix != PREFIX:
        raise ValueError("unknown ciphertext version")
    raw = base64.b64decode(payload)
    key = _keys()[key_id]
    return AESGCM(key).decrypt(raw[:12], raw[12:], key_id.encode()).decode()


def mask(value: str, keep_start: int = 1, keep_end: int = 1) -> str:
    """Mask personal data for display: keep a few characters at each end."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return value[0] + "*" * (len(value) - 1)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code sees plaintext."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)
