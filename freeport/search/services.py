"""Search writes (the index, the zero-result log) and the search itself.

The catalog calls `index_products(ids)` from its write paths (import, listing review, admin):
the project has no signals, so every path that changes what shoppers can find calls it.
"""

import multiprocessing
import os
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from freeport.catalog.models import SKU, Product
from freeport.catalog.selectors import public_products, with_unit_inputs
from freeport.inventory.models import Warehouse
from freeport.inventory.selectors import available_by_warehouse
from freeport.kernel.audit import audit_record
from freeport.reviews.selectors import product_ratings

from . import analysis, autocomplete, backends, plan, ranking, selectors
from .documents import PRODUCT_VALUES, Name, document_from_source, document_source
from .facets import SORT_KEYS, FacetCounts, Filters, Hit, facet_counts, matches, matching
from .models import SearchDocument, SearchQueryStat, Synonym, ZeroResultQuery
from .query import SearchQuery
from .text import fold
from .understanding import Understood, understand

SORTS = {**SORT_KEYS, "rating": ranking.by_rating}
CHUNK = 500
DICTIONARY_CHECK = 10  # a rebuild in workers re-reads the segmenter's names every 10 chunks
MAX_HITS = 2000  # best text matches considered per query (facets count within them)
FEW = 3  # fewer results than this: offer "did you mean"
PARTIAL_BELOW = 10  # fewer results matching every word than this: add those matching some


RELATED_VALUES = (
    "brand__slug", "brand__name_zh", "brand__name_en",
    "category__slug", "category__name_zh", "category__name_en",
    "category__parent__slug", "category__parent__name_zh", "category__parent__name_en",
)  # fmt: skip


def _sources(chunk: list[int]) -> list[tuple[int, dict]]:
    """(product id, document source) of the public products among these ids, in the
    products' default order. Read as plain values (a few queries, no model instances):
    tags and certifications in code order, active SKUs in theirs, as prefetching gives them.
    In stock: some active SKU has sellable bonded stock; dispatch hours: the fastest promise
    among the bonded warehouses holding it (see `_fastest`); rating: its visible reviews'
    count and stars (reviews.ProductRating)."""
    rows = list(
        public_products().filter(id__in=chunk).values_list("id", *PRODUCT_VALUES, *RELATED_VALUES)
    )
    ids = [row[0] for row in rows]
    tags = _names(Product.tags, "attributetag", ids)
    certs = _names(Product.certifications, "certification", ids)
    skus: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for pid, *sku in SKU.objects.filter(product_id__in=ids, is_active=True).values_list(
        "product_id", "id", "variant_zh", "variant_en"
    ):
        skus[pid].append(sku)
    stock = available_by_warehouse(sku[0] for of_product in skus.values() for sku in of_product)
    held: dict[int, set[int]] = defaultdict(set)  # sku id -> warehouses with sellable stock
    for sku_id, warehouse_id in stock:
        held[sku_id].add(warehouse_id)
    ratings = product_ratings(ids)
    promises = dict(  # available_by_warehouse counts bonded warehouses only
        Warehouse.objects.filter(kind=Warehouse.Kind.BONDED).values_list("id", "dispatch_hours")
    )
    out = []
    n = len(PRODUCT_VALUES)
    for pid, *values in rows:
        product, related = dict(zip(PRODUCT_VALUES, values[:n], strict=True)), values[n:]
        category = Name(*related[3:6])
        source = document_source(
            product,
            brand=Name(*related[:3]),
            category=category,
            root=category if related[6] is None else Name(*related[6:9]),
            tags=tags[pid],
            certs=certs[pid],
            variants=[name for _, zh, en in skus[pid] for name in (zh, en)],
            in_stock=any(held[sku[0]] for sku in skus[pid]),
            dispatch_hours=_fastest((w for sku in skus[pid] for w in held[sku[0]]), promises),
            rating=ratings.get(pid, (0, 0)),
        )
        out.append((pid, source))
    return out


def _fastest(warehouses: Iterable[int], promises: dict[int, int | None]) -> int | None:
    """The fastest dispatch promise (hours) of these warehouses; None if none states one."""
    return min((h for w in warehouses if (h := promises.get(w)) is not None), default=None)


def _names(relation, model: str, ids: list[int]) -> dict[int, list[Name]]:
    """Per product, its tags or certifications (`model`: their model's name in the m2m table),
    in code order (their models' ordering)."""
    out: dict[int, list[Name]] = defaultdict(list)
    rows = (
        relation.through.objects.filter(product_id__in=ids)
        .order_by(f"{model}__code")
        .values_list("product_id", f"{model}__code", f"{model}__name_zh", f"{model}__name_en")
    )
    for pid, *name in rows:
        out[pid].append(Name(*name))
    return out


def _analyse(sources: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Document fields per product id (pure: runs in worker processes during a rebuild)."""
    return [(pid, document_from_source(source)) for pid, source in sources]


def _documents(fields: list[tuple[int, dict]]) -> list[SearchDocument]:
    return [SearchDocument(product_id=pid, **values) for pid, values in fields]


TEXT_FIELDS = ("title", "facets", "pinyin", "body", "names")


def _write(chunk: list[int], docs: list[SearchDocument]) -> bool:
    """Replace the chunk's documents; True when some text changed (a document's words or
    names, or a document appeared or went), False when only facet values and signals did."""
    old = SearchDocument.objects.filter(product_id__in=chunk)
    rows = list(old.values_list("product_id", "texts_at", *TEXT_FIELDS))
    before = {row[0]: row[2:] for row in rows}
    texts_at = {row[0]: row[1] for row in rows}
    after = {d.product_id: tuple(getattr(d, f) for f in TEXT_FIELDS) for d in docs}
    for d in docs:  # words unchanged: keep when they last changed (selectors.fresh reads it)
        if before.get(d.product_id) == after[d.product_id]:
            d.texts_at = texts_at[d.product_id]
    old.delete()
    SearchDocument.objects.bulk_create(docs, batch_size=CHUNK)
    backends.current().write(docs, product_ids=chunk)
    return before != after


def index_products(ids: Iterable[int]) -> int:
    """(Re)index these products: public ones get a fresh document, others lose theirs.
    Returns the number of documents written."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    selectors.prepare_analysis()
    written, texts = 0, False
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            docs = _documents(_analyse(_sources(chunk)))
            texts |= _write(chunk, docs)
            written += len(docs)
    selectors.invalidate(texts=texts)
    return written


MAX_INDEX_WORKERS = 4  # more keep waiting: this process reads and writes every chunk


def index_workers() -> int:
    """Processes a rebuild analyses in: settings.SEARCH_INDEX_WORKERS, else one per CPU (at
    most MAX_INDEX_WORKERS); 1 analyses in this process."""
    configured = getattr(settings, "SEARCH_INDEX_WORKERS", None)
    if configured is not None:
        return int(configured)
    affinity = getattr(os, "sched_getaffinity", None)
    cpus = len(affinity(0)) if affinity else (os.cpu_count() or 1)
    return min(cpus, MAX_INDEX_WORKERS)


def index_rebuild(
    *, progress: Callable[[int], None] | None = None, workers: int | None = None
) -> int:
    """Drop the whole index and index every public product again, a chunk per transaction,
    then let the backend refresh its statistics (`optimize`). With several workers (default
    `index_workers()`) and more than one chunk, the analysis of each chunk (segmentation,
    stemming, pinyin: most of the time) runs in forked worker processes while this one reads
    the next chunks and writes the analysed ones."""
    ids = list(public_products().order_by("id").values_list("id", flat=True))
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        backends.current().clear()
    chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
    workers = index_workers() if workers is None else workers
    if workers > 1 and len(chunks) > 1 and "fork" in multiprocessing.get_all_start_methods():
        written = _rebuild_in_workers(chunks, workers, progress)
    else:
        written = 0
        for chunk in chunks:
            written += index_products(chunk)
            if progress:
                progress(len(chunk))
    backends.current().optimize()
    return written


def _rebuild_in_workers(chunks: list[list[int]], workers: int, progress) -> int:
    """index_rebuild's chunks, analysed by a pool of forked processes (they inherit the
    segmenter's dictionary, so it is loaded first; a pool whose dictionary became stale is
    replaced). Up to `workers` chunks are in the pool at once; each is written, in order, in
    its own transaction. A document another process wrote for a chunk's product since the
    rebuild began is newer than this chunk's reading and is kept, and a product that stopped
    being public meanwhile gets none, as if the chunk had been indexed at its write."""
    context = multiprocessing.get_context("fork")
    written = 0
    pending: deque = deque()

    def flush() -> int:
        chunk, result = pending.popleft()
        with transaction.atomic():
            public = set(public_products().filter(id__in=chunk).values_list("id", flat=True))
            newer = set(
                SearchDocument.objects.filter(product_id__in=chunk).values_list(
                    "product_id", flat=True
                )
            )
            fields = [(pid, f) for pid, f in result.get() if pid in public and pid not in newer]
            docs = _documents(fields)
            SearchDocument.objects.bulk_create(docs, batch_size=CHUNK)
            backends.current().write(docs, product_ids=[pid for pid, _ in fields])
        selectors.invalidate()
        if progress:
            progress(len(chunk))
        return len(docs)

    selectors.prepare_analysis()
    pool = context.Pool(workers)
    try:
        for i, chunk in enumerate(chunks):
            # New names since the pool began (the catalog changed meanwhile): its dictionary is
            # stale. Checked every DICTIONARY_CHECK chunks (it reads every ingredient list).
            if i % DICTIONARY_CHECK == 0 and selectors.prepare_analysis():
                while pending:
                    written += flush()
                pool.close()
                pool.join()
                pool = context.Pool(workers)
            pending.append((chunk, pool.apply_async(_analyse, (_sources(chunk),))))
            while len(pending) > workers:
                written += flush()
        while pending:
            written += flush()
    finally:
        pool.terminate()
        pool.join()
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
    partial_from: int | None = None  # hits from here on match only some words (see search)

    @property
    def total(self) -> int:
        return len(self.hits)

    def _page_split(self) -> int:
        """Where this page's products turn from full to partial matches."""
        if self.partial_from is None:
            return len(self.products)
        return max(0, self.partial_from - (self.page - 1) * self.query.page_size)

    @property
    def full_products(self) -> list[Product]:
        return self.products[: self._page_split()]

    @property
    def partial_products(self) -> list[Product]:
        return self.products[self._page_split() :]


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
        ships_24h=query.ships_24h or "ships_24h" in got,
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


def _partial_hits(query_plan, understood, filters, scores, relaxed, full: int) -> list[Hit]:
    """Few products match every word: those matching some of them, listed after the full
    matches as shops do ("以下为部分匹配"), never mixed in. Some of the words: any word of a
    query of several; or, when words named filters ("巧克力礼盒": category chocolate + 礼盒),
    the filters alone."""
    if not scores or relaxed or full >= PARTIAL_BELOW:
        return []
    some: dict[int, float] = {}
    if len(query_plan.groups) > 1:
        some = backends.current().match(query_plan, any_group=True, limit=MAX_HITS)
    out = selectors.hits({k: v for k, v in some.items() if k not in scores})
    if understood.matched:
        seen = set(scores) | set(some)
        out += [h for h in selectors.hits(None, within=filters) if h.product_id not in seen]
    return out


CARD_UNUSED = ("description_zh", "description_en", "ingredients_zh", "ingredients_en")


def _page_products(ids: list[int]) -> list[Product]:
    """The page's products with what a card shows (brand, category, merchant, rating, tags,
    certifications, and the tax profile and net contents its tax-inclusive price needs), in
    three queries whatever the page size; the long texts cards never show are not read."""
    rows = public_products().filter(id__in=ids).defer(*CARD_UNUSED)
    rows = with_unit_inputs(rows.select_related("brand", "category", "merchant", "rating"))
    found = {p.id: p for p in rows.prefetch_related("tags", "certifications")}
    return [found[i] for i in ids if i in found]


def search(query: SearchQuery, *, log: bool = True) -> SearchResult:
    selectors.fresh()
    vocab = selectors.current_vocabulary()
    table = selectors.synonym_table()
    words = analysis.words(query.q)
    understood = Understood(rest=words) if query.literal else understand(words, vocab.names)
    filters = _filters(query, understood)
    query_plan = plan.build(understood.rest, vocab, table)
    scores, relaxed = _text_hits(query_plan, " ".join(w.text for w in understood.rest))
    if scores == {} and understood.matched:
        # The words naming a filter found products, the others nothing ("抗衰老面霜" before a
        # synonym exists): show the filtered products rather than nothing, marked as relaxed.
        scores, relaxed = None, True
    candidates = selectors.hits(scores)
    found = matching(candidates, filters)
    partial = _partial_hits(query_plan, understood, filters, scores, relaxed, len(found))
    if partial:  # a new list: `candidates` may be the process's shared table
        candidates = [*candidates, *partial]
        partial = [h for h in partial if matches(h, filters)]
    facets = facet_counts(candidates, filters)
    if query.sort == "relevance" and scores is not None:
        weights = ranking.Weights.from_settings(getattr(settings, "SEARCH_RANKING_WEIGHTS", None))
        found = ranking.rank(found, weights) + ranking.rank(partial, weights)
    else:  # the chosen order within each part, full matches first
        key = SORTS["popular" if query.sort == "relevance" else query.sort]
        found = sorted(found, key=key) + sorted(partial, key=key)
    partial_from = len(found) - len(partial) if partial else None
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
        did_you_mean=did_you_mean, relaxed=relaxed, partial_from=partial_from,
    )  # fmt: skip


def demo_synonyms_load() -> int:
    """The demo synonym rules (`demo_load`), see search/demo.py."""
    from .demo import synonyms_load

    return synonyms_load()


def demo_popular_load() -> int:
    """The demo popular queries (`demo_load`), see search/demo.py."""
    from .demo import popular_load

    return popular_load()


SUGGEST_FACETS = ("brand", "category")


def suggest(q: str, *, limit: int = 8) -> list[dict]:
    """Autocomplete: brands and categories whose name or pinyin starts with the text, then the
    best products for the text with its last word as a prefix."""
    words = analysis.words(q)
    if not words:
        return []
    selectors.fresh()
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
        selectors.invalidate()  # this process at once, the others once it commits
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
