from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .synonyms import split_list


class SearchDocument(models.Model):
    """The analysed index document of one public product (rebuilt by services.index_products).

    Text columns hold space-separated index terms. On SQLite the `search_fts` FTS5 table mirrors
    them (rowid = product id); on PostgreSQL a generated, weighted `tsv` column with a GIN index
    does (migration 0002). The facet and signal columns let search filter, count and rank hits
    without joining the catalog.
    """

    product = models.OneToOneField(
        "catalog.Product", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.TextField(blank=True)  # titles, brand names (weight A)
    facets = models.TextField(blank=True)  # category, tag, certification, origin names (B)
    pinyin = models.TextField(blank=True)  # pinyin + initials of Chinese titles/brands (C)
    body = models.TextField(blank=True)  # ingredients, variants, title character pairs (D)
    names = models.TextField(blank=True)  # folded raw titles and brand names (substring match)
    brand = models.CharField(max_length=60)
    category = models.CharField(max_length=60)
    category_root = models.CharField(max_length=60)
    origin = models.CharField(max_length=2)
    tags = models.JSONField(default=list)
    certs = models.JSONField(default=list)
    price_min = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    price_max = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    sales_count = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    in_stock = models.BooleanField(default=False)
    # Fastest dispatch promise (hours) among the bonded warehouses holding sellable stock of an
    # active SKU; null: no stock, or none of those warehouses states a promise.
    dispatch_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    # Visible reviews (reviews.ProductRating): how many, and their stars added up.
    rating_count = models.PositiveIntegerField(default=0)
    rating_stars = models.PositiveIntegerField(default=0)
    # Every write (indexed_at) and every change of the words or names (texts_at, kept when only
    # facet values and signals changed): indexed, so each search's freshness check reads their
    # maxima in one statement and every process notices another's writes (selectors.fresh).
    indexed_at = models.DateTimeField(auto_now=True, db_index=True)
    texts_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"search document {self.product_id}"


class Synonym(models.Model):
    """A synonym rule operators edit in the console (admin)."""

    words = models.CharField(
        _("words"),
        max_length=300,
        help_text=_("Comma-separated words or phrases, e.g. 抗衰老, anti aging, 抗老"),
    )
    targets = models.CharField(
        _("one-way targets"),
        max_length=300,
        blank=True,
        help_text=_(
            "Leave empty for a two-way rule (every word finds the others). "
            "Filled in: searching any of the words also finds these, not the reverse."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["words"]
        verbose_name = _("synonym rule")
        verbose_name_plural = _("synonym rules")

    def __str__(self):
        arrow = " → " + self.targets if self.targets else " ↔"
        return f"{self.words}{arrow}"

    @property
    def two_way(self) -> bool:
        return not split_list(self.targets)


class ZeroResultQuery(models.Model):
    """A query that found nothing, counted, so operators can add synonyms."""

    query = models.CharField(_("query"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("times"), default=1)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), auto_now=True)
    # Set when an operator dismisses it in the console: it leaves the console's list for good
    # (counting goes on; clear it in the admin to list it again).
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("zero-result query")
        verbose_name_plural = _("zero-result queries")

    def __str__(self):
        return self.query


class SearchQueryStat(models.Model):
    """A query shoppers ran that found products, counted: the source of "popular searches" in
    autocomplete (services.query_log, selectors.popular_queries). Operators hide offensive or
    unwanted ones with `is_hidden` (admin)."""

    query = models.CharField(_("query"), max_length=100, unique=True)  # folded, as searched
    # Prefix keys for autocomplete: Chinese runs as pinyin (`spelling`) and initials, other
    # runs kept as they are, spaces removed. `a2 奶粉` → `a2naifen`, `a2nf`.
    spelling = models.CharField(max_length=300, blank=True, editable=False)
    initials = models.CharField(max_length=100, blank=True, editable=False)
    count = models.PositiveIntegerField(_("times"), default=1)
    results = models.PositiveIntegerField(
        _("results"), default=0, help_text=_("Products found the last time it was searched.")
    )
    is_hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("Never suggest this query to shoppers (offensive or unwanted text)."),
    )
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now, editable=False)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        ordering = ["-count", "query"]
        verbose_name = _("popular query")
        verbose_name_plural = _("popular queries")
        indexes = [
            # Prefix look-ups (LIKE 'x%'): pattern operator classes on PostgreSQL, plain
            # indexes elsewhere (opclasses are ignored on SQLite).
            models.Index(
                fields=["query"], name="search_stat_query_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["spelling"], name="search_stat_spelling_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["initials"], name="search_stat_initials_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.query
