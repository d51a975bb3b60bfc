"""Who may do what in the back office (pure look-ups, no writes).

Two roles: *operators* (center staff, or superusers) see and review everything; *merchant staff*
see and edit only the products of the one merchant their ``MerchantStaff`` link names.
"""

from freeport.catalog.models import Merchant, MerchantStaff

OPERATOR = "operator"
MERCHANT_STAFF = "merchant_staff"

_CACHE = "_freeport_merchant"
_OPERATOR_CACHE = "_freeport_is_operator"


def is_operator(user) -> bool:
    """Superusers, and active users in the "operator" group (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, _OPERATOR_CACHE):
        setattr(user, _OPERATOR_CACHE, user.groups.filter(name=OPERATOR).exists())
    return getattr(user, _OPERATOR_CACHE)


def forget(user) -> None:
    """Drop the cached role look-ups after the user's groups or merchant link changed."""
    for name in (_CACHE, _OPERATOR_CACHE):
        user.__dict__.pop(name, None)


def merchant_of(user) -> Merchant | None:
    """The merchant a staff user works for, or None (cached on the user object per request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, _CACHE):
        link = MerchantStaff.objects.select_related("merchant").filter(user=user).first()
        setattr(user, _CACHE, link.merchant if link else None)
    return getattr(user, _CACHE)


def scope_merchant(user) -> tuple[bool, Merchant | None]:
    """(sees everything, merchant): operators see all; anybody else sees one merchant or none."""
    if is_operator(user):
        return True, None
    return False, merchant_of(user)
