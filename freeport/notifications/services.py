"""Notification writes: notify a shopper (in-app, and by e-mail after commit), mark as read.

    notify(user=..., kind="shipment.inspection", title=_("..."), body=..., link="/orders/X/",
           dedupe_key=f"shipment.inspection:{waybill}")

The caller renders `title` and `body` in the shopper's language (translation.override) before
calling; they are stored as text. The e-mail goes through the outbox (topic
"notifications.email"), so it is sent after commit, retried on failure, and sent once.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from freeport.kernel.outbox import outbox_put

from .models import Notification

EMAIL_TOPIC = "notifications.email"
TITLE_MAX = Notification._meta.get_field("title").max_length
KEY_MAX = Notification._meta.get_field("dedupe_key").max_length


def _is_site_path(link: str) -> bool:
    """A path on this site ("/orders/X/"), never another host: the read view redirects to it."""
    return (
        link.startswith("/")
        and not link.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    )


def notify(
    *,
    user,
    kind: str,
    title: str,
    body: str,
    link: str = "",
    dedupe_key: str,
    email: bool = True,
) -> Notification:
    """Give `user` a notification, once per `dedupe_key`: the same key again returns the first one
    unchanged (and sends nothing). With `email`, and if the user has an address, an e-mail follows
    after commit. Runs in the caller's transaction if there is one."""
    if not kind or not dedupe_key:
        raise ValueError("notify needs a kind and a dedupe_key")
    if len(dedupe_key) > KEY_MAX:
        raise ValueError(f"dedupe_key longer than {KEY_MAX} characters")
    if link and not _is_site_path(link):
        raise ValueError(f"link must be a path on this site, not {link!r}")
    title = str(title)
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1] + "…"
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            user=user,
            dedupe_key=dedupe_key,
            defaults={"kind": kind, "title": title, "body": str(body), "link": link},
        )
        if created and email and getattr(user, "email", ""):
            outbox_put(
                topic=EMAIL_TOPIC,
                key=f"{EMAIL_TOPIC}:{notification.pk}",
                payload={"notification": notification.pk},
            )
    return notification


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's unread notifications read: those in `ids`, or all of them when None.
    Ids of other users' notifications are ignored. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())  # one statement: atomic on its own


def email_link(link: str) -> str:
    """The notification's link for an e-mail: absolute with settings.SITE_URL when set."""
    if not link:
        return ""
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{site}{link}"


def email_send(key: str, payload: dict) -> None:
    """Outbox handler of "notifications.email": send the notification's e-mail once.

    Idempotent: `emailed_at` is recorded after sending and a message whose row has it is skipped.
    No lock is held while the mail server answers; the outbox lease keeps two dispatchers off
    one message, so a second e-mail needs a crash between sending and recording (at least once).
    """
    notification = (
        Notification.objects.select_related("user").filter(pk=payload["notification"]).first()
    )
    if notification is None or notification.emailed_at is not None:
        return  # deleted with its user, or already sent
    address = notification.user.email
    if not address:
        return  # the shopper removed their address since
    text = notification.body
    if url := email_link(notification.link):
        text = f"{text}\n\n{url}" if text else url
    send_mail(notification.title, text, None, [address])
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
