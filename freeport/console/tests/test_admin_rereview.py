"""Merchant staff changing what customs relies on sends an approved listing back to review."""

import pytest
from django.urls import reverse

from freeport.catalog import services
from freeport.catalog.models import ListingReview, Product
from freeport.search.models import SearchDocument

from .conftest import form_data

pytestmark = pytest.mark.django_db


def change_url(product):
    return reverse("admin:catalog_product_change", args=[product.pk])


@pytest.fixture
def approved(products, operator):
    product = products["K1"]
    services.product_review(product_id=product.pk, target="approved", actor=operator)
    assert SearchDocument.objects.filter(product_id=product.pk).exists()
    return product


def edit(client, product, **changes):
    data = form_data(client.get(change_url(product)))
    data.update(changes)
    response = client.post(change_url(product), data, follow=True)
    assert response.redirect_chain, response.context["adminform"].form.errors
    product.refresh_from_db()
    return response


def test_merchant_changing_the_record_number_sends_the_listing_back(login, kiwi_staff, approved):
    response = edit(login(kiwi_staff), approved, record_number="NEW-RECORD-1")
    assert approved.status == "pending" and "record_number" in approved.status_reason
    review = ListingReview.objects.filter(product=approved).latest("id")
    assert (review.from_status, review.to_status, review.actor) == ("approved", "pending",
                                                                     kiwi_staff)  # fmt: skip
    assert not SearchDocument.objects.filter(product_id=approved.pk).exists()  # hidden
    assert "hidden from shoppers" in response.content.decode()


def test_merchant_changing_a_skus_barcode_sends_the_listing_back(login, kiwi_staff, approved):
    client = login(kiwi_staff)
    data = form_data(client.get(change_url(approved)))
    gtin_key = next(k for k in data if k.startswith("skus-") and k.endswith("-gtin"))
    data[gtin_key] = "9421000000017"
    response = client.post(change_url(approved), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    approved.refresh_from_db()
    assert approved.status == "pending" and "sku.gtin" in approved.status_reason


def test_merchant_changing_the_title_keeps_the_listing(login, kiwi_staff, approved):
    edit(login(kiwi_staff), approved, title_en="Kiwi One, new label")
    assert approved.status == "approved" and approved.title_en == "Kiwi One, new label"


def test_operator_edits_keep_the_listing(login, operator, approved):
    edit(login(operator), approved, record_number="NEW-RECORD-2")
    assert approved.status == "approved" and approved.record_number == "NEW-RECORD-2"


def test_pending_listing_stays_pending_without_a_review_record(login, kiwi_staff, products):
    product = products["K2"]
    before = ListingReview.objects.filter(product=product).count()
    edit(login(kiwi_staff), product, record_number="NEW-RECORD-3")
    assert product.status == "pending"
    assert ListingReview.objects.filter(product=product).count() == before
    assert Product.objects.get(pk=product.pk).record_number == "NEW-RECORD-3"
