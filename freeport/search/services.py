"""Search writes (the index, the zero-result log) and the search itself.

The catalog calls `index_products(ids)` from its write paths (import, listing review, admin):
the project has no signals, so every path that changes what shoppers can find calls it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from freeport.catalog.models import SKU, Product
from freeport.catalog.selectors import public_products
from freeport.inventory.selectors import sellable_quantity
from freeport.kernel.audit import audit_record

from . import analysis, autocomplete, backends, plan, ranking, selectors
from .documents import document_fields
from .facets import SORT_KEYS, FacetCounts, Filters, Hit, facet_counts, matches
from .models import SearchDocument, SearchQueryStat, Synonym, ZeroResultQuery
from .query import SearchQuery
from .text import fold
from .understanding import Understood, understand

CHUNK = 500
MAX_HITS = 2000  # best text matches considered per query (facets count within them)
FEW = 3  # fewer results than this: offer "did you mean"


def _in_stock(product, stock: dict[int, int]) -> bool:
    return any(stock.get(s.id, 0) > 0 for s in product.skus.all())


def index_products(ids: Iterable[int]) -> int:
    """(Re)index these products: public ones get a fresh document, others lose theirs.
    Returns the number of documents written."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    selectors.prepare_analysis()
    backend = backends.current()
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            products = list(
                public_products()
                .filter(id__in=chunk)
                .select_related("brand", "category__parent")
                .prefetch_related(
                    "tags",
                    "certifications",
                    Prefetch("skus", queryset=SKU.objects.filter(is_active=True)),
                )
            )
            stock = sellable_quantity([s.id for p in products for s in p.skus.all()])
            docs = [
                SearchDocument(product_id=p.id, **document_fields(p, in_stock=_in_stock(p, stock)))
                for p in products
            ]
            SearchDocument.objects.filter(product_id__in=chunk).delete()
            SearchDocument.objects.bulk_create(docs, batch_size=CHUNK)
            backend.write(docs, product_ids=chunk)
            written += len(docs)
    selectors.invalidate()
    return written


def index_rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Drop the whole index and index every public product again."""
    ids = list(public_products().order_by("id").values_list("id", flat=True))
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        backends.current().clear()
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        written += index_products(chunk)
        if progress:
            progress(len(chunk))
    return written


def zero_result_log(query: str) -> None:
    text = fold(query).strip()[:100]
    if not text:
        return
    if ZeroResultQuery.objects.filter(query=text).update(
        count=F("count") + 1, last_seen=timezone.now()
    ):
        return
    try:
        with transaction.atomic():
            ZeroResultQuery.objects.create(query=text)
    except IntegrityError:  # another request logged it first
        ZeroResultQuery.objects.filter(query=text).update(count=F("count") + 1)


@dataclass
class SearchResult:
    query: SearchQuery
    filters: Filters
    hits: list[Hit]  # every result in order (ids and signals)
    products: list[Product]  # this page's products, cards' relations loaded
    page: int
    pages: int
    facets: FacetCounts
    understood: list[tuple[str, str, str]] = field(default_factory=list)
    did_you_mean: str | None = None
    relaxed: bool = False  # nothing matched every word: results match some words

    @property
    def total(self) -> int:
        return len(self.hits)


def _filters(query: SearchQuery, understood: Understood) -> Filters:
    got = understood.filters
    return Filters(
        brand=frozenset(query.brand) | frozenset(got.get("brand", [])),
        origin=frozenset(query.origin) | frozenset(got.get("origin", [])),
        tag=frozenset(query.tag) | frozenset(got.get("tag", [])),
        cert=frozenset(query.cert) | frozenset(got.get("cert", [])),
        category=query.category or (got.get("category") or [None])[0],
        price_min=query.price_min,
        price_max=query.price_max,
    )


def _text_hits(query_plan: plan.Plan, q: str) -> tuple[dict[int, float] | None, bool]:
    """Scores of the text matches: every word; else the raw text inside a name; else any word."""
    if not query_plan:
        return None, False
    backend = backends.current()
    scores = backend.match(query_plan, limit=MAX_HITS)
    if scores:
        return scores, False
    folded = fold(q).strip()
    if len(folded) >= 2:
        scores = selectors.substring_matches(folded, MAX_HITS)
        if scores:
            return scores, False
    if len(query_plan.groups) > 1:
        return backend.match(query_plan, any_group=True, limit=MAX_HITS), True
    return {}, False


def _page_products(ids: list[int]) -> list[Product]:
    found = {
        p.id: p
        for p in public_products()
        .filter(id__in=ids)
        .select_related("brand", "category", "merchant")
        .prefetch_related("tags", "certifications")
    }
    return [found[i] for i in ids if i in found]


def search(query: SearchQuery, *, log: bool = True) -> SearchResult:
    vocab = selectors.current_vocabulary()
    table = selectors.synonym_table()
    words = analysis.words(query.q)
    understood = Understood(rest=words) if query.literal else understand(words, vocab.names)
    filters = _filters(query, understood)
    query_plan = plan.build(understood.rest, vocab, table)
    scores, relaxed = _text_hits(query_plan, " ".join(w.text for w in understood.rest))
    candidates = selectors.hits(scores)
    facets = facet_counts(candidates, filters)
    found = [h for h in candidates if matches(h, filters)]
    if query.sort == "relevance" and scores is not None:
        weights = ranking.Weights.from_settings(getattr(settings, "SEARCH_RANKING_WEIGHTS", None))
        found = ranking.rank(found, weights)
    else:
        found.sort(key=SORT_KEYS["popular" if query.sort == "relevance" else query.sort])
    pages = -(-len(found) // query.page_size)
    start = (query.page - 1) * query.page_size
    page_ids = [h.product_id for h in found[start : start + query.page_size]]
    did_you_mean = None
    if query_plan.corrections or len(found) < FEW:
        did_you_mean = plan.suggestion(words, vocab, query_plan.corrections)
    if did_you_mean == fold(query.q):
        did_you_mean = None
    if log and query.q:
        query_log(query.q, total=len(found))
    return SearchResult(
        query=query, filters=filters, hits=found, products=_page_products(page_ids),
        page=query.page, pages=pages, facets=facets, understood=understood.matched,
        did_you_mean=did_you_mean, relaxed=relaxed,
    )  # fmt: skip


SUGGEST_FACETS = ("brand", "category")


def suggest(q: str, *, limit: int = 8) -> list[dict]:
    """Autocomplete: brands and categories whose name or pinyin starts with the text, then the
    best products for the text with its last word as a prefix."""
    words = analysis.words(q)
    if not words:
        return []
    vocab = selectors.current_vocabulary()
    out = [
        {"kind": facet, "code": code, "text_zh": zh, "text_en": en, "url": url}
        for facet, code, zh, en, url in autocomplete.names(fold(q), vocab, SUGGEST_FACETS)
    ][: limit // 2]
    query_plan = plan.build(words, vocab, selectors.synonym_table(), prefix=True)
    scores = backends.current().match(query_plan, limit=limit * 4)
    weights = ranking.Weights.from_settings(getattr(settings, "SEARCH_RANKING_WEIGHTS", None))
    ranked = ranking.rank(selectors.hits(scores), weights) if scores else []
    products = _page_products([h.product_id for h in ranked[: limit - len(out)]])
    out += [
        {"kind": "product", "code": str(p.id), "text_zh": p.title_zh, "text_en": p.title_en,
         "url": f"/p/{p.id}/"}
        for p in products
    ]  # fmt: skip
    return out


# --- Popular queries, the zero-result queue, synonym rules from the console ------------------


def _count(model, text: str, *, updates: dict, create: Callable[[], dict]) -> None:
    """Add one to the counter row of `text`, creating it if needed, race-safe on SQLite and
    PostgreSQL: an UPDATE with F() expressions; when two requests insert the same new query at
    once, the loser hits the unique key (inside a savepoint) and updates instead."""
    if model.objects.filter(query=text).update(**updates):
        return
    try:
        with transaction.atomic():
            model.objects.create(query=text, **create())
    except IntegrityError:  # another request created it first
        model.objects.filter(query=text).update(**updates)


def query_log(query: str, *, total: int) -> None:
    """Count a search a shopper ran (`search(..., log=True)`; callers pass log=False for later
    pages, refinements and suggestion requests). Found products: its popular-query row (count,
    results, last seen). Found nothing: the zero-result log, and its popular-query row, if any,
    stops being suggested (results 0) until the query finds products again."""
    text = " ".join(fold(query).split())[:100]
    if not text:
        return
    if not total:
        zero_result_log(query)
        SearchQueryStat.objects.filter(query=text, results__gt=0).update(results=0)
        return
    now = timezone.now()

    def create() -> dict:
        spelling, initials = autocomplete.query_spellings(text)
        return {"results": total, "first_seen": now, "last_seen": now, "spelling": spelling,
                "initials": initials}  # fmt: skip

    updates = {"count": F("count") + 1, "results": total, "last_seen": now}
    _count(SearchQueryStat, text, updates=updates, create=create)


def synonym_add(
    *, words: str, targets: str = "", actor=None, answering: ZeroResultQuery | None = None
) -> Synonym:
    """A new active synonym rule, in effect at once (validate with search.forms.SynonymForm
    first). Audited as `search.synonym_add`, naming the zero-result query it answers by id
    (shopper text is never copied into the audit log)."""
    with transaction.atomic():
        rule = Synonym.objects.create(words=words.strip(), targets=targets.strip())
        reason = f"zero-result query #{answering.pk}" if answering else ""
        audit_record(actor=actor, action="search.synonym_add", obj=rule, reason=reason)
        transaction.on_commit(selectors.invalidate)  # other processes, once it is visible
    selectors.invalidate()  # this process at once
    return rule


def zero_result_dismiss(*, query_id: int, actor=None) -> bool:
    """Take a zero-result query off the console's list (it keeps counting). Audited as
    `search.zero_result_dismiss`. False when it was already dismissed (nothing recorded)."""
    with transaction.atomic():
        done = ZeroResultQuery.objects.filter(pk=query_id, dismissed_at__isnull=True).update(
            dismissed_at=timezone.now()
        )
        if done:
            row = ZeroResultQuery.objects.get(pk=query_id)
            audit_record(actor=actor, action="search.zero_result_dismiss", obj=row)
    return bool(done)
