import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from freeport.kernel.crypto import EncryptedTextField, mask

from .identity import id_index_of, mask_id


class Buyer(models.Model):
    """A real-name buyer (订购人) a shopper may order for: themselves, by law (payer = buyer).

    Name, ID number and mobile are encrypted at rest; `id_index` is a keyed hash of the ID number
    (blind index) used for look-ups and the per-person annual quota.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyers"
    )
    name = EncryptedTextField()
    id_number = EncryptedTextField()
    id_index = models.CharField(max_length=64, db_index=True)
    mobile = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "id_index"], name="buyer_once_per_account"),
        ]

    def __str__(self):
        return f"{self.masked_name} {self.masked_id}"

    @property
    def masked_name(self) -> str:
        return mask(self.name, 1, 0)

    # Blind indexes derived from encrypted fields; reencrypt_personal_data recomputes them.
    blind_index_fields = ("id_index",)

    def refresh_blind_indexes(self) -> None:
        self.id_index = id_index_of(self.id_number)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return mask(self.mobile, 3, 4)


class QuotaEntry(models.Model):
    """Ledger of the annual CBEC allowance per person (by ID blind index) and calendar year.

    Paid CBEC orders add their dutiable value; returns accepted by customs subtract it. The
    (kind, reference) pair is unique, so recording the same order or return twice changes nothing.
    """

    class Kind(models.TextChoices):
        ORDER = "order", "order"
        RETURN = "return", "return accepted by customs"

    id_index = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=6, choices=Kind.choices)
    # A copy of a buyer's / declaration's blind index: re-keyed by reencrypt_personal_data.
    blind_index_copies = ("id_index",)
    reference = models.CharField(max_length=40)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["id_index", "year"])]
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], name="quota_entry_once"),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="order", amount__gte=0) | models.Q(kind="return", amount__lte=0)
                ),
                name="quota_entry_sign",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.kind} {self.reference} {self.amount}"


class Declaration(models.Model):
    """The customs declaration of one order: its messages (CEB311/411/511/621) and their receipts.

    `source` keeps the typed declaration input (JSON, encrypted: it names the buyer) so messages
    can be built again for a resubmission. `status` is derived from the messages by
    `receipts.outcome` whenever a receipt arrives.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        INSPECTION = "inspection", _("under inspection")
        RELEASED = "released", _("released")
        REJECTED = "rejected", _("rejected")

    order_no = models.CharField(max_length=60, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    source = EncryptedTextField()
    id_index = models.CharField(max_length=64, db_index=True)  # the buyer's ID blind index
    dutiable_value = models.DecimalField(max_digits=12, decimal_places=2)
    invt_no = models.CharField(max_length=18, blank=True)  # assigned by customs (CEB622)
    reason = models.CharField(max_length=500, blank=True)  # the latest rejection's reason
    attempt = models.PositiveSmallIntegerField(default=1)  # 2, 3, ... after resubmissions
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"{self.order_no} {self.status}"

    # reencrypt_personal_data recomputes the blind index from the encrypted source
    blind_index_fields = ("id_index",)

    def refresh_blind_indexes(self) -> None:
        self.id_index = id_index_of(json.loads(self.source)["buyer"]["id_number"])


class CustomsReturn(models.Model):
    """A return application (CEB625) for goods of a released declaration.

    `amount` is what the buyer's annual quota gets back once customs accepts it (D9).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="returns")
    cop_no = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    source = EncryptedTextField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    reason = models.CharField(max_length=500, blank=True)  # customs' reason when rejected
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"{self.cop_no} {self.status}"


class CustomsCancellation(models.Model):
    """The withdrawal (CEB623 撤销申请单) of a declaration whose order was cancelled.

    One per declaration. It waits for the inventory number customs assigns (`waiting`), then its
    CEB623 is queued and sent; CEB624 120/399 accepts it and gives the buyer's annual allowance
    back (`amount`, what the order counted, in `year`); 100 rejects it, with customs' reason in
    `customs_info`. `not_needed` when customs refused the inventory list itself: nothing is on
    file, the allowance comes back at once. Rules: `withdrawal.py`; decision 40.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting for the inventory number")
        QUEUED = "queued", _("queued")
        SUBMITTED = "submitted", _("sent to customs")
        ACCEPTED = "accepted", _("accepted by customs")
        REJECTED = "rejected", _("rejected by customs")
        NOT_NEEDED = "not_needed", _("not needed")

    OPEN = (Status.WAITING, Status.QUEUED, Status.SUBMITTED)

    declaration = models.OneToOneField(
        Declaration, on_delete=models.PROTECT, related_name="cancellation"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    reason = models.CharField(max_length=500)  # why the order was cancelled (InvtCancel.reason)
    customs_info = models.CharField(max_length=1000, blank=True)  # customs' answer, if refused
    amount = models.DecimalField(max_digits=12, decimal_places=2)  # allowance to give back
    year = models.PositiveSmallIntegerField()  # the quota year the order counted in
    created_at = models.DateTimeField(auto_now_add=True)  # the order's cancellation
    queued_at = models.DateTimeField(null=True, blank=True)  # CEB623 built and queued
    submitted_at = models.DateTimeField(null=True, blank=True)  # handed to the gateway
    decided_at = models.DateTimeField(null=True, blank=True)  # accepted, rejected or not needed
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="cancel_amount_sign"),
        ]

    def __str__(self):
        return f"{self.declaration_id} {self.status}"


class DeclarationMessage(models.Model):
    """One customs message as sent; the XML names the buyer, so it is encrypted at rest."""

    class Kind(models.TextChoices):
        ORDER = "CEB311", "CEB311 order"
        PAYMENT = "CEB411", "CEB411 payment"
        WAYBILL = "CEB511", "CEB511 waybill"
        INVENTORY = "CEB621", "CEB621 inventory list"
        CANCEL = "CEB623", "CEB623 cancellation application"
        RETURN = "CEB625", "CEB625 return application"

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="messages")
    customs_return = models.ForeignKey(
        CustomsReturn, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )  # set on CEB625 messages only
    cancellation = models.ForeignKey(
        CustomsCancellation, null=True, blank=True, on_delete=models.CASCADE,
        related_name="messages",
    )  # set on CEB623 messages only  # fmt: skip
    kind = models.CharField(max_length=6, choices=Kind.choices)
    guid = models.CharField(max_length=36, unique=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    xml = EncryptedTextField()
    return_status = models.IntegerField(null=True, blank=True)  # most advanced receipt code
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declaration_id", "attempt", "kind"]

    def __str__(self):
        return f"{self.kind} {self.guid}"


class DeclarationReceipt(models.Model):
    """A receipt from customs; the same receipt delivered twice is stored once."""

    message = models.ForeignKey(
        DeclarationMessage, on_delete=models.CASCADE, related_name="receipts"
    )
    return_status = models.IntegerField()
    return_info = models.CharField(max_length=1000, blank=True)
    return_time = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["return_time", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "return_status", "return_time"], name="receipt_once"
            ),
        ]

    def __str__(self):
        return f"{self.message.kind} {self.return_status} {self.return_time:%Y-%m-%d %H:%M:%S}"


class SimulatedCustomsMessage(models.Model):
    """What the built-in customs simulator has received (it plays customs, an outside system).

    Keyed by message guid, so a message delivered twice is taken once. Key fields are kept
    for the three-document match; the XML itself is encrypted like ours.
    """

    guid = models.CharField(max_length=36, unique=True)
    kind = models.CharField(max_length=6)
    order_no = models.CharField(max_length=60, blank=True, db_index=True)
    buyer_index = models.CharField(max_length=64, blank=True)  # blind index of the buyer's ID
    invt_no = models.CharField(max_length=18, blank=True, db_index=True)  # CEB623: withdrawn
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)  # counted to quota
    xml = EncryptedTextField()
    valid = models.BooleanField(default=True)
    decided = models.BooleanField(default=False)  # inventory: matched (or refused) already
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} {self.guid}"


class SimulatedCustomsReceipt(models.Model):
    """A receipt the simulator will hand out once `available_at` has passed."""

    message = models.ForeignKey(
        SimulatedCustomsMessage, on_delete=models.CASCADE, related_name="receipts"
    )
    return_status = models.IntegerField()
    return_info = models.CharField(max_length=1000, blank=True)
    invt_no = models.CharField(max_length=18, blank=True)
    available_at = models.DateTimeField(db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["available_at", "id"]

    def __str__(self):
        return f"{self.return_status} at {self.available_at:%Y-%m-%d %H:%M:%S}"
