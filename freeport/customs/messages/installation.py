"""The installation's default signer: key and certificate from settings, or made on first use.

`CUSTOMS_SIGNING_KEY_FILE` and `CUSTOMS_SIGNING_CERT_FILE` (Django settings, else environment
variables) name a PEM RSA private key (unencrypted PKCS#8 or PKCS#1) and its PEM certificate,
e.g. a certificate issued for the enterprise. When neither is set, a 2048-bit RSA key and a
self-signed certificate are generated once under `settings.VAR_DIR / "customs-signing"` and
reused; a file lock makes concurrent first uses (several gunicorn workers) agree on one key.
This module reads settings and files; the rest of the package stays pure.
"""

from __future__ import annotations

import fcntl
import logging
import os
from functools import cache
from pathlib import Path

from .signing import SignatureError, Signer, XmlDsigSigner

log = logging.getLogger(__name__)

KEY_SETTING, CERT_SETTING = "CUSTOMS_SIGNING_KEY_FILE", "CUSTOMS_SIGNING_CERT_FILE"
GENERATED_DIR = "customs-signing"


class SigningConfigError(RuntimeError):
    """The configured signing key or certificate cannot be used."""


def _setting(name: str) -> str:
    from django.conf import settings

    return str(getattr(settings, name, None) or os.environ.get(name, "") or "")


def _write(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def load_or_create(directory: Path) -> XmlDsigSigner:
    """The signer stored in `directory` (key.pem, cert.pem), generating it on first use."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_path, cert_path = directory / "key.pem", directory / "cert.pem"
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if key_path.exists() and cert_path.exists():
            return XmlDsigSigner.from_pem(key_path.read_bytes(), cert_path.read_bytes())
        signer = XmlDsigSigner.generate()
        _write(key_path, signer.key_pem(), 0o600)
        _write(cert_path, signer.cert_pem(), 0o644)
        log.warning("generated a self-signed customs signing key in %s", directory)
        return signer


def signer_from_settings() -> XmlDsigSigner:
    key_file, cert_file = _setting(KEY_SETTING), _setting(CERT_SETTING)
    if bool(key_file) != bool(cert_file):
        raise SigningConfigError(f"set both {KEY_SETTING} and {CERT_SETTING}, or neither")
    if key_file:
        try:
            return XmlDsigSigner.from_pem(Path(key_file).read_bytes(), Path(cert_file).read_bytes())
        except (OSError, ValueError) as exc:
            raise SigningConfigError(f"cannot load the customs signing key: {exc}") from exc
    from django.conf import settings

    return load_or_create(Path(settings.VAR_DIR) / GENERATED_DIR)


@cache
def installation_signer() -> XmlDsigSigner:
    """The process-wide default signer (cached; tests build their own `XmlDsigSigner`)."""
    return signer_from_settings()


def verify_signature(xml: bytes, signer: Signer | None = None) -> bool:
    """Whether `xml` carries a valid signature by `signer` (default: the installation's)."""
    try:
        (signer or installation_signer()).verify(xml)
    except SignatureError:
        return False
    return True
