"""Admin: adding a lot receives it; changing its on-hand quantity is an adjustment with a reason."""

import pytest
from django.forms import CheckboxInput, MultiWidget
from django.urls import reverse

from freeport.inventory.models import StockMovement
from freeport.kernel.models import OutboxMessage
from freeport.search import events

from .conftest import state

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """The POST body a browser sends back for an admin change form, as rendered."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            widget = getattr(field.widget, "widget", field.widget)  # unwrap the related-add one
            if isinstance(widget, MultiWidget):  # e.g. received_at: a date and a time box
                for i, part in enumerate(widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{i}"] = str(part)
                continue
            if isinstance(widget, CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if value is not None:
                data[form.add_prefix(name)] = str(field.prepare_value(value))

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
    return data


@pytest.fixture
def admin_client(client, operator_user, settings):
    client.force_login(operator_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def change(client, lot, **fields):
    url = reverse("admin:inventory_stocklot_change", args=[lot.pk])
    data = form_data(client.get(url)) | {k: str(v) for k, v in fields.items()}
    return client.post(url, data)


def test_an_on_hand_change_is_an_adjustment_with_its_reason(
    admin_client, operator_user, sku, bonded, receive, hold
):
    lot = receive(sku, 10)
    hold("FP1", [(sku, bonded, 4)])
    OutboxMessage.objects.all().delete()
    response = change(admin_client, lot, quantity_on_hand=8, adjustment_reason="2 crushed")
    assert response.status_code == 302, response.content.decode()[:3000]
    adjustment = StockMovement.objects.get(lot=lot, kind="adjustment")
    assert (adjustment.quantity, adjustment.reason, adjustment.actor) == (
        -2, "2 crushed", operator_user,
    )  # fmt: skip
    assert state(lot) == [(8, 4)]  # the reservation is untouched
    assert [m.payload for m in OutboxMessage.objects.filter(topic=events.TOPIC)] == [
        {"product_ids": [sku.product_id]}
    ]


def test_an_on_hand_change_without_a_reason_is_refused(admin_client, sku, receive):
    lot = receive(sku, 10)
    response = change(admin_client, lot, quantity_on_hand=8, adjustment_reason="")
    assert response.status_code == 200
    assert "Say why the on-hand quantity changes." in response.content.decode()
    assert state(lot) == [(10, 0)] and not StockMovement.objects.filter(kind="adjustment").exists()


def test_on_hand_cannot_drop_below_the_reserved_quantity(admin_client, sku, bonded, receive, hold):
    lot = receive(sku, 10)
    hold("FP1", [(sku, bonded, 4)])
    response = change(admin_client, lot, quantity_on_hand=3, adjustment_reason="count")
    assert response.status_code == 200
    assert "4 units are reserved for orders" in response.content.decode()
    assert state(lot) == [(10, 4)]


def test_other_details_change_without_touching_the_counters(admin_client, sku, receive):
    lot = receive(sku, 10)
    OutboxMessage.objects.all().delete()
    response = change(admin_client, lot, expiry_date="2029-05-31", quantity_reserved=9)
    assert response.status_code == 302, response.content.decode()[:3000]
    lot.refresh_from_db()
    assert str(lot.expiry_date) == "2029-05-31" and state(lot) == [(10, 0)]
    assert lot.movements.count() == 1  # just the receipt
    assert OutboxMessage.objects.filter(topic=events.TOPIC).count() == 1  # expiry matters


def test_adding_a_lot_needs_a_quantity(admin_client, sku, bonded):
    response = admin_client.post(
        reverse("admin:inventory_stocklot_add"),
        {"sku": sku.pk, "warehouse": bonded.pk, "batch_number": "B-0", "customs_entry_ref": "E",
         "quantity_on_hand": "0", "received_at_0": "2026-11-30", "received_at_1": "10:00:00",
         "movements-TOTAL_FORMS": "0", "movements-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Receive at least one unit." in response.content.decode()


def test_reservations_are_listed_read_only(admin_client, sku, bonded, receive, hold):
    receive(sku, 10)
    (reservation,) = hold("FP1", [(sku, bonded, 4)])
    listing = admin_client.get(reverse("admin:inventory_reservation_changelist") + "?q=FP1")
    assert listing.status_code == 200 and "FP1" in listing.content.decode()
    url = reverse("admin:inventory_reservation_change", args=[reservation.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"status": "released"}).status_code == 403


def test_a_changed_dispatch_promise_reindexes_the_warehouses_products(
    admin_client, sku, bonded, receive
):
    receive(sku, 5)
    url = reverse("admin:inventory_warehouse_change", args=[bonded.pk])
    OutboxMessage.objects.all().delete()
    same = admin_client.post(url, form_data(admin_client.get(url)))
    assert same.status_code == 302 and not OutboxMessage.objects.exists()  # nothing changed
    response = admin_client.post(url, form_data(admin_client.get(url)) | {"dispatch_hours": "48"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [m.payload for m in OutboxMessage.objects.filter(topic=events.TOPIC)] == [
        {"product_ids": [sku.product_id]}
    ]
