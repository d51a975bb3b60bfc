"""Template context shared by every shopper page."""

from django.conf import settings

THEMES = {"light", "dark", "auto"}


def site(request):
    theme = request.COOKIES.get("theme", "auto")
    return {
        "site_name": "Freeport",
        "languages": settings.LANGUAGES,
        "theme": theme if theme in THEMES else "auto",
    }
