"""Console writes: role groups and staff accounts. Idempotent, one transaction each."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from freeport.catalog.models import Merchant, MerchantStaff

from .roles import MERCHANT_STAFF, OPERATOR, forget

OPERATOR_APPS = ("catalog", "inventory", "customers", "search", "checkout")
MERCHANT_STAFF_PERMISSIONS = {
    "catalog": [
        "view_product", "add_product", "change_product",
        "view_sku", "add_sku", "change_sku",
        "view_brand", "view_category", "view_taxprofile", "view_certification",
        "view_attributetag",
    ],
    "inventory": ["view_stocklot", "view_warehouse"],
    "checkout": [
        "view_promotion", "add_promotion", "change_promotion",
        "view_coupon", "add_coupon", "change_coupon",
    ],
}  # fmt: skip
ROLES = {"operator": OPERATOR, "merchant": MERCHANT_STAFF}


def _permissions_ensure() -> None:
    # Permissions are created after migrate; make sure they exist even on a fresh database.
    for label in (*OPERATOR_APPS, "kernel"):
        create_permissions(apps.get_app_config(label), verbosity=0)


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create or update the "operator" and "merchant_staff" groups, with exactly their rights."""
    _permissions_ensure()
    operator, _ = Group.objects.get_or_create(name=OPERATOR)
    operator.permissions.set(
        Permission.objects.filter(content_type__app_label__in=OPERATOR_APPS)
        | Permission.objects.filter(
            content_type__app_label="kernel",
            codename__in=["view_outboxmessage", "change_outboxmessage"],
        )
    )

    wanted = [(app, code) for app, codes in MERCHANT_STAFF_PERMISSIONS.items() for code in codes]
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in=MERCHANT_STAFF_PERMISSIONS,
            codename__in=[code for _, code in wanted],
        )
    }
    missing = sorted(f"{app}.{code}" for app, code in wanted if (app, code) not in found)
    if missing:
        raise LookupError(f"permissions not found: {', '.join(missing)}")
    staff, _ = Group.objects.get_or_create(name=MERCHANT_STAFF)
    staff.permissions.set(found.values())
    return {OPERATOR: operator, MERCHANT_STAFF: staff}


@transaction.atomic
def staff_create(*, username: str, password: str, role: str, merchant=None, email: str = ""):
    """Create or update a console user (is_staff) in the group of `role` ("operator"/"merchant").

    `merchant` (a Merchant or its code) is required for the merchant role and links the user to it
    through MerchantStaff; an operator has no merchant link. Running it again updates the user.
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {sorted(ROLES)}, not {role!r}")
    if role == "merchant" and merchant is None:
        raise ValueError("the merchant role needs a merchant")
    if role == "operator" and merchant is not None:
        raise ValueError("an operator is not linked to a merchant")
    if isinstance(merchant, str):
        merchant = Merchant.objects.get(code=merchant)

    groups = {g.name: g for g in Group.objects.filter(name__in=ROLES.values())}
    if len(groups) < len(ROLES):
        groups = roles_ensure()

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.email = email
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.remove(*(g for name, g in groups.items() if name != ROLES[role]))
    user.groups.add(groups[ROLES[role]])
    if role == "merchant":
        MerchantStaff.objects.update_or_create(user=user, defaults={"merchant": merchant})
    else:
        MerchantStaff.objects.filter(user=user).delete()
    forget(user)
    return user
