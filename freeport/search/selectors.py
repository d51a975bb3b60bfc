"""Search reads: the vocabulary and synonym table (cached per index generation), the hits."""

import itertools
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from freeport.catalog.models import AttributeTag, Brand, Category, Certification
from freeport.catalog.selectors import public_products
from freeport.kernel.countries import COUNTRIES

from . import analysis, synonyms, vocabulary
from .facets import FacetIndex, Filters, Hit, HitList, matches
from .models import SearchDocument, SearchQueryStat, Synonym, ZeroResultQuery
from .text import fold, runs

GENERATION_KEY = "search:generation"  # texts and names: the vocabulary, synonyms, hits
MAX_AGE = 300  # seconds: a process re-reads the vocabulary at least this often
_memo: dict = {}


def generation() -> int:
    return cache.get(GENERATION_KEY, 0)


def forget(texts: bool) -> None:
    """Drop this process's hit table and, with `texts`, its vocabulary and synonyms too."""
    _memo.pop("hits", None)
    if texts:
        _memo.clear()


def invalidate(*, texts: bool = True) -> None:
    """Tell every process (through the shared cache) to rebuild what an index change touched:
    with `texts` (a document's words or names changed, one appeared or went, a synonym rule
    changed) the vocabulary, synonyms and hit table; without (only stock, promises, prices,
    sales or ratings changed: the common case, every order moves stock) this process's hit
    table alone; other processes patch theirs from the changed rows (`fresh`), so a stock change
    costs no search a rebuild. This process forgets at once; the others are told once the
    caller's transaction commits (told before, one could rebuild from the old rows in between
    and keep them under the new generation), and nothing is told if it rolls back."""
    forget(texts)

    def publish() -> None:
        if texts:
            cache.set(GENERATION_KEY, time.time_ns(), None)
        forget(texts)

    transaction.on_commit(publish)


def _cached(name: str, build):
    key = (name, generation())
    hit = _memo.get(name)
    if hit and hit[0] == key and time.monotonic() - hit[1] < MAX_AGE:
        return hit[2]
    value = build()
    _memo[name] = (key, time.monotonic(), value)
    return value


def _named(model, code_field: str):
    return list(model.objects.values_list(code_field, "name_zh", "name_en"))


def domain_names() -> list[str]:
    """The Chinese names that go into the segmenter's user dictionary."""
    models = (Brand, Category, AttributeTag, Certification)
    names = [n for m in models for n in m.objects.values_list("name_zh", flat=True)]
    names += [zh for zh, _ in COUNTRIES.values()]
    names += list(_ingredients())
    return names


def _ingredients():
    """The distinct Chinese ingredient lists of public products. `order_by()` first: with the
    product's default ordering in the query, DISTINCT would compare whole rows and return one
    list per product (45,000 lists to split and fold per chunk on a 100,000-SKU catalog)."""
    return public_products().order_by().values_list("ingredients_zh", flat=True).distinct()


_prepared: dict[str, frozenset[str]] = {}


def prepare_analysis() -> bool:
    """Load the user dictionary into the segmenter before analysing catalog text. Skipped when
    the names are those already loaded (adding words is idempotent, and a rebuild calls this
    once per chunk); True when they were not."""
    names = frozenset(domain_names())
    if _prepared.get("names") == names:
        return False
    analysis.add_words(analysis.domain_words(names))
    _prepared["names"] = names
    return True


def _build_vocabulary() -> vocabulary.Vocabulary:
    known: set[str] = set()
    for row in SearchDocument.objects.values_list("title", "facets", "pinyin", "body").iterator():
        for column in row:
            known.update(column.split())
    return vocabulary.build(
        brands=_named(Brand, "slug"),
        categories=_named(Category, "slug"),
        tags=_named(AttributeTag, "code"),
        certs=_named(Certification, "code"),
        countries=COUNTRIES,
        ingredients=_ingredients(),
        titles=public_products().values_list("title_en", flat=True),
        known=known,
    )


def current_vocabulary() -> vocabulary.Vocabulary:
    return _cached("vocabulary", _build_vocabulary)


def synonym_table() -> synonyms.Table:
    def build():
        rules = [
            synonyms.Rule(synonyms.split_list(w), synonyms.split_list(t))
            for w, t in Synonym.objects.filter(is_active=True).values_list("words", "targets")
        ]
        return synonyms.compile_rules(rules)

    current_vocabulary()  # the dictionary first, so synonym phrases segment like queries
    return _cached("synonyms", build)


HIT_FIELDS = (
    "product_id", "brand", "category", "category_root", "origin", "tags", "certs", "price_min",
    "price_max", "sales_count", "published_at", "in_stock", "dispatch_hours", "rating_count",
    "rating_stars",
)  # fmt: skip


class HitTable:
    """Every document's facet values and signals as score-0 hits, by product id: what search
    filters, counts and ranks, read once per index generation instead of 2,000 rows per query
    (as the vocabulary, and with the same freshness; see `hits`)."""

    def __init__(self):
        shared: dict[frozenset[str], frozenset[str]] = {}  # equal tag sets stored once
        self.by_id: dict[int, Hit] = {}
        rows = SearchDocument.objects.values_list(*HIT_FIELDS).order_by("product_id")
        for row in rows.iterator(chunk_size=5000):
            tags, certs = frozenset(row[5]), frozenset(row[6])
            tags, certs = shared.setdefault(tags, tags), shared.setdefault(certs, certs)
            self.by_id[row[0]] = Hit(*row[:5], tags, certs, *row[7:], 0.0)
        self.ordered = list(self.by_id.values())
        self.position = {pid: i for i, pid in enumerate(self.by_id)}
        self._index: FacetIndex | None = None
        self._names: list[tuple[int, str]] | None = None

    def patch(self, rows) -> bool:
        """Take these documents' new facet values and signals (HIT_FIELDS rows of products the
        table holds), in place, with the facet index if built: what `fresh` does when another
        process re-indexed products without changing their words. False (nothing changed) when
        a row is a product the table does not hold: the caller rebuilds instead."""
        rows = list(rows)
        if any(row[0] not in self.position for row in rows):
            return False
        changed = []
        for row in rows:
            new = Hit(*row[:5], frozenset(row[5]), frozenset(row[6]), *row[7:], 0.0)
            i = self.position[row[0]]
            old = self.ordered[i]
            if new != old:
                self.ordered[i] = self.by_id[row[0]] = new
                changed.append((i, old, new))
        if self._index is not None:
            self._index.replace(changed)
        return True

    @property
    def names(self) -> list[tuple[int, str]]:
        """(product id, folded names) of every document, by product id (read at first use)."""
        if self._names is None:
            rows = SearchDocument.objects.values_list("product_id", "names")
            self._names = list(rows.order_by("product_id").iterator(chunk_size=5000))
        return self._names

    @property
    def index(self) -> FacetIndex:
        """Facet positions of every document (built at the first search without text)."""
        if self._index is None:
            self._index = FacetIndex(self.ordered)
        return self._index


MARK_COLUMNS = ("product_id", "indexed_at", "texts_at")


def _marks() -> tuple:
    """The index's newest product id, newest write and newest change of words: three index
    lookups in one statement (raw SQL: this runs on every search, and the ORM would spend
    longer compiling it than the database answering)."""
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    # One scalar subquery per column: SQLite answers a lone MAX from its index, but scans the
    # whole table for several MAX in one SELECT (30 ms at 100,000 SKUs instead of 0.01 ms).
    parts = ", ".join(f"(SELECT MAX({c}) FROM {table})" for c in MARK_COLUMNS)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")  # a model's table and columns, no input
        newest, written, texts = cursor.fetchone()
    return newest, _as_datetime(written), _as_datetime(texts)


def _as_datetime(value):
    """A raw MAX of a datetime column: SQLite returns its text (UTC), PostgreSQL a datetime."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = parse_datetime(value)
    return timezone.make_aware(parsed, UTC) if timezone.is_naive(parsed) else parsed


# Re-read rows this much older than the last mark: a re-index transaction (one outbox message)
# commits within it of the time it stamped. Longer, and every patch re-reads every row written
# that long ago (thousands a search under a steady stream of orders at scale).
PATCH_OVERLAP = timedelta(seconds=5)


def fresh() -> None:
    """Called once at the start of a search: compare the index's marks with those this
    process's caches were built from. Another process's write (the outbox dispatcher in the
    Huey consumer re-indexes after stock changes and reviews; an operator's edit in another web
    worker), or a rolled-back test, is noticed at once, whatever the cache backend: new words
    or a new newest document → everything is rebuilt; only facet values and signals → the
    rows written since the last mark (and PATCH_OVERLAP before it, for transactions that
    committed late) are patched into the hit table and its facet index, one indexed query.
    Removed documents change no mark, nor does a write that commits more than PATCH_OVERLAP
    after a later one (both wait for the next rebuild: new words, or MAX_AGE; docs/search.md,
    Limits)."""
    marks = _marks()
    seen = _memo.get("marks")
    if seen is not None and seen != marks:
        if seen[0] != marks[0] or seen[2] != marks[2]:
            _memo.clear()
        elif "hits" in _memo:
            table = _memo["hits"][2]
            since = seen[1] - PATCH_OVERLAP if seen[1] else None
            rows = SearchDocument.objects.values_list(*HIT_FIELDS)
            if since is None or not table.patch(rows.filter(indexed_at__gt=since)):
                _memo.pop("hits", None)
    _memo["marks"] = marks


def hit_table() -> HitTable:
    """The current process's table: rebuilt when the index generation changes (new words),
    when this process re-indexed, or after MAX_AGE; patched by `fresh` when another process
    re-indexed without changing words."""
    return _cached("hits", HitTable)


def hits(scores: dict[int, float] | None, *, within: Filters | None = None) -> list[Hit]:
    """Documents as hits: those scored (with their score), or every document (score 0).
    `within`: only documents that can match these filters' category, brands and origins (the
    table narrows; callers still apply `facets.matches`). Scored hits come in product id order
    within each 500 scores, as the database used to return them."""
    if scores is not None and not scores:
        return []
    table = hit_table()
    if within is not None:
        within = Filters(brand=within.brand, origin=within.origin, category=within.category)
    if scores is None:
        if within is not None:
            return table.index.matching(within)
        every = HitList(table.ordered)  # with the index: facets count it by set operations
        every.index = table.index
        return every
    out: list[Hit] = []
    ids = list(scores)
    for start in range(0, len(ids), 500):
        for pid in sorted(ids[start : start + 500]):
            hit = table.by_id.get(pid)
            if hit is not None and (within is None or matches(hit, within)):
                out.append(Hit(*hit[:-1], scores[pid]))
    return out


TRIGRAM = 3  # pg_trgm indexes three-character pieces: a shorter text scans every row


def substring_matches(text: str, limit: int) -> dict[int, float]:
    """Documents whose folded names contain `text` (LIKE with a bound parameter; pg_trgm's GIN
    index serves it on PostgreSQL). Scored 1.0: they are a fallback, not ranked by text.
    On SQLite, which has no index for it and would read every row, the names are searched in
    the hit table's copy, in the order of SQLite's scan (product id); both sides are folded,
    so LIKE's ASCII case-insensitivity changes nothing. PostgreSQL does the same for texts
    shorter than a trigram, which its index cannot serve (茅台: 130 ms scanning, 10 ms here)."""
    if connection.vendor == "sqlite" or len(text) < TRIGRAM:
        found = (pid for pid, names in hit_table().names if text in names)
        return {pid: 1.0 for pid in itertools.islice(found, limit)}
    ids = SearchDocument.objects.filter(names__contains=text).values_list("product_id", flat=True)
    return {pid: 1.0 for pid in ids[:limit]}


POPULAR_MIN_COUNT = 3  # default of settings.SEARCH_POPULAR_MIN_COUNT


def popular_queries(text: str, *, limit: int = 5) -> list[str]:
    """The most searched queries (that found products, not hidden, run at least
    SEARCH_POPULAR_MIN_COUNT times) starting with `text`, or whose pinyin or initials do:
    `naif`, `nf` and `奶` all find `奶粉`. Most searched first. One indexed query."""
    prefix = " ".join(fold(text).split())[:100]
    compact = "".join(runs(prefix))
    if not prefix or limit < 1:
        return []
    match = Q(query__startswith=prefix)
    if compact:
        match |= Q(spelling__startswith=compact) | Q(initials__startswith=compact)
    least = getattr(settings, "SEARCH_POPULAR_MIN_COUNT", POPULAR_MIN_COUNT)
    rows = (
        SearchQueryStat.objects.filter(match, is_hidden=False, results__gt=0, count__gte=least)
        .order_by("-count", "-last_seen", "query")
        .values_list("query", flat=True)
    )
    return list(rows[:limit])


def zero_result_queries():
    """The console's list: zero-result queries not dismissed, most frequent first."""
    return ZeroResultQuery.objects.filter(dismissed_at__isnull=True).order_by(
        "-count", "-last_seen", "id"
    )


def zero_result_get(query_id: int) -> ZeroResultQuery:
    return ZeroResultQuery.objects.get(pk=query_id)
