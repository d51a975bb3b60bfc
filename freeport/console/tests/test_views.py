import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from freeport.catalog import services
from freeport.catalog.models import SKU, ListingReview, MerchantStaff, Product
from freeport.catalog.testing import merchant_make, row_make
from freeport.console import views
from freeport.console.services import staff_create
from freeport.inventory.models import StockLot, Warehouse

DASHBOARD = reverse("console:dashboard")
QUEUE = reverse("console:queue")


def review_url(product):
    return reverse("console:review", args=[product.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- who may enter -------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["dashboard", "queue", "review"])
def test_anonymous_and_shoppers_are_sent_to_the_admin_login(client, login, shopper, products,
                                                            url_name):  # fmt: skip
    args = [products["K1"].pk] if url_name == "review" else []
    url = reverse(f"console:{url_name}", args=args)
    for c in (client, login(shopper)):
        response = c.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
        post = c.post(url, {"decision": "approve"})
        assert post.status_code in (302, 405)
    assert Product.objects.get(code="K1").status == "pending"


def test_merchant_staff_get_403_on_queue_and_review(login, kiwi_staff, products):
    client = login(kiwi_staff)
    assert client.get(QUEUE).status_code == 403
    assert client.get(review_url(products["K1"])).status_code == 403
    assert client.post(review_url(products["K1"]), {"decision": "approve"}).status_code == 403
    assert Product.objects.get(code="K1").status == "pending"


def test_csrf_is_enforced(operator, products):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    response = client.post(review_url(products["K1"]), {"decision": "approve"})
    assert response.status_code == 403
    assert Product.objects.get(code="K1").status == "pending"


# --- dashboard -----------------------------------------------------------------------------


def test_operator_dashboard_counts_everything(login, operator, products):
    services.product_review(product_id=products["A1"].pk, target="approved", actor=operator)
    response = login(operator).get(DASHBOARD)
    assert response.status_code == 200
    counts = response.context["counts"]
    assert dict(counts["by_status"]) == {"pending": 2, "approved": 1, "rejected": 0, "delisted": 0}
    assert (counts["products"], counts["pending"], counts["skus"], counts["merchants"]) == (
        3, 2, 3, 2,
    )  # fmt: skip
    assert "admin/base_site.html" in [t.name for t in response.templates]


def test_merchant_dashboard_counts_only_their_own(login, operator, kiwi_staff, products):
    services.product_review(
        product_id=products["K2"].pk, target="rejected", reason="label missing", actor=operator
    )
    response = login(kiwi_staff).get(DASHBOARD)
    counts = response.context["counts"]
    assert dict(counts["by_status"])["pending"] == 1
    assert (counts["products"], counts["skus"]) == (2, 2)
    assert "merchants" not in counts
    assert [p.code for p in response.context["attention"]] == ["K2"]
    assert b"label missing" in response.content
    assert b"Alpine" not in response.content


# --- queue ---------------------------------------------------------------------------------


def test_queue_filters_by_status_and_paginates(login, operator, products, monkeypatch,
                                               django_assert_max_num_queries):  # fmt: skip
    services.product_review(product_id=products["A1"].pk, target="approved", actor=operator)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = login(operator)

    with django_assert_max_num_queries(12):
        first = client.get(QUEUE, {"status": "pending"})
    second = client.get(QUEUE, {"status": "pending", "page": 2})
    approved = client.get(QUEUE, {"status": "approved"})
    fallback = client.get(QUEUE, {"status": "bogus"})

    assert [p.code for p in first.context["page"]] == ["K1"]  # oldest first
    assert [p.code for p in second.context["page"]] == ["K2"]
    assert first.context["page"].paginator.count == 2
    assert [p.code for p in approved.context["page"]] == ["A1"]
    assert fallback.context["status"] == "pending"


# --- review page ---------------------------------------------------------------------------


def test_review_page_shows_compliance_data(login, operator, products):
    product = products["K1"]
    services.product_review(product_id=product.pk, target="rejected", reason="blurry label",
                            actor=operator)  # fmt: skip
    services.product_review(product_id=product.pk, target="pending", actor=operator)
    response = login(operator).get(review_url(product))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("1901101090", product.record_number, "New Zealand", "Skim milk", "K1-900",
                 "blurry label", "olivia"):  # fmt: skip
        assert text in body, text
    assert [d for d, _ in response.context["decisions"]] == ["approve", "reject"]


def test_review_of_unknown_product_is_404(login, operator, db):
    assert login(operator).get(reverse("console:review", args=[999999])).status_code == 404


def test_approve_without_reason(login, operator, products):
    client = login(operator)
    response = client.post(review_url(products["K1"]), {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    product = Product.objects.get(code="K1")
    assert product.status == "approved" and product.published_at is not None
    review = ListingReview.objects.get(product=product)
    assert (review.from_status, review.to_status, review.reason, review.actor) == (
        "pending", "approved", "", operator,
    )  # fmt: skip
    assert any("now approved" in m for m in messages_of(client.get(response.url)))


def test_approve_with_reason_keeps_it(login, operator, products):
    login(operator).post(review_url(products["K1"]), {"decision": "approve", "reason": " ok "})
    assert ListingReview.objects.get().reason == "ok"
    assert Product.objects.get(code="K1").status_reason == "ok"


def test_reject_without_reason_is_refused_and_changes_nothing(login, operator, products):
    response = login(operator).post(review_url(products["K1"]), {"decision": "reject"})
    assert response.status_code == 400
    assert any("A reason is required" in m for m in messages_of(response))
    assert Product.objects.get(code="K1").status == "pending"
    assert not ListingReview.objects.exists()


def test_reject_with_reason(login, operator, products):
    login(operator).post(review_url(products["K1"]), {"decision": "reject", "reason": "no CIQ"})
    product = Product.objects.get(code="K1")
    assert (product.status, product.status_reason) == ("rejected", "no CIQ")
    assert ListingReview.objects.get().actor == operator


def test_delist_requires_a_reason(login, operator, products):
    client = login(operator)
    client.post(review_url(products["K1"]), {"decision": "approve"})
    refused = client.post(review_url(products["K1"]), {"decision": "delist", "reason": " "})
    assert refused.status_code == 400
    assert Product.objects.get(code="K1").status == "approved"

    client.post(review_url(products["K1"]), {"decision": "delist", "reason": "recall"})
    assert Product.objects.get(code="K1").status == "delisted"
    assert list(ListingReview.objects.order_by("id").values_list("to_status", "reason")) == [
        ("approved", ""), ("delisted", "recall"),
    ]  # fmt: skip


def test_decision_not_allowed_from_current_status_changes_nothing(login, operator, products):
    client = login(operator)
    for decision in ("delist", "resubmit"):
        response = client.post(review_url(products["K1"]), {"decision": decision, "reason": "x"})
        assert response.status_code == 400
        assert any("not allowed for a listing that is pending" in m for m in messages_of(response))
    bogus = client.post(review_url(products["K1"]), {"decision": "publish"})
    assert bogus.status_code == 400 and "decision" in bogus.context["form"].errors
    assert Product.objects.get(code="K1").status == "pending"
    assert not ListingReview.objects.exists()


# --- dashboard charts ----------------------------------------------------------------------


def warehouse_make(code, kind, position):
    return Warehouse.objects.create(
        code=code, name_zh=f"仓 {code}", name_en=f"Warehouse {code}", kind=kind, province="山东",
        city="青岛", customs_area_code="4227", position=position,
    )  # fmt: skip


def lot_make(sku_code, warehouse, on_hand, reserved=0, batch="B1"):
    return StockLot.objects.create(
        sku=SKU.objects.get(code=sku_code), warehouse=warehouse, batch_number=batch,
        customs_entry_ref=f"E-{batch}", quantity_on_hand=on_hand, quantity_reserved=reserved,
        received_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def stock(products):
    """Kiwi: 100 (10 reserved) + 5 in bonded 1, 2 on display; Alpine: 40 in bonded 2."""
    bonded1 = warehouse_make("bw1", "bonded", 1)
    bonded2 = warehouse_make("bw2", "bonded", 2)
    showroom = warehouse_make("sr1", "showroom", 3)
    lot_make("K1-900", bonded1, 100, reserved=10)
    lot_make("K2-900", bonded1, 5)
    lot_make("K1-900", showroom, 2)
    lot_make("A1-30", bonded2, 40)
    return bonded1, bonded2, showroom


def chart_values(response, chart_id):
    chart = next(c for c in response.context["charts"] if c.id == chart_id)
    return [(bar.full_label, bar.value) for bar in chart.bars]


def test_operator_dashboard_charts(login, operator, products, stock):
    services.product_review(product_id=products["A1"].pk, target="approved", actor=operator)
    response = login(operator).get(DASHBOARD)
    assert chart_values(response, "listings") == [
        ("pending review", 2), ("approved", 1), ("rejected", 0), ("delisted", 0),
    ]  # fmt: skip
    categories = dict(chart_values(response, "categories"))
    assert categories["Infant formula"] == 2 and categories["Skincare"] == 1
    assert sum(categories.values()) == 3
    assert chart_values(response, "stock") == [
        ("Warehouse bw1", 95), ("Warehouse bw2", 40), ("Warehouse sr1 (display only)", 2),
    ]  # fmt: skip


def test_charts_are_accessible_svg_with_visible_numbers(login, operator, products, stock):
    body = login(operator).get(DASHBOARD).content.decode()
    assert body.count('<svg class="console-svg" role="img"') == 3
    for chart_id, title in (("listings", "Listings by status"), ("categories", "SKUs per category"),
                            ("stock", "Stock units per warehouse")):  # fmt: skip
        assert f'aria-labelledby="chart-{chart_id}-title chart-{chart_id}-desc"' in body
        assert f'<title id="chart-{chart_id}-title">{title}</title>' in body
        assert f'<desc id="chart-{chart_id}-desc">' in body
    assert "Warehouse bw1: 95; Warehouse bw2: 40; Warehouse sr1 (display only): 2" in body
    assert '<text class="value"' in body and ">95</text>" in body  # numbers drawn, not only bars
    assert "<script" not in body.split('id="charts"')[1]  # no JavaScript for the charts


def test_merchant_dashboard_charts_show_only_their_figures(login, kiwi_staff, products, stock):
    response = login(kiwi_staff).get(DASHBOARD)
    assert chart_values(response, "listings")[0] == ("pending review", 2)
    categories = dict(chart_values(response, "categories"))
    assert categories["Infant formula"] == 2 and sum(categories.values()) == 2
    assert chart_values(response, "stock") == [
        ("Warehouse bw1", 95), ("Warehouse bw2", 0), ("Warehouse sr1 (display only)", 2),
    ]  # fmt: skip
    assert b"Alpine" not in response.content


def test_dashboard_without_merchant_link_has_no_charts(login, roles, products):
    user = staff_create(username="nobody", password="x-pass-1234", role="merchant",
                        merchant="kiwi-dairy")  # fmt: skip
    MerchantStaff.objects.filter(user=user).delete()
    response = login(user).get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["charts"] == [] and b"console-svg" not in response.content


def grow(products):
    """More of everything the dashboard counts: merchants, products, SKUs, warehouses, lots."""
    merchant_make("tui-farm", "NZ")
    rows = [
        row_make(merchant="tui-farm", brand="tui", brand_zh="图伊", brand_en="Tui",
                 product_code=f"T{i}", sku_code=f"T{i}-{s}", title_en=f"Tui {i}")
        for i in range(4) for s in range(2)
    ]  # fmt: skip
    result = services.catalog_import(rows=list(enumerate(rows, start=1)))
    assert result.imported, result.errors
    extra = warehouse_make("bw9", "bonded", 9)
    for i in range(4):
        lot_make(f"T{i}-0", extra, 10 + i, batch=f"B{i}")
    services.product_review(
        product_id=products["K2"].pk, target="rejected", reason="label", actor=None
    )


# Queries per dashboard page, whatever the amount of data: session, user, role (operator group;
# merchant link for merchant staff), products per status, SKU counts, active merchants
# (operators) or rejected listings (merchant staff), stock per warehouse, SKUs per root category,
# the root categories, and the admin sidebar's two permission reads.
DASHBOARD_QUERIES = {"operator": 11, "merchant": 12}


@pytest.mark.parametrize("role", ["operator", "merchant"])
def test_dashboard_query_count_is_fixed(login, operator, kiwi_staff, products, stock, role,
                                        django_assert_num_queries):  # fmt: skip
    client = login(operator if role == "operator" else kiwi_staff)
    client.get(DASHBOARD)  # warm caches that are not per request (content types)
    with django_assert_num_queries(DASHBOARD_QUERIES[role]):
        assert client.get(DASHBOARD).status_code == 200
    grow(products)
    with django_assert_num_queries(DASHBOARD_QUERIES[role]):
        response = client.get(DASHBOARD)
    assert len(next(c for c in response.context["charts"] if c.id == "stock").bars) == 4
