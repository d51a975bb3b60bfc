"""Customs writes: buyers (real-name identities) and the annual quota ledger."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from freeport.kernel.audit import audit_record
from freeport.kernel.db import insert_or_skip

from . import identity, selectors
from .identity import id_index_of
from .models import Buyer, DeclarationMessage, QuotaEntry
from .quota import quota_year
from .tax import ANNUAL_LIMIT


@dataclass
class BuyerError(Exception):
    errors: dict[str, str]


def buyer_register(*, user, name: str, id_number: str, mobile: str, today: date | None = None):
    """Register a real-name buyer for a shopper; every failing field is named, nothing is saved."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not identity.check_name(name):
        errors["name"] = str(identity.MESSAGES["name"])
    check = identity.check_id_number(id_number, today)
    if not check.ok:
        errors["id_number"] = check.message
    if not identity.check_mobile(mobile):
        errors["mobile"] = str(identity.MESSAGES["mobile"])
    if errors:
        raise BuyerError(errors)
    number = identity.normalize_id(id_number)
    index = id_index_of(number)
    try:
        with transaction.atomic():
            return Buyer.objects.create(
                user=user,
                name=name.strip(),
                id_number=number,
                id_index=index,
                mobile=mobile.strip().replace(" ", ""),
            )
    except IntegrityError:
        raise BuyerError({"id_number": _("This buyer is already registered.")}) from None


@transaction.atomic
def buyer_delete(*, user, buyer_id: int) -> bool:
    deleted, _ = Buyer.objects.filter(user=user, id=buyer_id).delete()
    return bool(deleted)


def buyer_reveal(*, actor, buyer: Buyer, reason: str) -> str:
    """A staff read of the clear ID number: allowed only with a reason, always audited."""
    if not reason.strip():
        raise BuyerError({"reason": _("A reason is required to see personal data.")})
    audit_record(actor=actor, action="buyer.reveal_id_number", obj=buyer, reason=reason.strip())
    return buyer.id_number


def quota_record_order(*, id_index: str, reference: str, amount: Decimal, at: datetime) -> bool:
    """Count a paid CBEC order toward the buyer's year; False if it was already counted.

    One INSERT that skips a duplicate (kind, reference): it runs in every payment."""
    return insert_or_skip(
        QuotaEntry(
            kind=QuotaEntry.Kind.ORDER,
            reference=reference,
            id_index=id_index,
            year=quota_year(at),
            amount=amount,
        )
    )


def quota_restore_return(*, id_index: str, reference: str, amount: Decimal, year: int) -> bool:
    """Give back a return's value once customs has accepted the return (D9), or a cancelled
    order's (reference `quota.cancel_reference`, decision 40); idempotent by reference."""
    _, created = QuotaEntry.objects.get_or_create(
        kind=QuotaEntry.Kind.RETURN,
        reference=reference,
        defaults={"id_index": id_index, "year": year, "amount": -abs(amount)},
    )
    return created


def declaration_message_reveal(*, actor, message: DeclarationMessage, reason: str) -> str:
    """A staff read of a customs message's clear XML (it names the buyer): reason required,
    always audited ("customs.reveal")."""
    if not reason.strip():
        raise BuyerError({"reason": _("A reason is required to see personal data.")})
    audit_record(actor=actor, action="customs.reveal", obj=message, reason=reason.strip())
    return message.xml


@dataclass(frozen=True)
class QuotaLookup:
    masked_id: str
    year: int
    limit: Decimal
    used: Decimal
    remaining: Decimal
    entries: list[QuotaEntry]


@dataclass(frozen=True)
class _QuotaSubject:
    """One person's quota as an audit-log object: named by the ID's blind index (truncated to
    the log's 40 characters), never by the number itself."""

    pk: str
    _meta = QuotaEntry._meta


def quota_lookup(*, actor, id_number: str, reason: str, at: datetime | None = None) -> QuotaLookup:
    """A staff look-up of one person's annual quota: reason required, always audited
    ("customs.quota_lookup"); the audit log keeps the blind index, not the ID number."""
    at = at or timezone.now()
    check = identity.check_id_number(id_number, timezone.localdate(at))
    if not check.ok:
        raise BuyerError({"id_number": check.message})
    if not reason.strip():
        raise BuyerError({"reason": _("A reason is required to see personal data.")})
    number = identity.normalize_id(id_number)
    index = id_index_of(number)
    summary = selectors.quota_summary(index, at)
    audit_record(
        actor=actor, action="customs.quota_lookup", obj=_QuotaSubject(index[:40]),
        reason=reason.strip(),
    )  # fmt: skip
    return QuotaLookup(
        masked_id=identity.mask_id(number), year=quota_year(at), limit=ANNUAL_LIMIT,
        used=summary["used"], remaining=summary["remaining"],
        entries=selectors.quota_entries(index, at),
    )  # fmt: skip
