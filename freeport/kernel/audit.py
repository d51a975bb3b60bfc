"""Audit trail writes (one row per sensitive action)."""

from .models import AuditLog


def audit_record(*, actor, action: str, obj, reason: str = "") -> AuditLog:
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reason=reason[:300],
    )
