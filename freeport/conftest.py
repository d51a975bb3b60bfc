import pytest
from hypothesis import settings as hypothesis_settings

from freeport.catalog import services
from freeport.catalog.testing import merchant_make, row_make

# Hypothesis's per-example deadline (200 ms) measures the machine's load, not correctness: on a
# busy 2-core CI machine a database-backed example can take longer. Properties still run in full.
hypothesis_settings.register_profile("freeport", deadline=None)
hypothesis_settings.load_profile("freeport")

# browser, page, shot, axe_check: the Playwright + axe-core harness of every app's browser tests.
pytest_plugins = ["freeport.testing.browser"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic, so no hashed-name manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _forget_sandbox_key():
    """Each process keeps the sandbox's key pair once committed; a test's key is rolled back."""
    from freeport.payments.providers.sandbox import forget_key

    forget_key()
    yield
    forget_key()


@pytest.fixture
def reference(db):
    services.reference_load()


@pytest.fixture
def merchant(reference):
    return merchant_make()


@pytest.fixture
def catalog(merchant):
    """A small approved catalog: 3 products, 4 SKUs, two brands of one merchant."""
    rows = [
        row_make(product_code="F1", sku_code="F1-900", price="238.00"),
        row_make(product_code="F1", sku_code="F1-400", price="129.00", variant_en="400 g",
                 net_content_value="400", net_weight_kg="0.400", gross_weight_kg="0.520"),
        row_make(product_code="F2", sku_code="F2-900", price="268.00", age_min_months="6",
                 age_max_months="12", stage_label="Stage 2", title_en="Kiwi Gold Stage 2",
                 title_zh="奇异金 较大婴儿配方奶粉 2段"),
        row_make(product_code="C1", sku_code="C1-50", brand="alpine-rose", brand_zh="阿尔卑斯玫瑰",
                 brand_en="Alpine Rose", category="face-cream", hs_code="3304990099",
                 title_en="Alpine Rose Night Cream", title_zh="阿尔卑斯玫瑰 晚霜",
                 price="850.00", net_content_value="30", net_content_unit="ml",
                 net_weight_kg="0.030", gross_weight_kg="0.120", origin_country="CH",
                 age_min_months="", age_max_months="", stage_label="",
                 certifications="", tags="fragrance-free|sensitive-skin"),
    ]  # fmt: skip
    result = services.catalog_import(rows=list(enumerate(rows, start=1)), status="approved")
    assert result.imported, result.errors
    return result
