import pytest
from django.contrib.auth import get_user_model

from freeport.customs.models import Buyer

ID = "110105199003071239"


@pytest.fixture
def shopper(client, db):
    user = get_user_model().objects.create_user("amy", password="x-long-password-1")
    client.force_login(user)
    return user


def test_login_required(client, db):
    r = client.get("/account/buyers/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    login = client.get(r["Location"])
    assert login.status_code == 200 and 'name="password"' in login.content.decode()


def test_add_buyer_shows_it_masked(client, shopper):
    r = client.post(
        "/account/buyers/", {"name": "王小明", "id_number": ID, "mobile": "13800138000"}
    )
    assert r.status_code == 302
    page = client.get("/account/buyers/").content.decode()
    assert "110***********1239" in page and ID not in page
    assert "138****8000" in page and "王**" in page
    assert Buyer.objects.get().user == shopper


def test_bad_id_number_names_the_failed_check(client, shopper):
    client.cookies["django_language"] = "en"
    bad = ID[:-1] + "8"
    r = client.post(
        "/account/buyers/", {"name": "王小明", "id_number": bad, "mobile": "13800138000"}
    )
    assert r.status_code == 400
    assert "check digit" in r.content.decode()
    assert Buyer.objects.count() == 0
    r = client.post(
        "/account/buyers/",
        {"name": "王小明", "id_number": "110105201503071230", "mobile": "1"},
    )
    body = r.content.decode()
    assert "11-digit" in body  # mobile
    assert Buyer.objects.count() == 0


def test_cannot_remove_someone_elses_buyer(client, shopper):
    other = get_user_model().objects.create_user("bob", password="x-long-password-2")
    from freeport.customs.services import buyer_register

    theirs = buyer_register(user=other, name="李四", id_number=ID, mobile="13900139000")
    assert client.post(f"/account/buyers/{theirs.id}/delete/").status_code == 302
    assert Buyer.objects.filter(id=theirs.id).exists()
    assert "李*" not in client.get("/account/buyers/").content.decode()
