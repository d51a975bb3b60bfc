"""Promotions and coupons in the console: merchant staff manage their own merchant's only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from freeport.checkout.models import Coupon, Promotion

NOW = timezone.now()


@pytest.fixture
def promotions(merchants):
    kiwi, alpine = merchants
    window = {"valid_from": NOW - timedelta(days=1), "valid_until": NOW + timedelta(days=30)}
    coupons = {
        "KIWI10": Coupon.objects.create(
            code="KIWI10", name_zh="奇异 10", name_en="Kiwi 10", kind="fixed", amount=10,
            funded_by="merchant", merchant=kiwi, **window,
        ),
        "ALP20": Coupon.objects.create(
            code="ALP20", name_zh="阿尔 20", name_en="Alpine 20", kind="fixed", amount=20,
            funded_by="merchant", merchant=alpine, **window,
        ),
        "WELCOME": Coupon.objects.create(
            code="WELCOME", name_zh="欢迎", name_en="Welcome", kind="fixed", amount=15,
            funded_by="platform", **window,
        ),
    }  # fmt: skip
    promos = {
        "kiwi": Promotion.objects.create(
            name_zh="奇异满减", name_en="Kiwi 300-30", merchant=kiwi, threshold=300, amount=30,
            **window,
        ),
        "all": Promotion.objects.create(
            name_zh="全场满减", name_en="All 500-50", threshold=500, amount=50, **window
        ),
    }  # fmt: skip
    return coupons, promos


def listed(response):
    return sorted(str(row) for row in response.context["cl"].result_list)


def test_merchant_staff_list_only_their_coupons_and_promotions(login, kiwi_staff, promotions):
    client = login(kiwi_staff)
    coupons = client.get(reverse("admin:checkout_coupon_changelist"))
    assert coupons.status_code == 200
    assert [c.code for c in coupons.context["cl"].result_list] == ["KIWI10"]
    assert b"WELCOME" not in coupons.content and b"ALP20" not in coupons.content
    assert "merchant" not in coupons.context["cl"].list_display
    promos = client.get(reverse("admin:checkout_promotion_changelist"))
    assert listed(promos) == ["Kiwi 300-30 (300.00 - 30.00)"]


def test_operators_see_every_coupon(login, operator, promotions):
    response = login(operator).get(reverse("admin:checkout_coupon_changelist"))
    assert sorted(c.code for c in response.context["cl"].result_list) == [
        "ALP20", "KIWI10", "WELCOME",
    ]  # fmt: skip


@pytest.mark.parametrize("code", ["ALP20", "WELCOME"])
def test_another_merchants_or_the_platforms_coupon_shows_nothing(
    login, kiwi_staff, promotions, code
):
    coupon = promotions[0][code]
    client = login(kiwi_staff)
    response = client.get(reverse("admin:checkout_coupon_change", args=[coupon.pk]), follow=True)
    assert response.redirect_chain[0] == (reverse("admin:index"), 302)
    assert code.encode() not in response.content
    client.post(reverse("admin:checkout_coupon_change", args=[coupon.pk]), {"amount": "999"})
    assert Coupon.objects.get(pk=coupon.pk).amount == coupon.amount
    delete = client.get(reverse("admin:checkout_coupon_delete", args=[coupon.pk]))
    assert delete.status_code in (302, 403)
    assert Coupon.objects.filter(pk=coupon.pk).exists()


def test_a_coupon_merchant_staff_add_is_their_merchants_and_funded_by_it(
    login, kiwi_staff, merchants, promotions
):
    kiwi, alpine = merchants
    response = login(kiwi_staff).post(
        reverse("admin:checkout_coupon_add"),
        {
            "code": "KIWI5", "name_zh": "奇异 5", "name_en": "Kiwi 5", "kind": "fixed",
            "amount": "5.00", "percent": "0", "min_spend": "0", "per_shopper_limit": "1",
            "valid_from_0": "2026-12-01", "valid_from_1": "00:00:00",
            "valid_until_0": "2026-12-31", "valid_until_1": "23:59:59", "is_active": "on",
            # ignored: the fields are not theirs to set
            "funded_by": "platform", "merchant": str(alpine.pk),
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    coupon = Coupon.objects.get(code="KIWI5")
    assert (coupon.merchant, coupon.funded_by, coupon.amount) == (kiwi, "merchant", Decimal(5))


def test_a_promotion_merchant_staff_add_is_their_merchants(
    login, kiwi_staff, merchants, promotions
):
    kiwi, alpine = merchants
    response = login(kiwi_staff).post(
        reverse("admin:checkout_promotion_add"),
        {
            "name_zh": "奇异满200减20", "name_en": "Kiwi 200-20", "threshold": "200.00",
            "amount": "20.00", "valid_from_0": "2026-12-01", "valid_from_1": "00:00:00",
            "valid_until_0": "2026-12-31", "valid_until_1": "23:59:59", "is_active": "on",
            "merchant": str(alpine.pk),
        },
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Promotion.objects.get(name_en="Kiwi 200-20").merchant == kiwi


def test_staff_without_a_merchant_link_cannot_add(login, roles, promotions):
    from freeport.console.services import staff_create

    loose = staff_create(username="lou", password="console-test-pass-1", role="operator")
    loose.groups.clear()
    loose.groups.add(roles["merchant_staff"])
    from freeport.console.roles import forget

    forget(loose)
    client = login(loose)
    assert client.get(reverse("admin:checkout_coupon_add")).status_code == 403
    listing = client.get(reverse("admin:checkout_coupon_changelist"))
    assert listing.status_code == 200 and list(listing.context["cl"].result_list) == []
