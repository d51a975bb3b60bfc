"""Payments: one Payment per attempt to pay a checkout (orders.OrderGroup), the notifications the
provider sent about it, refunds, and an append-only ledger of every movement of money.

The sandbox provider's own books (its keys and transactions) live here too, because the sandbox
runs inside the platform; they stand for what a real provider keeps on its side.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from freeport.kernel.crypto import EncryptedTextField

MONEY = {"max_digits": 12, "decimal_places": 2}


class Payment(models.Model):
    """One attempt to pay a checkout through one provider."""

    class Status(models.TextChoices):
        CREATED = "created", _("awaiting payment")
        SUCCEEDED = "succeeded", _("paid")
        FAILED = "failed", _("failed")
        PARTIALLY_REFUNDED = "partially_refunded", _("partly refunded")
        REFUNDED = "refunded", _("refunded")

    reference = models.CharField(max_length=32, unique=True)  # our out_trade_no: PAY + digits
    group = models.ForeignKey(
        "orders.OrderGroup", on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(max_length=20)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CREATED)
    refunded_amount = models.DecimalField(**MONEY, default=0)
    transaction_id = models.CharField(max_length=64, blank=True)  # the provider's
    checkout_url = models.CharField(max_length=500, blank=True)  # where the shopper pays
    expires_at = models.DateTimeField()  # the provider refuses to take money after this
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    CAPTURED = (Status.SUCCEEDED, Status.PARTIALLY_REFUNDED, Status.REFUNDED)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0, refunded_amount__lte=F("amount")),
                name="payment_refunds_within_amount",
            ),
            # At most one payment holds a checkout's money (a second one is refunded at once).
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(status__in=["succeeded", "partially_refunded"]),
                name="payment_one_success_per_group",
            ),
            # At most one open attempt per checkout: starting again reuses it.
            models.UniqueConstraint(
                fields=["group", "provider"],
                condition=Q(status="created"),
                name="payment_one_open_per_group",
            ),
            models.UniqueConstraint(
                fields=["provider", "transaction_id"],
                condition=~Q(transaction_id=""),
                name="payment_transaction_once",
            ),
        ]

    def __str__(self):
        return self.reference

    def pay_url(self) -> str:
        """Where to send the shopper to pay (the provider's cashier page)."""
        return self.checkout_url


class PaymentNotification(models.Model):
    """Every notification received, valid or not, with what was done about it."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("applied")
        DUPLICATE = "duplicate", _("already applied")
        IGNORED = "ignored", _("ignored")
        REJECTED = "rejected", _("rejected")

    provider = models.CharField(max_length=20)
    notify_id = models.CharField(max_length=64, blank=True)  # as sent; untrusted if unsigned
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    body = models.TextField()
    signature = models.CharField(max_length=1000, blank=True)
    signature_valid = models.BooleanField(default=False)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=40, blank=True)  # stable code, e.g. bad_signature
    detail = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["provider", "notify_id"])]
        constraints = [
            # A notification changes things once: replays are recorded as duplicates.
            models.UniqueConstraint(
                fields=["provider", "notify_id"],
                condition=Q(outcome="applied"),
                name="payment_notification_applied_once",
            ),
        ]

    def __str__(self):
        return f"{self.provider} {self.notify_id or '-'} {self.outcome}"


class Refund(models.Model):
    """Money given back on a captured payment (part or all of it), once per idempotency key."""

    class Status(models.TextChoices):
        PENDING = "pending", _("in progress")
        SUCCEEDED = "succeeded", _("refunded")
        FAILED = "failed", _("failed")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    key = models.CharField(max_length=80)
    amount = models.DecimalField(**MONEY)
    reason = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    provider_refund_id = models.CharField(max_length=64, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "key"], name="refund_key_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self):
        return f"{self.payment_id} -{self.amount} {self.status}"


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("the payments ledger is append-only")

    def delete(self):
        raise TypeError("the payments ledger is append-only")


class LedgerEntry(models.Model):
    """One movement of money, never changed: + a charge captured, − a refund paid out.

    For every payment, the sum of its entries equals its captured amount less its refunds
    (`payments_reconcile` checks it, per payment and per checkout).
    """

    class Kind(models.TextChoices):
        CHARGE = "charge", _("charge")
        REFUND = "refund", _("refund")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    amount = models.DecimalField(**MONEY)  # signed: charges positive, refunds negative
    currency = models.CharField(max_length=3)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="ledger")
    group = models.ForeignKey("orders.OrderGroup", on_delete=models.PROTECT, related_name="+")
    refund = models.ForeignKey(
        Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField()  # when the money moved (the provider's time)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="charge", amount__gt=0, refund__isnull=True)
                | Q(kind="refund", amount__lt=0, refund__isnull=False),
                name="ledger_sign_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["payment"], condition=Q(kind="charge"), name="ledger_one_charge"
            ),
            models.UniqueConstraint(
                fields=["refund"], condition=Q(refund__isnull=False), name="ledger_refund_once"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount} {self.currency} ({self.payment_id})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("the payments ledger is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the payments ledger is append-only")


class ProviderKey(models.Model):
    """A provider's signing key pair made for this installation (the sandbox's)."""

    provider = models.CharField(max_length=20, unique=True)
    public_pem = models.TextField()
    private_pem = EncryptedTextField()  # encrypted at rest (FIELD_ENCRYPTION_KEYS)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.provider} key"


class SandboxTransaction(models.Model):
    """The sandbox provider's own record of a payment made on its cashier page."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("paid")
        FAILED = "failed", _("declined")

    transaction_id = models.CharField(max_length=64, unique=True)
    out_trade_no = models.CharField(max_length=32, unique=True)  # the platform's reference
    notify_id = models.CharField(max_length=64, unique=True)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=Status.choices)
    refunded = models.DecimalField(**MONEY, default=0)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded__gte=0, refunded__lte=F("amount")),
                name="sandbox_refunds_within_amount",
            ),
        ]

    def __str__(self):
        return self.transaction_id
