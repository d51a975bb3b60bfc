"""Search reads: the vocabulary and synonym table (cached per index generation), the hits."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from freeport.catalog.models import AttributeTag, Brand, Category, Certification
from freeport.catalog.selectors import public_products
from freeport.kernel.countries import COUNTRIES

from . import analysis, synonyms, vocabulary
from .facets import Hit
from .models import SearchDocument, SearchQueryStat, Synonym, ZeroResultQuery
from .text import fold, runs

GENERATION_KEY = "search:generation"
MAX_AGE = 300  # seconds: a process re-reads the vocabulary at least this often
_memo: dict = {}


def generation() -> int:
    return cache.get(GENERATION_KEY, 0)


def invalidate() -> None:
    """Tell every process (through the shared cache) to rebuild its vocabulary and synonyms."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    _memo.clear()


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
    names += list(public_products().values_list("ingredients_zh", flat=True).distinct())
    return names


def prepare_analysis() -> None:
    """Load the user dictionary into the segmenter before analysing catalog text."""
    analysis.add_words(analysis.domain_words(domain_names()))


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
        ingredients=public_products().values_list("ingredients_zh", flat=True).distinct(),
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
    "price_max", "sales_count", "published_at", "in_stock",
)  # fmt: skip


def hits(scores: dict[int, float] | None) -> list[Hit]:
    """Documents as hits: those scored (with their score), or every document (score 0)."""
    qs = SearchDocument.objects.values_list(*HIT_FIELDS)
    out: list[Hit] = []
    if scores is None:
        rows = qs.iterator(chunk_size=2000)
    else:
        ids = list(scores)
        chunks = (ids[start : start + 500] for start in range(0, len(ids), 500))
        rows = (r for chunk in chunks for r in qs.filter(product_id__in=chunk))
    for pid, brand, cat, root, origin, tags, certs, lo, hi, sales, published, stock in rows:
        out.append(
            Hit(pid, brand, cat, root, origin, frozenset(tags), frozenset(certs), lo, hi, sales,
                published, stock, scores.get(pid, 0.0) if scores else 0.0)
        )  # fmt: skip
    return out


def substring_matches(text: str, limit: int) -> dict[int, float]:
    """Documents whose folded names contain `text` (LIKE with a bound parameter; pg_trgm's GIN
    index serves it on PostgreSQL). Scored 1.0: they are a fallback, not ranked by text."""
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
