"""The delivery promise in search: the indexed fastest dispatch, the "ships within 24 h" facet
(filter and counts, storefront and API) and the ranking signal, on the configured database."""

import pytest
from django.utils import timezone

from freeport.catalog.models import SKU
from freeport.inventory import services as inventory
from freeport.inventory.models import StockLot, Warehouse
from freeport.kernel.outbox import outbox_dispatch
from freeport.search import services
from freeport.search.models import SearchDocument

from .test_search import code_of, find, shop  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def warehouse(code: str, hours: int | None, kind=Warehouse.Kind.BONDED) -> Warehouse:
    return Warehouse.objects.create(
        code=code, name_zh=code, name_en=code, kind=kind, province="上海", city="上海",
        customs_area_code="2244", dispatch_hours=hours,
    )  # fmt: skip


def lot(sku_code: str, where: Warehouse, on_hand: int, reserved: int = 0) -> StockLot:
    return StockLot.objects.create(
        sku=SKU.objects.get(code=sku_code), warehouse=where, batch_number=f"B-{where.code}",
        customs_entry_ref="E-1", quantity_on_hand=on_hand, quantity_reserved=reserved,
        received_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def stocked(shop):  # noqa: F811 (the fixture imported above)
    """V1 (the popular, weak honey match) ships from the fast warehouse, H1 (the strong one) only
    from the slow one; S1 from both; C1 from the showroom (never sold, however fast) and a
    warehouse without a promise; F1's fast lot is all reserved; F2 has no stock."""
    fast, slow = warehouse("FAST", 12), warehouse("SLOW", 48)
    unknown = warehouse("UNKNOWN", None)
    showroom = warehouse("SHOW", 1, kind=Warehouse.Kind.SHOWROOM)
    lots = {
        "V1-1": [lot("V1-1", fast, 5)],
        "H1-1": [lot("H1-1", slow, 5)],
        "S1-1": [lot("S1-1", fast, 3), lot("S1-1", slow, 2)],
        "C1-50": [lot("C1-50", showroom, 10), lot("C1-50", unknown, 4)],
        "F1-900": [lot("F1-900", fast, 2, reserved=2), lot("F1-900", slow, 1)],
    }
    services.index_products(SearchDocument.objects.values_list("product_id", flat=True))
    return lots


def promises() -> dict[str, tuple[bool, int | None]]:
    docs = SearchDocument.objects.values_list("product__code", "in_stock", "dispatch_hours")
    return {code: (in_stock, hours) for code, in_stock, hours in docs}


def test_the_document_holds_the_fastest_promise_of_sellable_bonded_stock(stocked):
    assert promises() == {
        "V1": (True, 12),
        "H1": (True, 48),
        "S1": (True, 12),
        "C1": (True, None),  # showroom stock is not sold; the bonded one states no promise
        "F1": (True, 48),  # the fast lot is all reserved
        "F2": (False, None),
    }


def test_ships_24h_filters_and_counts_like_the_other_facets(stocked):
    every = find("")
    assert every.facets.ships_24h == 2 and not every.filters.ships_24h
    fast = find("", ships_24h=True)
    assert set(code_of(fast)) == {"V1", "S1"} and fast.facets.ships_24h == 2
    # The other facets count with ships_24h applied, ships_24h with the others applied.
    categories = fast.facets.values["category"]
    assert (categories["vitamins"], categories["sunscreen"], categories["face-cream"]) == (1, 1, 0)
    assert fast.facets.values["brand"] == {"nordic-sun": 1, "alpine-rose": 1}
    assert fast.facets.values["origin"] == {"NO": 1, "CH": 1}
    vitamins = find("", category="vitamins")
    assert set(code_of(vitamins)) == {"H1", "V1"} and vitamins.facets.ships_24h == 1
    both = find("", category="vitamins", ships_24h=True)
    assert code_of(both) == ["V1"] and both.facets.ships_24h == 1
    assert both.facets.values["category"]["sunscreen"] == 1  # category not applied to itself
    assert find("", origin=["NZ"]).facets.ships_24h == 0  # H1, F1, F2: slow or no stock
    assert find("", origin=["NZ"], ships_24h=True).total == 0
    # With text: the filter applies to the text matches, the count too.
    honey = find("honey", ships_24h=True)
    assert code_of(honey) == ["V1"] and honey.facets.ships_24h == 1
    assert find("honey").facets.ships_24h == 1
    assert find("防晒", ships_24h=True, price_max=300).total == 0  # S1 is 320.00


def test_a_strong_text_match_stays_above_a_weak_one_that_ships_faster(stocked):
    # V1 is in stock, the best seller and ships within 12 h; H1 sells nothing and takes 48 h.
    assert code_of(find("honey")) == ["H1", "V1"]
    assert code_of(find("蜂蜜")) == ["H1", "V1"]


def test_stock_running_out_in_the_fast_warehouse_slows_the_promise(stocked):
    fast_lot = next(x for x in stocked["S1-1"] if x.warehouse.code == "FAST")
    inventory.stock_adjust(lot=fast_lot, delta=-3, reason="damaged in a stock count")
    assert promises()["S1"] == (True, 12)  # the writer's transaction only enqueued the change
    assert outbox_dispatch()["done"] == 1
    assert promises()["S1"] == (True, 48)
    assert set(code_of(find("", ships_24h=True))) == {"V1"}
    assert find("", ships_24h=True).facets.ships_24h == 1
    assert code_of(find("防晒")) == ["S1"]  # still found, just not within 24 h


def test_a_warehouse_promise_change_reindexes_its_products(stocked):
    from freeport.search import events

    Warehouse.objects.filter(code="SLOW").update(dispatch_hours=20)
    events.warehouses_changed(Warehouse.objects.filter(code="SLOW").values_list("id", flat=True))
    assert outbox_dispatch()["done"] == 1
    assert promises()["H1"] == (True, 20) and promises()["F1"] == (True, 20)
    assert promises()["S1"] == (True, 12)  # the other warehouse is still faster
    assert set(code_of(find("", ships_24h=True))) == {"V1", "S1", "H1", "F1"}
    events.warehouses_changed([])  # nothing to do
    assert outbox_dispatch()["done"] == 0


def test_api_filter_and_facet(client, stocked):
    body = client.get("/api/v1/search", {"origin": "NO", "ships_24h": "1"}).json()
    assert body["total"] == 1 and body["items"][0]["title_en"] == "Nordic Sun Vitamin D3 Gummies"
    assert body["facets"]["ships_24h"] == {"hours": 24, "count": 1, "selected": True}
    body = client.get("/api/v1/search", {"origin": "NZ"}).json()
    assert body["total"] == 3
    assert body["facets"]["ships_24h"] == {"hours": 24, "count": 0, "selected": False}
    r = client.get("/api/v1/search", {"ships_24h": "perhaps"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "ships_24h"


def test_storefront_checkbox_keeps_the_filter(client, stocked):
    html = client.get("/search/", {"ships_24h": "1", "sort": "price_asc"}).content.decode()
    assert 'name="ships_24h" value="1" checked' in html
    assert "(2)" in html
    assert '<input type="hidden" name="ships_24h" value="1">' in html  # the sort form keeps it
    assert "阿尔卑斯玫瑰 晚霜" not in html  # C1: showroom and promise-less stock only
    r = client.get("/search/", {"ships_24h": "soon"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="ships_24h-error"' in html and 'aria-invalid="true"' in html
    assert "阿尔卑斯玫瑰 晚霜" in html  # not applied


def test_a_filtered_search_is_not_counted_as_a_new_search(client, stocked):
    from freeport.search.models import SearchQueryStat

    client.get("/search/", {"q": "honey", "ships_24h": "1"})
    assert not SearchQueryStat.objects.filter(query="honey").exists()


@pytest.mark.parametrize(
    "q", ["24小时发货", "蜂蜜 24小时内发货", "ships within 24h", "honey 24 hour shipping"]
)
def test_words_naming_the_24h_promise_become_the_filter(stocked, q):
    result = find(q)
    assert result.filters.ships_24h
    assert ("ships_24h", "1") in {(facet, code) for facet, code, _ in result.understood}
    if q in ("24小时发货", "ships within 24h"):  # only the filter: every product it keeps
        assert set(code_of(result)) == {"V1", "S1"} and result.partial_from is None
    else:  # honey within 24 h; S1 follows as a partial match (the filter alone)
        assert code_of(result)[: result.partial_from] == ["V1"]
    assert not find(q, literal=True).filters.ships_24h  # "search these words literally"


def test_the_understood_24h_filter_shows_as_a_removable_chip(client, stocked):
    html = client.get("/search/", {"q": "蜂蜜 24小时发货"}).content.decode()
    assert 'id="f-ships_24h" name="ships_24h" value="1" checked disabled' in html
    assert "?q=%E8%9C%82%E8%9C%9C" in html  # the chip's link searches 蜂蜜 alone


def test_a_stock_change_refreshes_the_hits_but_keeps_the_vocabulary(stocked):
    from freeport.catalog.models import Product
    from freeport.search import selectors

    vocab, table = selectors.current_vocabulary(), selectors.hit_table()
    fast_lot = next(x for x in stocked["S1-1"] if x.warehouse.code == "FAST")
    inventory.stock_adjust(lot=fast_lot, delta=-3, reason="damaged in a stock count")
    assert outbox_dispatch()["done"] == 1
    assert selectors.current_vocabulary() is vocab  # no word changed: not rebuilt
    fresh = selectors.hit_table()
    assert fresh is not table
    assert fresh.by_id[fast_lot.sku.product_id].dispatch_hours == 48
    # A new title is a text change: the vocabulary is rebuilt too.
    product = Product.objects.get(code="S1")
    Product.objects.filter(pk=product.pk).update(title_en="Coral Reef Mineral Sunscreen")
    services.index_products([product.pk])
    assert selectors.current_vocabulary() is not vocab
    assert code_of(find("coral reef")) == ["S1"]


def test_another_process_writes_are_noticed_at_the_next_search(stocked, monkeypatch):
    """The index written by another process (the Huey consumer's outbox dispatch, another web
    worker) whose cache this one does not share: modelled by an `invalidate` that does not reach
    this process. The next search compares the index's marks and rebuilds what changed."""
    from freeport.catalog.models import Product
    from freeport.search import selectors

    honey = Product.objects.get(code="H1")
    find("honey")
    assert "H1" not in code_of(find("", ships_24h=True))  # builds the facet index: 48 h
    vocab, table = selectors.current_vocabulary(), selectors.hit_table()
    assert table.by_id[honey.pk].dispatch_hours == 48
    monkeypatch.setattr(selectors, "invalidate", lambda **kw: None)  # the other process's
    Warehouse.objects.filter(code="SLOW").update(dispatch_hours=20)
    services.index_products([honey.pk])
    assert table.by_id[honey.pk].dispatch_hours == 48  # nothing told this process yet
    find("honey")
    assert selectors.hit_table() is table  # patched in place, not rebuilt
    assert table.by_id[honey.pk].dispatch_hours == 20
    assert "H1" in code_of(find("", ships_24h=True))  # the facet index was patched too
    assert selectors.current_vocabulary() is vocab  # only a signal changed
    Product.objects.filter(pk=honey.pk).update(title_en="Wildflower Meadow Honey")
    services.index_products([honey.pk])
    assert code_of(find("wildflower")) == ["H1"]
    assert selectors.current_vocabulary() is not vocab
