from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from freeport.kernel.countries import COUNTRIES
from freeport.kernel.i18n import localized

COUNTRY_CHOICES = [(code, f"{code} {names[1]}") for code, names in sorted(COUNTRIES.items())]
hs_code_validator = RegexValidator(r"^\d{10}$", _("HS code must be exactly 10 digits"))


class Bilingual:
    def name(self):
        return localized(self, "name")

    def __str__(self):
        return f"{self.name_zh} / {self.name_en}"


class Merchant(Bilingual, models.Model):
    """An overseas seller; declares through its customs enterprise code (CEB311 ebcCode)."""

    code = models.SlugField(max_length=40, unique=True)
    name_zh = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    customs_code = models.CharField(
        _("customs enterprise code"),
        max_length=18,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Z]{10}$|^[0-9A-Z]{18}$")],
        help_text=_("10-character customs registration code (or 18-character USCC)"),
    )
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]


class MerchantStaff(models.Model):
    """Links a console user to the one merchant whose data they may see and edit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant_staff"
    )
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="staff")

    def __str__(self):
        return f"{self.user} @ {self.merchant.code}"


class Brand(Bilingual, models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="brands")
    slug = models.SlugField(max_length=60, unique=True)
    name_zh = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)

    class Meta:
        ordering = ["name_en"]


class Category(Bilingual, models.Model):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    slug = models.SlugField(max_length=60, unique=True)
    name_zh = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name_plural = "categories"


class TaxProfile(models.Model):
    """Tax data per 10-digit HS code, as in cbec-rules.md §8 (decision D13)."""

    class ConsumptionTax(models.TextChoices):
        NONE = "none", _("none")
        AD_VALOREM = "ad_valorem", _("ad valorem")
        SPECIFIC = "specific", _("specific (per unit)")
        COMPOUND = "compound", _("compound")
        HIGH_END_COSMETIC = "high_end_cosmetic", _("high-end cosmetic")

    hs_code = models.CharField(max_length=10, unique=True, validators=[hs_code_validator])
    name_zh = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    tariff_mfn_rate = models.DecimalField(max_digits=5, decimal_places=4)
    tariff_provisional_rate = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True
    )
    vat_rate = models.DecimalField(max_digits=5, decimal_places=4)
    ct_kind = models.CharField(
        max_length=20, choices=ConsumptionTax.choices, default=ConsumptionTax.NONE
    )
    ct_rate = models.DecimalField(max_digits=5, decimal_places=4, default=0)
    ct_amount = models.DecimalField(max_digits=10, decimal_places=4, default=0)
    ct_per_value = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    ct_per_unit = models.CharField(max_length=8, blank=True)
    positive_list = models.BooleanField(default=True)
    effective_from = models.DateField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["hs_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0, vat_rate__lte=1), name="taxprofile_vat_rate_range"
            ),
            models.CheckConstraint(
                condition=Q(ct_rate__gte=0, ct_rate__lt=1), name="taxprofile_ct_rate_range"
            ),
        ]

    def __str__(self):
        return f"{self.hs_code} {self.name_en}"

    def name(self):
        return localized(self, "name")


class Certification(Bilingual, models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name_zh = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60)

    class Meta:
        ordering = ["code"]


class AttributeTag(Bilingual, models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name_zh = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60)

    class Meta:
        ordering = ["code"]


class Product(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        DELISTED = "delisted", _("delisted")

    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="products")
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    code = models.CharField(max_length=40)
    title_zh = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    origin_country = models.CharField(max_length=2, choices=COUNTRY_CHOICES)
    tax_profile = models.ForeignKey(TaxProfile, on_delete=models.PROTECT, related_name="products")
    positive_list = models.BooleanField(_("on the CBEC positive list"), default=True)
    record_number = models.CharField(_("customs record / filing number"), max_length=40)
    ingredients_zh = models.TextField(blank=True)
    ingredients_en = models.TextField(blank=True)
    certifications = models.ManyToManyField(Certification, blank=True, related_name="products")
    tags = models.ManyToManyField(AttributeTag, blank=True, related_name="products")
    shelf_life_days = models.PositiveIntegerField(null=True, blank=True)
    age_min_months = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max_months = models.PositiveSmallIntegerField(null=True, blank=True)
    stage_label = models.CharField(_("stage on the pack"), max_length=40, blank=True)
    size_guide = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(max_length=300, blank=True)
    # Denormalised for listing sort/filter; refreshed by services whenever SKUs change.
    price_min = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    price_max = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    sales_count = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "code"], name="product_code_per_merchant"),
        ]
        indexes = [
            models.Index(fields=["status", "category", "price_min"]),
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "-sales_count"]),
        ]

    def __str__(self):
        return f"{self.code} {self.title_en}"

    def title(self):
        return localized(self, "title")

    def description(self):
        return localized(self, "description")

    def ingredients(self):
        return localized(self, "ingredients")


class SKU(models.Model):
    class Unit(models.TextChoices):
        ML = "ml", "ml"
        L = "l", "L"
        G = "g", "g"
        KG = "kg", "kg"
        PIECE = "piece", _("piece")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="skus")
    # Denormalised from product so the (merchant, code) uniqueness is a database constraint.
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="skus")
    code = models.CharField(max_length=40)
    gtin = models.CharField(_("GTIN barcode"), max_length=14, db_index=True)
    variant_zh = models.CharField(max_length=120, blank=True)
    variant_en = models.CharField(max_length=120, blank=True)
    price = models.DecimalField(
        _("price (CNY)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    gross_weight_kg = models.DecimalField(max_digits=8, decimal_places=3)
    net_weight_kg = models.DecimalField(max_digits=8, decimal_places=3)
    net_content_value = models.DecimalField(max_digits=10, decimal_places=2)
    net_content_unit = models.CharField(max_length=5, choices=Unit.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["product_id", "price", "id"]
        verbose_name = "SKU"
        constraints = [
            models.UniqueConstraint(fields=["merchant", "code"], name="sku_code_per_merchant"),
            models.CheckConstraint(condition=Q(price__gt=0), name="sku_price_positive"),
            models.CheckConstraint(
                condition=Q(net_weight_kg__lte=models.F("gross_weight_kg")),
                name="sku_net_weight_not_above_gross",
            ),
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        return self.code

    def variant(self):
        return localized(self, "variant")


class ListingReview(models.Model):
    """Every listing status change, with who made it and why (audit trail)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    from_status = models.CharField(max_length=10, choices=Product.Status.choices)
    to_status = models.CharField(max_length=10, choices=Product.Status.choices)
    reason = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.product_id}: {self.from_status} -> {self.to_status}"
