"""What the shopper is told about their parcel, and what happens next (notification centre and
e-mail, through freeport.notifications). Each message has a dedupe key, so an event handled
twice tells once. Texts are rendered in the site language (LANGUAGE_CODE): shoppers have no
stored language preference yet."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _


def _tell(order, kind: str, key: str, title, body) -> None:
    from freeport.notifications.services import notify

    with translation.override(settings.LANGUAGE_CODE):
        notify(
            user=order.user, kind=kind, title=str(title()), body=str(body()),
            link=reverse("orders:group", args=[order.group.number]),
            dedupe_key=f"{kind}:{order.number}:{key}",
        )  # fmt: skip


def _when(value) -> str:
    return formats.date_format(value, "DATETIME_FORMAT") if value else "-"


def inspection(order) -> None:
    _tell(order, "customs.inspection", "1",
          lambda: _("Order %(number)s: customs inspection") % {"number": order.number},
          lambda: _("Customs selected your order for inspection. This usually adds one to two "
                    "working days. Nothing is needed from you: we ship as soon as customs "
                    "releases it, and tell you then."))  # fmt: skip


def held(order) -> None:
    _tell(order, "customs.held", "1",
          lambda: _("Order %(number)s: customs declaration delayed") % {"number": order.number},
          lambda: _("Customs returned the declaration of your order. Our team is correcting and "
                    "resubmitting it; if it cannot be cleared, the order is cancelled and "
                    "refunded in full."))  # fmt: skip


def delayed(shipment) -> None:
    order = shipment.order
    _tell(order, "shipment.delayed", "1",
          lambda: _("Order %(number)s is taking longer to leave the warehouse")
          % {"number": order.number},
          lambda: _("We promised to hand your parcel to the carrier by %(due)s and missed it. "
                    "It is being prepared with priority; you will be told when it ships.")
          % {"due": _when(shipment.due_at)})  # fmt: skip


def shipped(shipment) -> None:
    order = shipment.order
    _tell(order, "shipment.shipped", "1",
          lambda: _("Order %(number)s has shipped") % {"number": order.number},
          lambda: _("Waybill %(waybill)s. Estimated delivery: %(eta)s.")
          % {"waybill": shipment.waybill_number,
             "eta": _when(shipment.estimated_delivery_at)})  # fmt: skip


def delivered(shipment) -> None:
    order = shipment.order
    _tell(order, "shipment.delivered", "1",
          lambda: _("Order %(number)s was delivered") % {"number": order.number},
          lambda: _("Delivered %(at)s. Something wrong? Request a return or exchange from the "
                    "order page.") % {"at": _when(shipment.delivered_at)})  # fmt: skip


def exception(shipment, event) -> None:
    order = shipment.order
    _tell(order, "shipment.exception", event.event_id,
          lambda: _("Order %(number)s: delivery problem") % {"number": order.number},
          lambda: _("%(detail)s (%(place)s, %(at)s). The carrier will try again; you can also "
                    "contact us from the order page.")
          % {"detail": event.detail, "place": event.place, "at": _when(event.at)})  # fmt: skip
