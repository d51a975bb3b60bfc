"""The fast paths give the same answers as the plain definitions they replace."""

import unicodedata
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Prefetch
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from freeport.catalog import services as catalog_services
from freeport.catalog.demo import demo_rows
from freeport.catalog.models import SKU, Product
from freeport.catalog.selectors import public_products
from freeport.catalog.testing import row_make
from freeport.inventory.models import StockLot, Warehouse
from freeport.search import backends, facets, selectors, services, text
from freeport.search.documents import document_fields
from freeport.search.facets import Filters, Hit, facet_counts, matches
from freeport.search.models import SearchDocument
from freeport.search.plan import Plan
from freeport.search.text import fold


def fold_always_converting(value: str) -> str:
    """`fold` as it was before the fast path: every text with a Chinese character converted."""
    value = unicodedata.normalize("NFKC", value or "")
    if any("\u3400" <= ch <= "\ufaff" for ch in value):
        value = text._t2s().convert(value)
    value = unicodedata.normalize("NFKD", value.lower())
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return text._APOSTROPHES.sub("", unicodedata.normalize("NFC", value))


def test_the_changing_characters_are_known():
    changes = text._t2s_changes()
    assert changes and {"嬰", "護", "膚", "覆"} <= changes  # 覆 only inside 以功覆過 → 以功复过
    assert not {"婴", "奶", "粉", "面", "霜"} & changes


def test_demo_catalog_folds_as_before():
    for row in demo_rows(2026):
        for column in ("title_zh", "description_zh", "ingredients_zh", "variant_zh"):
            assert fold(row[column]) == fold_always_converting(row[column])


ALPHABET = "婴儿奶粉面霜保湿乾隆天干以功覆過嬰兒護膚後髮著乾淨臺灣复过 abcÉé'’-，。"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_fold_equals_always_converting(value):
    assert fold(value) == fold_always_converting(value)


# Facet counts in one pass equal the definition: per facet, the hits matching every other filter.

CODES = st.sampled_from(["a", "b", "c"])
CODE_SETS = st.frozensets(CODES, max_size=2)
PRICES = st.sampled_from([Decimal("0"), Decimal("99.99"), Decimal("100"), Decimal("650"), None])
LOWS = st.sampled_from([Decimal("5"), Decimal("99.99"), Decimal("300"), Decimal("1200")])


@st.composite
def hit_lists(draw):
    out = []
    for pid in range(draw(st.integers(0, 25))):
        codes = [draw(CODES) for _ in range(4)]
        low, spread = draw(LOWS), draw(st.sampled_from([Decimal("0"), Decimal("250")]))
        hours = draw(st.sampled_from([None, 0, 12, 24, 25, 48]))
        out.append(
            Hit(pid, *codes, draw(CODE_SETS), draw(CODE_SETS), low, low + spread,
                dispatch_hours=hours)
        )  # fmt: skip
    return out


@st.composite
def filter_sets(draw):
    low, high = draw(PRICES), draw(PRICES)
    if low is not None and high is not None and low > high:
        low, high = high, low
    category = draw(st.one_of(st.none(), CODES))
    sets = {name: draw(CODE_SETS) for name in ("brand", "origin", "tag", "cert")}
    return Filters(**sets, category=category, price_min=low, price_max=high,
                   ships_24h=draw(st.booleans()))  # fmt: skip


def facet_counts_by_definition(hits, f):
    values = {name: Counter() for name in facets.FACETS}
    for name in facets.FACETS:
        for hit in hits:
            if matches(hit, f, skip=name):
                values[name].update(facets._values(hit, name))
    priced = [h for h in hits if matches(h, f, skip="price")]
    prices = [
        (low, high, sum(1 for h in priced if facets._price_ok(h, low, facets._below(high))))
        for low, high in facets.PRICE_BUCKETS
    ]
    fast = sum(1 for h in hits if matches(h, f, skip="ships_24h") and facets.ships_fast(h))
    return values, prices, fast


@settings(max_examples=400, deadline=None)
@given(hit_lists(), filter_sets())
def test_facet_counts_in_one_pass(hits, f):
    got = facet_counts(hits, f)
    values, prices, fast = facet_counts_by_definition(hits, f)
    assert got.values == values and got.prices == prices and got.ships_24h == fast


# A rebuild analysing in worker processes writes what a serial rebuild writes.

DOCUMENT_FIELDS = [
    f.name for f in SearchDocument._meta.fields if f.name not in ("indexed_at", "texts_at")
]


def index_state() -> tuple[list, dict]:
    docs = list(SearchDocument.objects.order_by("product_id").values_list(*DOCUMENT_FIELDS))
    plan = Plan((frozenset({("奶粉",), ("kiwi",), ("qiyijin",)}),))
    return docs, backends.current().match(plan, limit=1000)


@pytest.fixture
def bigger_catalog(catalog):
    rows = [
        row_make(product_code=f"W{i}", sku_code=f"W{i}-1", title_zh=f"奇异金 婴儿配方奶粉 {i}段",
                 title_en=f"Kiwi Gold Formula No. {i}", tags="grass-fed" if i % 2 else "")
        for i in range(13)
    ]  # fmt: skip
    result = catalog_services.catalog_import(rows=list(enumerate(rows, 1)), status="approved")
    assert result.imported, result.errors


@pytest.mark.django_db
def test_rebuild_in_workers_equals_a_serial_rebuild(bigger_catalog, monkeypatch):
    assert services.index_rebuild(workers=1) == 16
    serial = index_state()
    monkeypatch.setattr(services, "CHUNK", 3)  # 6 chunks, several in the pool at once
    assert services.index_rebuild(workers=2) == 16
    assert index_state() == serial and len(serial[0]) == 16 and serial[1]


@pytest.mark.django_db
def test_rebuild_in_workers_keeps_newer_documents(bigger_catalog, monkeypatch):
    """Between a chunk's reading and its writing, another process reindexes a product and
    delists another: the newer document stays, the delisted product gets none."""
    first, second, *_ = Product.objects.filter(code__startswith="W").order_by("id")
    read, done = services._sources, []

    def sources_then_concurrent_writes(chunk):
        out = read(chunk)
        if first.id in chunk and not done:
            done.append(chunk)
            Product.objects.filter(id=first.id).update(title_en="Renamed Kiwi Formula")
            services.index_products([first.id])
            Product.objects.filter(id=second.id).update(status="rejected")
            services.index_products([second.id])
        return out

    monkeypatch.setattr(services, "CHUNK", 3)
    monkeypatch.setattr(services, "_sources", sources_then_concurrent_writes)
    assert services.index_rebuild(workers=2) == 14  # 16 public, one kept, one delisted
    assert "renam" in SearchDocument.objects.get(product_id=first.id).title
    assert not SearchDocument.objects.filter(product_id=second.id).exists()
    assert SearchDocument.objects.count() == 15


@pytest.mark.django_db
def test_documents_read_as_values_equal_those_of_the_product_objects(bigger_catalog):
    SKU.objects.filter(code="F1-400").update(is_active=False)
    ids = list(Product.objects.values_list("id", flat=True))
    stock = {sku.id: 5 for sku in SKU.objects.filter(code__in=["F1-900", "W3-1"])}
    bonded = Warehouse.objects.create(
        code="QD-1", name_zh="一号仓", name_en="Warehouse 1", kind=Warehouse.Kind.BONDED,
        province="山东省", city="青岛市", customs_area_code="4258", dispatch_hours=24,
    )  # fmt: skip
    StockLot.objects.bulk_create(
        [StockLot(sku_id=sid, warehouse=bonded, batch_number=f"B{sid}", customs_entry_ref="E1",
                  quantity_on_hand=n, received_at=timezone.now()) for sid, n in stock.items()]
    )  # fmt: skip
    products = (
        public_products()
        .filter(id__in=ids)
        .select_related("brand", "category__parent")
        .prefetch_related(
            "tags", "certifications", Prefetch("skus", queryset=SKU.objects.filter(is_active=True))
        )
    )
    expected = []
    for p in products:
        held = any(s.id in stock for s in p.skus.all())
        fields = document_fields(p, in_stock=held, dispatch_hours=24 if held else None)
        expected.append((p.id, fields))
    assert services._analyse(services._sources(ids)) == expected
    assert sum(fields["in_stock"] for _, fields in expected) == 2
    assert sum(fields["dispatch_hours"] == 24 for _, fields in expected) == 2


def matches_as_before(hit, f):
    return (
        (not f.brand or hit.brand in f.brand)
        and (not f.origin or hit.origin in f.origin)
        and f.tag <= hit.tags
        and f.cert <= hit.certs
        and f.category in (None, hit.category, hit.category_root)
        and facets._price_ok(hit, f.price_min, f.price_max)
        and (not f.ships_24h or (hit.dispatch_hours is not None and hit.dispatch_hours <= 24))
    )


@settings(max_examples=300, deadline=None)
@given(hit_lists(), filter_sets())
def test_matches_without_skip_as_before(hits, f):
    for hit in hits:
        assert matches(hit, f) == matches_as_before(hit, f) == (facets._failed(hit, f) == "")


@settings(max_examples=400, deadline=None)
@given(hit_lists(), filter_sets())
def test_indexed_hits_filter_and_count_as_a_pass_over_them(hits, f):
    indexed = facets.HitList(hits)
    indexed.index = facets.FacetIndex(hits)
    assert facets.matching(indexed, f) == [h for h in hits if matches(h, f)]
    got, expected = facet_counts(indexed, f), facet_counts(list(hits), f)
    assert got.values == expected.values and got.prices == expected.prices
    assert got.ships_24h == expected.ships_24h
    indexed += hits[:1]  # changed: no longer the indexed list, counted by a pass
    assert indexed.indexed() is None or not hits


@pytest.mark.django_db
def test_substring_matches_as_the_database_finds_them(bigger_catalog):
    for part in ["奇异金", "kiwi gold", "formula no. 1", "配方奶粉 1", "alpine", "nothing"]:
        rows = SearchDocument.objects.filter(names__contains=part).values_list("product_id")
        expected = [pid for (pid,) in rows[:5]]
        assert list(selectors.substring_matches(part, 5)) == expected


# A facet index patched in place (another process re-indexed some products' signals) equals an
# index built from the new list.


def facet_index_state(index: facets.FacetIndex) -> tuple:
    return (index.values, index.buckets, index.by_min, index.mins, index.by_max, index.maxes,
            index.fast, index.totals)  # fmt: skip


@given(hit_lists(), st.data())
def test_a_patched_facet_index_equals_a_rebuilt_one(hits, data):
    if not hits:
        return
    index = facets.FacetIndex(list(hits))  # its own list, replaced in place below
    changed = []
    for i in data.draw(st.sets(st.integers(0, len(hits) - 1), max_size=len(hits))):
        old = index.hits[i]
        codes = [data.draw(CODES) for _ in range(4)]
        low = data.draw(LOWS)
        new = Hit(old.product_id, *codes, data.draw(CODE_SETS), data.draw(CODE_SETS), low,
                  low + data.draw(st.sampled_from([Decimal("0"), Decimal("250")])),
                  dispatch_hours=data.draw(st.sampled_from([None, 12, 24, 48])))  # fmt: skip
        index.hits[i] = new
        changed.append((i, old, new))
    index.replace(changed)
    assert facet_index_state(index) == facet_index_state(facets.FacetIndex(list(index.hits)))
    for f in (Filters(), Filters(brand=frozenset({"a"})), Filters(price_min=Decimal("100")),
              Filters(ships_24h=True, tag=frozenset({"b"}))):  # fmt: skip
        assert index.matching(f) == [h for h in index.hits if matches(h, f)]
