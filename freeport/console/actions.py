"""Admin actions that move listings through review, with a reason asked on a second page."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from freeport.catalog import services

from .forms import DECISIONS, LABELS, ReasonForm


def products_review(*, product_ids, target: str, reason: str, actor) -> tuple[int, list]:
    """Review each product in its own transaction; return (done, [(product_id, error), ...])."""
    done, failures = 0, []
    for product_id in sorted(product_ids):
        try:
            services.product_review(
                product_id=product_id, target=target, reason=reason, actor=actor
            )
        except services.ReviewError as error:
            failures.append((product_id, error))
        else:
            done += 1
    return done, failures


def review_action(decision: str, permission: str):
    target = DECISIONS[decision]

    def action(modeladmin, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None, target=target)
        if form.is_bound and form.is_valid():
            products = {p.pk: p for p in queryset}
            done, failures = products_review(
                product_ids=list(products),
                target=target,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
            if done:
                modeladmin.message_user(
                    request,
                    _("%(action)s: %(count)d listing(s) now %(status)s.")
                    % {"action": LABELS[decision], "count": done, "status": target},
                    messages.SUCCESS,
                )
            for product_id, error in failures:
                modeladmin.message_user(
                    request,
                    _("%(product)s not changed: %(message)s")
                    % {"product": products[product_id], "message": error.message},
                    messages.ERROR,
                )
            return None  # back to the change list
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("%(action)s listings") % {"action": LABELS[decision]},
            "subtitle": None,
            "opts": modeladmin.model._meta,
            "queryset": queryset.select_related("merchant"),
            "form": form,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "target": target,
            "media": modeladmin.media,
        }
        return TemplateResponse(request, "console/review_action.html", context)

    action.__name__ = f"{decision}_listings"
    return admin.action(
        permissions=[permission],
        description=format_lazy(
            gettext_lazy("{action} selected listings…"), action=LABELS[decision]
        ),
    )(action)
