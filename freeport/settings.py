"""One settings module, driven by environment variables (see docs/configuration.md)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FREEPORT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
# A development-only fallback; any real deployment sets DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "freeport-dev-only-insecure-key-change-me")
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves Swagger UI from its own package static files, not a CDN
    "huey.contrib.djhuey",
    "freeport.kernel",
    "freeport.catalog",
    "freeport.inventory",
    "freeport.customers",
    "freeport.storefront",
    "freeport.console",
    "freeport.customs",
    "freeport.search",
    "freeport.orders",
    "freeport.notifications",
    "freeport.payments",
    "freeport.checkout",
    "freeport.fulfillment",
    "freeport.aftersales",
    "freeport.reviews",
    "freeport.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "freeport.kernel.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "freeport.urls"
WSGI_APPLICATION = "freeport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "freeport" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "freeport.storefront.context.site",
                "freeport.notifications.context.unread",
            ],
        },
    },
]

# SQLite (WAL) under var/ by default; DATABASE_URL=postgres://... switches to PostgreSQL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'freeport.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # The planner's cost of a random page read: 1.1 (data on SSD or in memory, as deployed)
    # rather than the server's default 4 (spinning disks), set per connection at no extra
    # round trip. With 4, a broad full-text search reads every document instead of using the
    # GIN index (yinger: 240 ms → 60 ms on 100,000 SKUs; docs/benchmarks.md "Search speed").
    # Appended to any `options` of DATABASE_URL; PG_RANDOM_PAGE_COST="" leaves the server's
    # (e.g. behind PgBouncer in transaction pooling, which refuses startup options: set it
    # with ALTER DATABASE ... SET random_page_cost = 1.1 there).
    if page_cost := os.environ.get("PG_RANDOM_PAGE_COST", "1.1").strip():
        db_options = DATABASES["default"].setdefault("OPTIONS", {})
        given = db_options.get("options", "")
        db_options["options"] = f"{given} -c random_page_cost={float(page_cost)}".strip()
# Parallel test runs against one PostgreSQL server each need their own test database.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    if os.environ.get("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Background jobs (Huey): a SQLite queue under var/ by default, Redis when HUEY_REDIS_URL is set.
# The jobs are periodic sweeps (outbox, customs receipts); tests call the services directly.
HUEY = {
    "name": "freeport",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": 2, "worker_type": "thread"},
}
if os.environ.get("HUEY_REDIS_URL"):
    HUEY |= {"huey_class": "huey.RedisHuey", "url": os.environ["HUEY_REDIS_URL"]}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")}
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "12"))

# Payments (docs/payments.md). The sandbox provider takes no real money: a live shop turns it off
# (PAYMENTS_SANDBOX=0). Its notifications go in-process, or by HTTP POST to this URL when set.
PAYMENT_PROVIDERS = (
    {"sandbox": "freeport.payments.providers.sandbox.SandboxProvider"}
    if env_bool("PAYMENTS_SANDBOX", True)
    else {}
)
PAYMENTS_SANDBOX_NOTIFY_URL = os.environ.get("PAYMENTS_SANDBOX_NOTIFY_URL", "")

# Checkout and orders (docs/checkout.md): freight per customs order, limits, promises, payment time.
CHECKOUT_FREIGHT = os.environ.get("CHECKOUT_FREIGHT", "12.00")
CHECKOUT_FREE_FREIGHT_FROM = os.environ.get("CHECKOUT_FREE_FREIGHT_FROM", "199.00")
CHECKOUT_MAX_QUANTITY = int(os.environ.get("CHECKOUT_MAX_QUANTITY", "20"))
CHECKOUT_MAX_LINES = int(os.environ.get("CHECKOUT_MAX_LINES", "50"))
CHECKOUT_DELIVERY_DAYS = int(os.environ.get("CHECKOUT_DELIVERY_DAYS", "7"))
ORDER_PAYMENT_TTL_MINUTES = int(os.environ.get("ORDER_PAYMENT_TTL_MINUTES", "30"))
# Paying in another currency (docs/checkout.md "Currencies"): rates older than this refuse to
# quote; the payment method's currency-conversion fee, as a fraction of the amount.
FX_MAX_AGE_HOURS = int(os.environ.get("FX_MAX_AGE_HOURS", "36"))
FX_FEE_RATES = {"sandbox": os.environ.get("FX_FEE_SANDBOX", "0.015")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "freeport" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_ENGINE = "freeport.kernel.sessions"  # Django's db sessions, updates in one statement
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less hx-headers attribute
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Field encryption for personal data (AES-GCM). Comma-separated base64 keys, newest first:
# new values are written with the first key, any listed key can read (rotation).
FIELD_ENCRYPTION_KEYS = [
    k
    for k in os.environ.get(
        "FREEPORT_FIELD_KEYS",
        # Development-only key; deployments must set FREEPORT_FIELD_KEYS.
        "ZnJlZXBvcnQtZGV2LW9ubHkta2V5LTMyLWJ5dGVzISE=",
    ).split(",")
    if k
]

# Key of the blind index (keyed hash) used to look up personal data such as ID numbers.
BLIND_INDEX_KEY = os.environ.get(
    "FREEPORT_BLIND_INDEX_KEY",
    "freeport-dev-only-blind-index-key",  # development only
)

CATALOG_PAGE_SIZE = int(os.environ.get("FREEPORT_CATALOG_PAGE_SIZE", "24"))
API_MAX_PAGE_SIZE = 100
INVENTORY_RESERVATION_TTL_MINUTES = int(os.environ.get("INVENTORY_RESERVATION_TTL_MINUTES", "30"))
INVENTORY_EXPIRY_MARGIN_DAYS = int(os.environ.get("INVENTORY_EXPIRY_MARGIN_DAYS", "30"))

# Fulfillment (docs/fulfillment.md): the hand-over goal, pack weight check, carrier adapters.
FULFILLMENT_SLA_HOURS = int(os.environ.get("FULFILLMENT_SLA_HOURS", "24"))
FULFILLMENT_SLA_WARNING_HOURS = int(os.environ.get("FULFILLMENT_SLA_WARNING_HOURS", "6"))
FULFILLMENT_WEIGHT_TOLERANCE_PERCENT = os.environ.get("FULFILLMENT_WEIGHT_TOLERANCE_PERCENT", "10")
FULFILLMENT_WEIGHT_TOLERANCE_MIN_KG = os.environ.get("FULFILLMENT_WEIGHT_TOLERANCE_MIN_KG", "0.050")
FULFILLMENT_PACKAGING_KG = os.environ.get("FULFILLMENT_PACKAGING_KG", "0.150")
FULFILLMENT_CARRIER = os.environ.get("FULFILLMENT_CARRIER", "simulator")
FULFILLMENT_CARRIERS = {"simulator": "freeport.fulfillment.carriers.simulator.SimulatorCarrier"}
# The simulator's clock: 1 = real time; 60 = one simulated hour per minute (demo).
FULFILLMENT_SIMULATOR_SPEED = float(os.environ.get("FULFILLMENT_SIMULATOR_SPEED", "1"))
FULFILLMENT_SIMULATOR_FAULTS = os.environ.get("FULFILLMENT_SIMULATOR_FAULTS", "") == "1"

# After-sales (docs/aftersales.md): the dispute resolution goal, the shopper-paid return freight.
AFTERSALES_DISPUTE_HOURS = int(os.environ.get("AFTERSALES_DISPUTE_HOURS", "48"))
AFTERSALES_RETURN_FREIGHT = os.environ.get("AFTERSALES_RETURN_FREIGHT", "12.00")

# Reviews (docs/reviews.md): days after delivery during which a bought item can be reviewed.
REVIEWS_WINDOW_DAYS = int(os.environ.get("REVIEWS_WINDOW_DAYS", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "freeport.kernel.logging.PersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("FREEPORT_LOG_LEVEL", "INFO")},
}
