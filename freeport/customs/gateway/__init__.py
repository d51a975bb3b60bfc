"""Customs gateway adapters; `get_gateway()` returns the configured one (CUSTOMS_GATEWAY)."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Gateway, GatewayUnavailable, Receipt

__all__ = ["Gateway", "GatewayUnavailable", "Receipt", "get_gateway"]


def get_gateway() -> Gateway:
    path = getattr(
        settings, "CUSTOMS_GATEWAY", "freeport.customs.gateway.simulator.CustomsSimulator"
    )
    return import_string(path)()
