"""Template context shared by every shopper page."""

from django.conf import settings

from freeport.checkout.fx import CURRENCIES

from . import currency

THEMES = {"light", "dark", "auto"}


def site(request):
    theme = request.COOKIES.get("theme", "auto")
    return {
        "site_name": "Freeport",
        "languages": settings.LANGUAGES,
        "theme": theme if theme in THEMES else "auto",
        "display_currencies": CURRENCIES,
        "display_currency": currency.chosen(request),  # the footer form's choice (no query)
        "display_fx": currency.for_request(request),  # its rate, read when a price is shown
    }
