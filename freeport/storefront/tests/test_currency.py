"""Prices shown in another currency while browsing: the footer form, the cookie, the figures
(checkout's FX rule without the fee), stale rates never shown, bad input refused."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from freeport.checkout import fx
from freeport.checkout.models import FxRate

from .test_pricing import serum, text  # noqa: F401 (the fixture)

D = Decimal
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
AGE = timedelta(hours=36)


@given(
    st.integers(0, 10_000_000).map(lambda f: D(f) / 100),
    st.sampled_from([("USD", D("7.1050")), ("JPY", D("0.047310")), ("EUR", D("7.7321"))]),
)
def test_indicative_is_the_quote_amount_without_the_fee(cny, pair):
    rate = fx.Rate(pair[0], pair[1], "test", NOW - timedelta(hours=1))
    quoted = fx.quote(cny, rate, fee_rate=D("0.015"), now=NOW, max_age=AGE, currency=pair[0])
    assert fx.indicative(cny, rate, now=NOW, max_age=AGE) == quoted.amount
    stale = fx.Rate(pair[0], pair[1], "test", NOW - AGE - timedelta(seconds=1))
    assert fx.indicative(cny, stale, now=NOW, max_age=AGE) is None


@pytest.fixture
def usd(db):
    return FxRate.objects.create(currency="USD", cny_per_unit=D("7.1050"), source="test bank",
                                 as_of=timezone.now() - timedelta(hours=1))  # fmt: skip


@pytest.mark.django_db
def test_choosing_a_currency_shows_indicative_prices(client, serum, usd):  # noqa: F811
    page = f"/p/{serum.id}/"
    assert "product-fx" not in text(client.get(page))  # CNY only by default
    answer = client.post("/currency/", {"currency": "usd", "next": page})
    assert answer.status_code == 302 and answer["Location"] == page
    assert client.cookies["currency"].value == "USD"
    body = text(client.get(page))
    assert '<span class="product-fx-amount">≈ US$34.64</span>' in body  # 246.12 / 7.105
    assert re.search(
        r"1 USD = ¥7\.105\D", body
    )  # the rate as loaded, no trailing zeros and "test bank" in body
    assert '<option value="USD" selected>USD</option>' in body
    listing = text(client.get("/products/"))
    assert '<p class="card-fx">≈ US$34.64</p>' in listing
    # Back to CNY only: the cookie goes, the figures too.
    client.post("/currency/", {"currency": "", "next": page})
    assert "product-fx" not in text(client.get(page))


@pytest.mark.django_db
def test_a_stale_or_missing_rate_is_never_shown(client, serum, usd):  # noqa: F811
    client.post("/currency/", {"currency": "USD"})
    FxRate.objects.update(as_of=timezone.now() - timedelta(hours=37))
    body = text(client.get(f"/p/{serum.id}/"))
    assert "≈ US$" not in body and "汇率" in body  # says the rate is unavailable
    client.post("/currency/", {"currency": "GBP"})  # no GBP rate at all
    body = text(client.get(f"/p/{serum.id}/"))
    assert "≈ " not in body.replace("ml ≈ ", "") and '<option value="GBP" selected>' in body


@pytest.mark.django_db
def test_an_unknown_currency_is_refused_and_changes_nothing(client, serum, usd):  # noqa: F811
    client.post("/currency/", {"currency": "USD"})
    answer = client.post("/currency/", {"currency": "BTC"})
    assert answer.status_code == 400 and "USD" in answer.content.decode()
    assert client.cookies["currency"].value == "USD"
    assert client.get("/currency/").status_code == 405  # a form post only
    away = client.post("/currency/", {"currency": "EUR", "next": "https://evil.example/"})
    assert away["Location"] == "/"  # never redirected off the site
