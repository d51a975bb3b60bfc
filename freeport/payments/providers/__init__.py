"""Provider registry: settings.PAYMENT_PROVIDERS maps a name to a provider class (dotted path).

Default: only the sandbox. A deployment that takes real money removes it (PAYMENTS_SANDBOX=0).
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ..errors import PaymentError
from .base import Checkout, Provider, ProviderState, RefundResult

DEFAULT_PROVIDERS = {"sandbox": "freeport.payments.providers.sandbox.SandboxProvider"}

__all__ = ["Checkout", "Provider", "ProviderState", "RefundResult", "enabled", "get"]


def enabled() -> dict[str, str]:
    return dict(getattr(settings, "PAYMENT_PROVIDERS", DEFAULT_PROVIDERS))


@cache
def _instance(path: str) -> Provider:
    return import_string(path)()


def get(name: str) -> Provider:
    """The provider called `name`, or PaymentError("unknown_provider") if it is not enabled."""
    path = enabled().get(name)
    if path is None:
        raise PaymentError("unknown_provider", _("This payment method is not available."))
    return _instance(path)
