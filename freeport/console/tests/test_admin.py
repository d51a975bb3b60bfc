from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from freeport.catalog import services
from freeport.catalog.models import SKU, Brand, ListingReview, Product
from freeport.customers.models import Address

from .conftest import form_data

CHANGELIST = reverse("admin:catalog_product_changelist")


def change_url(product):
    return reverse("admin:catalog_product_change", args=[product.pk])


def listed(response):
    return sorted(p.code for p in response.context["cl"].result_list)


# --- merchant staff are kept inside their merchant ----------------------------------------------


def test_merchant_staff_changelist_shows_only_their_products(login, kiwi_staff, products):
    response = login(kiwi_staff).get(CHANGELIST)
    assert response.status_code == 200
    assert listed(response) == ["K1", "K2"]
    assert b"Alpine Secret Cream" not in response.content
    # no filter listing every merchant, no column naming merchants
    assert "merchant" not in response.context["cl"].list_display


def test_operator_changelist_shows_every_product(login, operator, products):
    response = login(operator).get(CHANGELIST)
    assert listed(response) == ["A1", "K1", "K2"]


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_other_merchants_product_urls_show_nothing(login, kiwi_staff, products, view):
    url = reverse(f"admin:catalog_product_{view}", args=[products["A1"].pk])
    response = login(kiwi_staff).get(url, follow=True)
    if view == "delete":  # they may delete nothing at all
        assert response.status_code == 403
    else:
        assert response.redirect_chain[0] == (reverse("admin:index"), 302)
    assert b"Alpine Secret Cream" not in response.content


def test_other_merchants_product_cannot_be_changed_by_post(
    login, kiwi_staff, alpine_staff, products
):
    alpine_form = form_data(login(alpine_staff).get(change_url(products["A1"])))
    alpine_form["title_en"] = "hijacked"
    response = login(kiwi_staff).post(change_url(products["A1"]), alpine_form)
    assert response.status_code == 302
    assert Product.objects.get(code="A1").title_en == "Alpine Secret Cream"


def test_other_merchants_sku_and_brand_are_hidden(login, kiwi_staff, products):
    client = login(kiwi_staff)
    skus = client.get(reverse("admin:catalog_sku_changelist"))
    assert sorted(s.code for s in skus.context["cl"].result_list) == ["K1-900", "K2-900"]
    brands = client.get(reverse("admin:catalog_brand_changelist"))
    assert [b.slug for b in brands.context["cl"].result_list] == ["kiwi-gold"]
    sku = SKU.objects.get(code="A1-30")
    response = client.get(reverse("admin:catalog_sku_change", args=[sku.pk]))
    assert response.status_code == 302


def test_merchant_staff_cannot_set_merchant_or_status_by_post(
    login, kiwi_staff, merchants, products
):
    kiwi, alpine = merchants
    client = login(kiwi_staff)
    product = products["K1"]
    data = form_data(client.get(change_url(product)))
    assert "merchant" not in data and "status" not in data  # not on the form at all
    data.update(merchant=str(alpine.pk), status="approved", status_reason="self-approved",
                title_en="Kiwi One, renamed")  # fmt: skip

    response = client.post(change_url(product), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert product.title_en == "Kiwi One, renamed"  # the edit itself went through
    assert (product.merchant, product.status, product.status_reason) == (kiwi, "pending", "")
    assert not ListingReview.objects.exists()


def test_merchant_staff_cannot_use_another_merchants_brand(login, kiwi_staff, products):
    client = login(kiwi_staff)
    data = form_data(client.get(change_url(products["K1"])))
    data["brand"] = str(Brand.objects.get(slug="alpine-rose").pk)
    response = client.post(change_url(products["K1"]), data)
    assert response.status_code == 200
    assert "brand" in response.context["adminform"].form.errors
    assert Product.objects.get(code="K1").brand.slug == "kiwi-gold"


def test_merchant_staff_adds_pending_product_under_their_merchant(
    login, kiwi_staff, merchants, products
):
    kiwi, alpine = merchants
    client = login(kiwi_staff)
    data = form_data(client.get(change_url(products["K1"])))
    data = {k: v for k, v in data.items() if not k.startswith(("skus-", "reviews-"))}
    data.update({
        "code": "K3", "title_en": "Kiwi Three", "merchant": str(alpine.pk), "status": "approved",
        "skus-TOTAL_FORMS": "1", "skus-INITIAL_FORMS": "0", "skus-0-code": "K3-800",
        "skus-0-gtin": "9400000000017", "skus-0-price": "199.00", "skus-0-gross_weight_kg": "1",
        "skus-0-net_weight_kg": "0.8", "skus-0-net_content_value": "800",
        "skus-0-net_content_unit": "g", "skus-0-is_active": "on",
        "reviews-TOTAL_FORMS": "0", "reviews-INITIAL_FORMS": "0",
    })  # fmt: skip

    response = client.post(reverse("admin:catalog_product_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get(code="K3")
    assert (product.merchant, product.status) == (kiwi, "pending")
    sku = product.skus.get()
    assert sku.merchant == kiwi
    assert (product.price_min, product.price_max) == (Decimal("199.00"), Decimal("199.00"))


def test_merchant_staff_cannot_reach_addresses(login, kiwi_staff, shopper):
    Address.objects.create(
        user=shopper, recipient_name="王小明", phone="13812345678", province="浙江省",
        city="杭州市", district="西湖区", street="文三路 1 号",
    )  # fmt: skip
    client = login(kiwi_staff)
    assert client.get(reverse("admin:customers_address_changelist")).status_code == 403
    index = client.get(reverse("admin:index"))
    assert b"customers/address" not in index.content


def test_operator_sees_addresses_masked(login, operator, shopper):
    address = Address.objects.create(
        user=shopper, recipient_name="王小明", phone="13812345678", province="浙江省",
        city="杭州市", district="西湖区", street="文三路 1 号",
    )  # fmt: skip
    client = login(operator)
    listing = client.get(reverse("admin:customers_address_changelist"))
    detail = client.get(reverse("admin:customers_address_change", args=[address.pk]))
    for response in (listing, detail):
        assert response.status_code == 200
        body = response.content.decode()
        assert "王**" in body and "138****5678" in body
        assert "王小明" not in body and "13812345678" not in body and "文三路 1 号" not in body


def test_saving_skus_in_admin_refreshes_the_price_range(login, operator, products):
    client = login(operator)
    product = products["K1"]
    data = form_data(client.get(change_url(product)))
    data["skus-0-price"] = "99.00"
    response = client.post(change_url(product), data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price_min, product.price_max) == (Decimal("99.00"), Decimal("99.00"))


def test_sku_code_clash_within_merchant_is_a_form_error(login, operator, products):
    client = login(operator)
    data = form_data(client.get(change_url(products["K1"])))
    data["skus-0-code"] = "K2-900"  # K2's SKU, same merchant
    response = client.post(change_url(products["K1"]), data)
    assert response.status_code == 200
    assert SKU.objects.filter(code="K1-900").exists()


# --- review actions --------------------------------------------------------------------------


def act(client, action, products, follow=False, **extra):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(p.pk) for p in products]}
    return client.post(CHANGELIST, {**data, **extra}, follow=follow)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_approve_action_asks_then_approves(login, operator, products):
    client = login(operator)
    selected = [products["K1"], products["A1"]]

    page = act(client, "approve_listings", selected)
    assert page.status_code == 200
    assert "console/review_action.html" in [t.name for t in page.templates]
    assert Product.objects.filter(status="pending").count() == 3  # nothing yet

    done = act(client, "approve_listings", selected, apply="yes", reason="")
    assert done.status_code == 302
    assert set(Product.objects.filter(status="approved").values_list("code", flat=True)) == {
        "K1", "A1",
    }  # fmt: skip
    reviews = ListingReview.objects.order_by("product__code")
    assert [(r.product.code, r.from_status, r.to_status, r.actor) for r in reviews] == [
        ("A1", "pending", "approved", operator),
        ("K1", "pending", "approved", operator),
    ]


def test_reject_action_needs_a_reason(login, operator, products):
    client = login(operator)
    response = act(client, "reject_listings", [products["K1"]], apply="yes", reason="  ")
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Product.objects.get(code="K1").status == "pending"
    assert not ListingReview.objects.exists()

    response = act(client, "reject_listings", [products["K1"]], apply="yes", reason="no label")
    product = Product.objects.get(code="K1")
    assert (product.status, product.status_reason) == ("rejected", "no label")


def test_delist_action_reports_each_failure(login, operator, products):
    services.product_review(product_id=products["K1"].pk, target="approved", actor=operator)
    client = login(operator)
    response = act(
        client, "delist_listings", [products["K1"], products["K2"]], apply="yes",
        reason="recall notice", follow=True,
    )  # fmt: skip
    assert Product.objects.get(code="K1").status == "delisted"
    assert Product.objects.get(code="K2").status == "pending"
    texts = messages_of(response)
    assert any("K2" in t and "cannot go from pending to delisted" in t for t in texts)
    assert any("1 listing(s) now delisted" in t for t in texts)


def test_merchant_staff_cannot_approve_but_can_resubmit(login, operator, kiwi_staff, products):
    client = login(kiwi_staff)
    choices = [c[0] for c in client.get(CHANGELIST).context["action_form"].fields["action"].choices]
    assert "resubmit_listings" in choices
    assert not {"approve_listings", "reject_listings", "delist_listings"} & set(choices)

    act(client, "approve_listings", [products["K1"]], apply="yes", reason="")
    assert Product.objects.get(code="K1").status == "pending"

    for code in ("K1", "A1"):
        services.product_review(
            product_id=products[code].pk, target="rejected", reason="fix HS", actor=operator
        )
    act(client, "resubmit_listings", [products["K1"], products["A1"]], apply="yes", reason="fixed")
    assert Product.objects.get(code="K1").status == "pending"
    assert Product.objects.get(code="A1").status == "rejected"  # not theirs: untouched
    assert ListingReview.objects.filter(to_status="pending", actor=kiwi_staff).count() == 1


# --- every admin page renders for the role that may see it ----------------------------------


@pytest.fixture
def stock(products):
    from django.utils import timezone

    from freeport.inventory.models import StockLot, StockMovement, Warehouse

    warehouse = Warehouse.objects.create(
        code="ftz-1", name_zh="一号保税仓", name_en="Bonded 1", kind="bonded", province="浙江省",
        city="宁波市", customs_area_code="3105",
    )  # fmt: skip
    lots = {
        code: StockLot.objects.create(
            sku=SKU.objects.get(code=code),
            warehouse=warehouse,
            batch_number=f"B-{code}",
            customs_entry_ref="E1",
            quantity_on_hand=10,
            received_at=timezone.now(),
        )  # fmt: skip
        for code in ("K1-900", "A1-30")
    }
    for lot in lots.values():
        StockMovement.objects.create(lot=lot, kind="receipt", quantity=10)
    return lots


@pytest.mark.parametrize(
    "role, url, expected",
    [
        ("operator", "admin:index", 200),
        ("operator", "admin:catalog_product_add", 200),
        ("operator", "admin:catalog_sku_add", 200),
        ("operator", "admin:catalog_merchant_changelist", 200),
        ("operator", "admin:catalog_listingreview_changelist", 200),
        ("operator", "admin:inventory_stocklot_changelist", 200),
        ("operator", "admin:inventory_stockmovement_changelist", 200),
        ("operator", "admin:inventory_warehouse_changelist", 200),
        ("merchant", "admin:index", 200),
        ("merchant", "admin:catalog_product_add", 200),
        ("merchant", "admin:catalog_sku_add", 200),
        ("merchant", "admin:inventory_stocklot_changelist", 200),
        ("merchant", "admin:catalog_merchant_changelist", 403),
        ("merchant", "admin:catalog_listingreview_changelist", 403),
        ("merchant", "admin:inventory_stockmovement_changelist", 403),
    ],
)
def test_admin_pages(login, operator, kiwi_staff, stock, role, url, expected):
    client = login(operator if role == "operator" else kiwi_staff)
    response = client.get(reverse(url))
    assert response.status_code == expected
    if url == "admin:inventory_stocklot_changelist":
        batches = sorted(lot.batch_number for lot in response.context["cl"].result_list)
        assert batches == (["B-A1-30", "B-K1-900"] if role == "operator" else ["B-K1-900"])


def test_merchant_staff_see_their_stock_lot_only(login, kiwi_staff, stock):
    client = login(kiwi_staff)
    own = client.get(reverse("admin:inventory_stocklot_change", args=[stock["K1-900"].pk]))
    other = client.get(reverse("admin:inventory_stocklot_change", args=[stock["A1-30"].pk]))
    assert own.status_code == 200
    assert other.status_code == 302 and b"B-A1-30" not in other.content


def test_autocomplete_offers_merchant_staff_only_their_brands(login, kiwi_staff, products):
    response = login(kiwi_staff).get(
        reverse("admin:autocomplete"),
        {"app_label": "catalog", "model_name": "product", "field_name": "brand", "term": ""},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["奇异金 / Kiwi Gold"]


def test_admin_pages_link_to_the_console(login, operator):
    body = login(operator).get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("console:dashboard")}"' in body
    assert "Log out" in body  # Django's own user links are still there
