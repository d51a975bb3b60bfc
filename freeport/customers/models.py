from django.conf import settings
from django.db import models

from freeport.kernel.crypto import EncryptedTextField, mask


class Address(models.Model):
    """A shopper's delivery address. Name, phone and street are personal data: encrypted at rest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    recipient_name = EncryptedTextField()
    phone = EncryptedTextField()
    province = models.CharField(max_length=40)
    city = models.CharField(max_length=40)
    district = models.CharField(max_length=40)
    street = EncryptedTextField()
    postal_code = models.CharField(max_length=6, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "id"]
        verbose_name_plural = "addresses"

    def __str__(self):
        return f"{self.masked_name} {self.province}{self.city}{self.district}"

    @property
    def masked_name(self) -> str:
        return mask(self.recipient_name, 1, 0)

    @property
    def masked_phone(self) -> str:
        return mask(self.phone, 3, 4)
