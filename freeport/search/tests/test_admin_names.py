"""Names edited in the admin reach search: a renamed brand's products are re-indexed with the
save, and a synonym rule saved in the admin reaches every process once it commits."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from freeport.catalog.models import Brand
from freeport.console.tests.conftest import form_data

from .test_search import code_of, find

pytestmark = pytest.mark.django_db


def selectors_vocabulary_latin():
    from freeport.search import selectors

    return selectors.current_vocabulary().latin


@pytest.fixture
def operator_client(client, catalog):
    user = get_user_model().objects.create_superuser("op", "op@example.com", "pw")
    client.force_login(user)
    return client


def test_renaming_a_brand_reindexes_its_products(
    operator_client, django_capture_on_commit_callbacks
):
    assert find("silver fern").total == 0
    brand = Brand.objects.get(slug="kiwi-gold")
    url = reverse("admin:catalog_brand_change", args=[brand.pk])
    data = form_data(operator_client.get(url))
    data["name_en"] = "Silver Fern Dairy"
    with django_capture_on_commit_callbacks(execute=True):
        assert operator_client.post(url, data).status_code == 302
    assert set(code_of(find("silver fern"))) == {"F1", "F2"}
    assert "silver" in selectors_vocabulary_latin()  # and the vocabulary knows the new name


def test_a_synonym_saved_in_the_admin_is_told_after_the_commit(
    operator_client, django_capture_on_commit_callbacks
):
    from freeport.search import selectors

    before = selectors.generation()
    url = reverse("admin:search_synonym_add")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = operator_client.post(url, {"words": "qqzz", "targets": "奶粉", "is_active": "on"})
    assert answer.status_code == 302
    assert selectors.generation() == before  # not before the commit
    for callback in callbacks:
        callback()
    assert selectors.generation() != before
    assert find("qqzz").total == 2
