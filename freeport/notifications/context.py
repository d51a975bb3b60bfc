"""Template context for every page: the signed-in shopper's unread notification count.

Lazy: the COUNT runs only when a template shows it (the header does), once per request, and
never for anonymous visitors.
"""

from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
