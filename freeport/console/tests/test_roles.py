import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from freeport.catalog.models import MerchantStaff
from freeport.console.roles import is_operator, merchant_of
from freeport.console.services import roles_ensure, staff_create

from .conftest import PASSWORD


def perms(group_name):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group_name).permissions.select_related("content_type")
    }


def test_roles_ensure_is_idempotent_and_exact(db):
    roles_ensure()
    first = (perms("operator"), perms("merchant_staff"))
    stale = Group.objects.get(name="merchant_staff")
    stale.permissions.add(*Group.objects.get(name="operator").permissions.all())  # drifted
    roles_ensure()

    assert Group.objects.filter(name__in=["operator", "merchant_staff"]).count() == 2
    assert (perms("operator"), perms("merchant_staff")) == first
    operator, staff = first
    assert {"catalog.change_product", "inventory.delete_stocklot", "customers.view_address"} <= (
        operator
    )
    assert {p.split(".")[0] for p in operator} == {
        "catalog", "inventory", "customers", "search", "checkout", "kernel",
    }  # fmt: skip
    # of the kernel, only the outbox (watch and retry side effects); never the audit log
    assert {p for p in operator if p.startswith("kernel.")} == {
        "kernel.view_outboxmessage", "kernel.change_outboxmessage",
    }  # fmt: skip
    assert staff == {
        "catalog.view_product", "catalog.add_product", "catalog.change_product",
        "catalog.view_sku", "catalog.add_sku", "catalog.change_sku", "catalog.view_brand",
        "catalog.view_category", "catalog.view_taxprofile", "catalog.view_certification",
        "catalog.view_attributetag", "inventory.view_stocklot", "inventory.view_warehouse",
        "checkout.view_promotion", "checkout.add_promotion", "checkout.change_promotion",
        "checkout.view_coupon", "checkout.add_coupon", "checkout.change_coupon",
    }  # fmt: skip


def test_staff_create_twice_updates(merchants):
    kiwi, alpine = merchants
    user = staff_create(username="ken", password="first-pass-1", role="merchant", merchant=kiwi)
    again = staff_create(
        username="ken", password="second-pass-2", role="merchant", merchant="alpine-co",
        email="ken@example.com",
    )  # fmt: skip

    assert again.pk == user.pk
    assert get_user_model().objects.filter(username="ken").count() == 1
    again.refresh_from_db()
    assert again.is_staff and not again.is_superuser
    assert again.check_password("second-pass-2") and again.email == "ken@example.com"
    assert MerchantStaff.objects.get(user=again).merchant == alpine
    assert list(again.groups.values_list("name", flat=True)) == ["merchant_staff"]
    assert merchant_of(get_user_model().objects.get(pk=user.pk)) == alpine
    assert not is_operator(again)


def test_staff_create_operator_creates_groups_and_drops_merchant_link(merchants):
    staff_create(username="sam", password=PASSWORD, role="merchant", merchant=merchants[0])
    user = staff_create(username="sam", password=PASSWORD, role="operator")

    user = get_user_model().objects.get(pk=user.pk)
    assert is_operator(user)
    assert merchant_of(user) is None
    assert not MerchantStaff.objects.filter(user=user).exists()
    assert list(user.groups.values_list("name", flat=True)) == ["operator"]


@pytest.mark.parametrize(
    "kwargs",
    [{"role": "admin"}, {"role": "merchant"}, {"role": "operator", "merchant": "kiwi-dairy"}],
)
def test_staff_create_refuses_bad_roles(merchants, kwargs):
    with pytest.raises(ValueError):
        staff_create(username="x", password=PASSWORD, **kwargs)
    assert not get_user_model().objects.filter(username="x").exists()


def test_superuser_is_operator_and_shopper_is_not(shopper):
    admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
    assert is_operator(admin)
    assert not is_operator(shopper)
    assert merchant_of(shopper) is None
