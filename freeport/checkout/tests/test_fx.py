"""Paying in another currency: the rule (pure), the rates file, locks, placing with a lock."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from freeport.checkout import fx, fx_services, services
from freeport.checkout.models import FxRate

D = Decimal
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
USD = fx.Rate("USD", D("7.1050"), "test", NOW - timedelta(hours=2))
JPY = fx.Rate("JPY", D("0.047310"), "test", NOW - timedelta(hours=2))


def q(cny, rate, currency, fee="0.015"):
    return fx.quote(D(cny), rate, fee_rate=D(fee), now=NOW, max_age=timedelta(hours=36),
                    currency=currency)  # fmt: skip


@pytest.mark.parametrize(
    ("cny", "rate", "currency", "amount", "fee", "total"),
    [
        ("519.32", USD, "USD", "73.09", "1.10", "74.19"),  # 73.0922 / 1.0964 → half-up to cents
        ("519.32", JPY, "JPY", "10977", "165", "11142"),  # yen have no minor unit
        ("0.00", USD, "USD", "0.00", "0.00", "0.00"),
    ],
)
def test_quote_examples(cny, rate, currency, amount, fee, total):
    quote = q(cny, rate, currency)
    assert (quote.amount, quote.fee, quote.total) == (D(amount), D(fee), D(total))
    assert quote.source == "test" and quote.as_of == rate.as_of


@given(st.integers(0, 10_000_000).map(lambda f: D(f) / 100))
def test_quote_adds_up_and_rounds_once(cny):
    quote = q(cny, USD, "USD")
    assert quote.total == quote.amount + quote.fee
    assert abs(quote.amount - cny / USD.cny_per_unit) <= D("0.005")
    assert quote.total.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("rate", "currency", "code"),
    [
        (fx.Rate("USD", D("7.1"), "x", NOW - timedelta(hours=37)), "USD", "stale_rate"),
        (None, "USD", "no_rate"),
        (USD, "XAU", "unknown_currency"),
    ],
)
def test_quote_refusals(rate, currency, code):
    with pytest.raises(fx.FxError) as info:
        q("100", rate, currency)
    assert info.value.code == code


def test_rates_file_all_or_nothing(db, tmp_path):
    good = tmp_path / "rates.csv"
    good.write_text("currency,cny_per_unit,as_of,source\n"
                    "USD,7.1050,2026-11-30T08:00:00+08:00,PBOC central parity\n"
                    "jpy,0.04731,2026-11-30T08:00:00+08:00,PBOC central parity\n")  # fmt: skip
    call_command("fx_rates_load", str(good))
    assert FxRate.objects.count() == 2
    call_command("fx_rates_load", str(good))  # again: nothing new
    assert FxRate.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("currency,cny_per_unit,as_of,source\n"
                   "EUR,7.76,2026-11-30T08:00:00+08:00,x\n"
                   "USD,-1,2026-11-30T08:00:00+08:00,x\n"
                   "GBP,9.04,2026-11-30 08:00,x\n")  # fmt: skip
    with pytest.raises(CommandError) as info:
        call_command("fx_rates_load", str(bad))
    assert "line 3" in str(info.value) and "line 4" in str(info.value)
    assert FxRate.objects.count() == 2  # the good EUR row was not loaded either


@pytest.fixture
def usd(db):
    return FxRate.objects.create(currency="USD", cny_per_unit=D("7.1050"), source="test",
                                 as_of=timezone.now() - timedelta(hours=1))  # fmt: skip


def _place(user, buyer, address, **kw):
    return services.order_place(user=user, idempotency_key="k", buyer_id=buyer.pk,
                                address_id=address.pk, **kw)  # fmt: skip


def test_placing_with_a_lock_charges_the_locked_amount(shopper, skus, stocked, usd):
    user, buyer, address = shopper
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    from freeport.checkout import selectors

    total = selectors.checkout_plan(selectors.cart_lines(selectors.cart_of(user=user))).totals[
        "payable"
    ]
    lock = fx_services.fx_lock(user=user, cny=total, currency="USD")
    usd.cny_per_unit = D("8")  # the market moves: the lock holds
    usd.save()
    group = _place(user, buyer, address, fx_lock_id=lock.pk)
    assert group.total == total and group.currency == "CNY"
    assert (group.charge_currency, group.charge_amount) == ("USD", lock.total)


def test_a_stale_or_mismatched_lock_is_refused(shopper, skus, stocked, usd):
    user, buyer, address = shopper
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    lock = fx_services.fx_lock(user=user, cny=D("1.00"), currency="USD")
    with pytest.raises(services.CheckoutError) as info:
        _place(user, buyer, address, fx_lock_id=lock.pk)
    assert info.value.code == "fx_lock"
    usd.as_of = timezone.now() - timedelta(hours=40)
    usd.save()
    with pytest.raises(fx.FxError):
        fx_services.fx_lock(user=user, cny=D("100"), currency="USD")


def test_checkout_page_quotes_locks_and_places_in_usd(client, shopper, skus, stocked, usd):
    user, buyer, address = shopper
    client.force_login(user)
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    page = client.get("/checkout/?currency=USD").content.decode()
    assert 'id="fx-total"' in page and "US$" in page and "test" in page
    response = client.post("/checkout/fx/lock/", {"currency": "USD"})
    assert response.status_code == 302
    page = client.get("/checkout/").content.decode()
    assert 'id="fx-charged"' in page and 'name="fx_lock"' in page
    lock_id = client.session["fx_lock"]
    form = {"idempotency_key": "web", "buyer": buyer.pk, "address": address.pk, "fx_lock": lock_id}
    response = client.post("/checkout/place/", form)
    assert response.status_code == 302 and "/pay/sandbox/" in response["Location"]
    from freeport.orders.models import OrderGroup

    assert OrderGroup.objects.get().charge_currency == "USD"
    cashier = client.get(response["Location"]).content.decode()
    assert 'id="charged"' in cashier and "USD" in cashier


def test_a_stale_rate_is_not_quoted_on_the_page(client, shopper, skus, stocked, usd):
    user, _, _ = shopper
    usd.as_of = timezone.now() - timedelta(hours=40)
    usd.save()
    client.force_login(user)
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    page = client.get("/checkout/?currency=USD").content.decode()
    assert 'id="fx-total"' not in page and "USD" in page


def test_api_quotes_locks_and_places_in_a_currency(client, shopper, skus, stocked, usd):
    import json

    user, buyer, address = shopper
    client.force_login(user)
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    quote = client.get("/api/v1/cart/fx?currency=USD").json()
    assert quote["currency"] == "USD" and quote["source"] == "test" and quote["lock"] is None
    assert D(quote["total"]) == D(quote["amount"]) + D(quote["fee"])
    assert client.get("/api/v1/cart/fx?currency=XAU").status_code == 422
    locked = client.post("/api/v1/cart/fx-locks", {"currency": "USD"},
                         content_type="application/json")  # fmt: skip
    assert locked.status_code == 201
    lock = locked.json()
    assert lock["total"] == quote["total"] and lock["locked_until"]
    body = json.dumps({"buyer": buyer.pk, "address": address.pk, "fx_lock": lock["lock"]})
    placed = client.post(
        "/api/v1/orders", body, content_type="application/json", headers={"Idempotency-Key": "fx"}
    )
    assert placed.status_code == 201
    from freeport.orders.models import OrderGroup

    group = OrderGroup.objects.get()
    assert (group.charge_currency, str(group.charge_amount)) == ("USD", lock["total"])


def test_api_refuses_a_stale_rate(client, shopper, skus, stocked, usd):
    user, _, _ = shopper
    client.force_login(user)
    services.cart_add(user=user, sku_id=skus["F1-900"].pk, quantity=1)
    usd.as_of = timezone.now() - timedelta(hours=40)
    usd.save()
    response = client.get("/api/v1/cart/fx?currency=USD")
    assert response.status_code == 409 and response.json()["code"] == "stale_rate"
