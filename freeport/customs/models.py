from django.conf import settings
from django.db import models

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
