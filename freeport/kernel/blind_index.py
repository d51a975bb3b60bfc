"""Blind index: look personal data up by a keyed hash instead of decrypting every row.

HMAC-SHA256 with FREEPORT_BLIND_INDEX_KEY over the normalised value. Equal values give equal
indexes, so "is this ID number already registered?" and the per-person quota work without
storing the value in clear. The key is separate from the encryption keys and is not rotated
with them (rotating it means recomputing every index: `manage.py reencrypt_personal_data`).
"""

import hashlib
import hmac

from django.conf import settings


def blind_index(value: str, purpose: str) -> str:
    key = settings.BLIND_INDEX_KEY.encode()
    message = f"{purpose}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
