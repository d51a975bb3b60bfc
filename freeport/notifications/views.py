"""Shopper notification pages: the list, mark one read (and follow its link), mark all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services


@login_required
@require_GET
def notification_list(request):
    page = selectors.notifications_page(user=request.user, page=request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk):
    notification = selectors.notification_of(request.user, pk)
    if notification is None:
        raise Http404("No such notification")
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    link = notification.link
    if link and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    if services.notifications_mark_read(user=request.user):
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
