import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from freeport.kernel.sessions import SessionStore

# Autocommit, as in a request: inside a transaction the store saves as Django does.
pytestmark = pytest.mark.django_db(transaction=True)


def test_an_existing_session_is_saved_in_one_update():
    store = SessionStore()
    store["cart_count"] = 1
    store.create()
    again = SessionStore(store.session_key)
    again["cart_count"] = 2
    with CaptureQueriesContext(connection) as queries:
        again.save()
    assert [q["sql"].split()[0] for q in queries] == ["UPDATE"]
    assert SessionStore(store.session_key).load()["cart_count"] == 2


def test_a_new_session_is_created_as_django_does():
    store = SessionStore()
    store["x"] = "y"
    store.save()
    assert Session.objects.filter(session_key=store.session_key).exists()


def test_saving_a_session_deleted_meanwhile_fails_like_django():
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).delete()
    store["x"] = 1
    with pytest.raises(UpdateError):
        store.save()
    assert not Session.objects.exists()


@pytest.mark.django_db(transaction=False)
def test_inside_a_transaction_a_failed_save_leaves_it_usable():
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).delete()
    with pytest.raises(UpdateError):
        store.save()
    assert not Session.objects.exists()  # the test's transaction still answers
