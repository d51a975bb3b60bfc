from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def stars(value, *, size: str = "") -> str:
    """Filled and empty stars for a rating (rounded to the nearest whole star for the picture),
    announced by screen readers as "4.3 out of 5 stars" (role="img")."""
    if value is None:
        return ""
    whole = max(0, min(5, int(float(value) + 0.5)))
    label = _("%(value)s out of 5 stars") % {"value": value}
    cls = f"stars stars-{size}" if size else "stars"
    return format_html(
        '<span class="{}" role="img" aria-label="{}">{}<span class="stars-empty">{}</span></span>',
        cls, label, "★" * whole, "★" * (5 - whole),
    )  # fmt: skip
