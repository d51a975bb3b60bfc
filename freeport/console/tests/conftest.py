import pytest
from django.contrib.auth import get_user_model
from django.forms import CheckboxInput

from freeport.catalog import services
from freeport.catalog.models import Product
from freeport.catalog.testing import merchant_make, row_make
from freeport.console.services import roles_ensure, staff_create

PASSWORD = "console-test-pass-1"


def cosmetic_row(**overrides) -> dict:
    row = row_make(
        merchant="alpine-co", brand="alpine-rose", brand_zh="阿尔卑斯玫瑰", brand_en="Alpine Rose",
        category="face-cream", hs_code="3304990099", title_en="Alpine Rose Night Cream",
        title_zh="阿尔卑斯玫瑰 晚霜", price="850.00", net_content_value="30",
        net_content_unit="ml", net_weight_kg="0.030", gross_weight_kg="0.120",
        origin_country="CH", age_min_months="", age_max_months="", stage_label="",
        certifications="", tags="fragrance-free",
    )  # fmt: skip
    row.update(overrides)
    return row


@pytest.fixture
def merchants(reference):
    """Two merchants: kiwi-dairy (2 pending products) and alpine-co (1 pending product)."""
    kiwi, alpine = merchant_make("kiwi-dairy", "NZ"), merchant_make("alpine-co", "CH")
    rows = [
        row_make(product_code="K1", sku_code="K1-900", title_en="Kiwi One"),
        row_make(product_code="K2", sku_code="K2-900", title_en="Kiwi Two", price="268.00"),
        cosmetic_row(product_code="A1", sku_code="A1-30", title_en="Alpine Secret Cream"),
    ]
    result = services.catalog_import(rows=list(enumerate(rows, start=1)))
    assert result.imported, result.errors
    return kiwi, alpine


@pytest.fixture
def products(merchants):
    return {p.code: p for p in Product.objects.all()}


@pytest.fixture
def roles(db):
    return roles_ensure()


@pytest.fixture
def operator(roles):
    return staff_create(username="olivia", password=PASSWORD, role="operator")


@pytest.fixture
def kiwi_staff(roles, merchants):
    return staff_create(username="ken", password=PASSWORD, role="merchant", merchant=merchants[0])


@pytest.fixture
def alpine_staff(roles, merchants):
    return staff_create(username="anna", password=PASSWORD, role="merchant", merchant=merchants[1])


@pytest.fixture
def shopper(db):
    return get_user_model().objects.create_user("shopper", password=PASSWORD)


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are asserted in English (the site defaults to Chinese)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def form_data(response) -> dict:
    """The POST body a browser would send back for an admin change form, as rendered."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[key] = "on"
                continue
            if value is None:
                continue
            value = field.prepare_value(value)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.initial_forms:
            add(form)
    return data
