"""Popular queries: counted from shoppers' searches (race-safe), suggested by prefix, pinyin and
initials, hidden by operators; the suggest API's `popular` key. On the configured database."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.utils import timezone

from freeport.search import selectors, services
from freeport.search.autocomplete import query_spellings
from freeport.search.forms import SynonymForm
from freeport.search.models import SearchQueryStat, ZeroResultQuery
from freeport.search.query import SearchQuery, counts_as_search

pytestmark = pytest.mark.django_db

SUGGEST = "/api/v1/search/suggest"


def stat(query: str) -> SearchQueryStat:
    return SearchQueryStat.objects.get(query=query)


def popular(query: str, count: int, results: int = 5, **extra) -> SearchQueryStat:
    spelling, initials = query_spellings(query)
    return SearchQueryStat.objects.create(
        query=query, count=count, results=results, spelling=spelling, initials=initials, **extra
    )


# --- pure rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, keys",
    [
        ("奶粉", ("naifen", "nf")),
        ("a2 奶粉", ("a2naifen", "a2nf")),
        ("嬰兒奶粉 1段", ("yingernaifen1duan", "yenf1d")),  # traditional, then folded
        ("Ａ２ 奶粉!", ("a2naifen", "a2nf")),  # full-width, punctuation dropped
        ("kiwi gold", ("kiwigold", "")),  # no Chinese: no initials
        ("", ("", "")),
    ],
)
def test_query_spellings(text, keys):
    assert query_spellings(text) == keys


@pytest.mark.parametrize(
    "params, counted",
    [
        ({"q": "奶粉"}, True),
        ({"q": "奶粉", "literal": True}, True),
        ({"q": ""}, False),
        ({"q": "奶粉", "page": 2}, False),
        ({"q": "奶粉", "sort": "price_asc"}, False),
        ({"q": "奶粉", "brand": ["kiwi-gold"]}, False),
        ({"q": "奶粉", "origin": ["NZ"]}, False),
        ({"q": "奶粉", "tag": ["halal"]}, False),
        ({"q": "奶粉", "cert": ["halal"]}, False),
        ({"q": "奶粉", "category": "formula-cow"}, False),
        ({"q": "奶粉", "price_min": "0"}, False),
        ({"q": "奶粉", "price_max": "200"}, False),
    ],
)
def test_what_counts_as_a_search(params, counted):
    assert counts_as_search(SearchQuery(**params)) is counted


# --- counting ------------------------------------------------------------------------------


def test_searches_that_find_products_are_counted(catalog):
    services.search(SearchQuery(q="奶粉"))
    row = stat("奶粉")
    assert (row.count, row.results, row.spelling, row.initials) == (1, 2, "naifen", "nf")
    assert not row.is_hidden and row.first_seen == row.last_seen
    services.search(SearchQuery(q="奶粉"))
    services.search(SearchQuery(q="嬰兒 奶粉"))  # another query: folded, its own row
    row = stat("奶粉")
    assert row.count == 2 and row.last_seen > row.first_seen
    assert stat("婴儿 奶粉").count == 1
    assert not ZeroResultQuery.objects.exists()


def test_zero_results_go_to_the_zero_result_log_only(catalog):
    services.search(SearchQuery(q="Unicorn  sparkle"))
    assert not SearchQueryStat.objects.exists()
    assert ZeroResultQuery.objects.get().query == "unicorn sparkle"


def test_a_query_that_stops_finding_products_is_no_longer_suggested(catalog):
    popular("unicorn", 9)
    services.query_log("Unicorn", total=0)
    row = stat("unicorn")
    assert (row.count, row.results) == (9, 0)
    assert selectors.popular_queries("uni") == []
    services.query_log("unicorn", total=3)
    assert (stat("unicorn").count, stat("unicorn").results) == (10, 3)
    assert selectors.popular_queries("uni") == ["unicorn"]


def test_log_false_counts_nothing(catalog):
    services.search(SearchQuery(q="奶粉"), log=False)
    services.search(SearchQuery(q="zzzz"), log=False)
    assert not SearchQueryStat.objects.exists() and not ZeroResultQuery.objects.exists()


def test_a_concurrent_first_insert_is_counted_not_lost(catalog, monkeypatch):
    """The race: the row did not exist at our UPDATE, another request inserted it before our
    INSERT. The unique key refuses ours inside a savepoint and we update instead (the outer
    transaction stays usable on PostgreSQL)."""
    popular("奶粉", 4, results=2)
    update = QuerySet.update
    missed = []

    def first_update_misses(self, **kwargs):
        if self.model is SearchQueryStat and not missed:
            missed.append(True)
            return 0
        return update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", first_update_misses)
    services.query_log("奶粉", total=2)
    assert missed and stat("奶粉").count == 5
    assert SearchQueryStat.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_searches_count_every_one():
    """Threads, each with its own connection, log the same new query at once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises writers)")
    threads, per_thread, barrier = 8, 5, threading.Barrier(8)
    errors = []

    def run():
        from django.db import connection as own

        try:
            barrier.wait()
            for _ in range(per_thread):
                services.query_log("Kiwi Gold", total=3)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            own.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    assert stat("kiwi gold").count == threads * per_thread


# --- suggesting ----------------------------------------------------------------------------


@pytest.fixture
def stats(db):
    popular("奶粉", 40)
    popular("奶粉 1段", 12)
    popular("a2 奶粉", 25)
    popular("奶瓶", 3)
    popular("奶嘴", 2)  # below the minimum count
    popular("奶 xxx", 90, is_hidden=True)  # hidden by an operator
    popular("奶茶", 70, results=0)  # finds nothing any more
    popular("naive", 8)


def test_popular_queries_by_prefix_pinyin_and_initials(stats):
    assert selectors.popular_queries("奶") == ["奶粉", "奶粉 1段", "奶瓶"]
    assert selectors.popular_queries("奶粉") == ["奶粉", "奶粉 1段"]
    assert selectors.popular_queries("naif") == ["奶粉", "奶粉 1段"]
    assert selectors.popular_queries("nai") == ["奶粉", "奶粉 1段", "naive", "奶瓶"]
    assert selectors.popular_queries("nf") == ["奶粉", "奶粉 1段"]
    assert selectors.popular_queries("nai fen") == ["奶粉", "奶粉 1段"]  # spaces ignored
    assert selectors.popular_queries("NF1") == ["奶粉 1段"]
    assert selectors.popular_queries("A2") == ["a2 奶粉"]
    assert selectors.popular_queries("a2 nai") == ["a2 奶粉"]
    assert selectors.popular_queries("嬭") == []  # nothing starts so
    assert selectors.popular_queries("") == [] and selectors.popular_queries("  ") == []
    assert selectors.popular_queries("奶", limit=2) == ["奶粉", "奶粉 1段"]
    assert selectors.popular_queries("%") == [] and selectors.popular_queries("_") == []


def test_popular_queries_minimum_count_is_a_setting(stats, settings):
    settings.SEARCH_POPULAR_MIN_COUNT = 1
    assert selectors.popular_queries("奶") == ["奶粉", "奶粉 1段", "奶瓶", "奶嘴"]
    settings.SEARCH_POPULAR_MIN_COUNT = 20
    assert selectors.popular_queries("奶") == ["奶粉"]


def test_ties_go_to_the_most_recent(db):
    popular("kiwi", 5, last_seen=timezone.now() - timedelta(days=2))
    popular("kiwi gold", 5)
    assert selectors.popular_queries("kiwi") == ["kiwi gold", "kiwi"]


def test_suggest_api_adds_popular_queries_and_keeps_the_rest(client, catalog, stats):
    before = client.get(SUGGEST, {"q": "nf"}).json()
    assert set(before) == {"q", "suggestions", "popular"}
    assert before["popular"] == [
        {"query": "奶粉", "url": "/search/?q=%E5%A5%B6%E7%B2%89"},
        {"query": "奶粉 1段", "url": "/search/?q=%E5%A5%B6%E7%B2%89+1%E6%AE%B5"},
    ]
    # The suggestions are exactly what they were without popular queries.
    SearchQueryStat.objects.all().delete()
    after = client.get(SUGGEST, {"q": "nf"}).json()
    assert after["suggestions"] == before["suggestions"] and after["popular"] == []
    assert {s["kind"] for s in before["suggestions"]} <= {"brand", "category", "product"}
    assert set(before["suggestions"][0]) == {"kind", "code", "text_zh", "text_en", "url"}


def test_suggest_api_limits_popular_queries(client, catalog):
    for i in range(8):
        popular(f"奶粉 {i}", 10 + i)
    assert len(client.get(SUGGEST, {"q": "奶"}).json()["popular"]) == 5
    body = client.get(SUGGEST, {"q": "奶", "limit": 2}).json()
    assert [p["query"] for p in body["popular"]] == ["奶粉 7", "奶粉 6"]
    assert client.get(SUGGEST, {"q": " "}).json()["popular"] == []


def test_suggestion_requests_are_not_counted(client, catalog):
    client.get(SUGGEST, {"q": "奶粉"})
    assert not SearchQueryStat.objects.exists() and not ZeroResultQuery.objects.exists()


# --- where shoppers search -----------------------------------------------------------------


def test_search_page_counts_new_searches_only(client, catalog):
    assert client.get("/search/", {"q": "奶粉"}).status_code == 200
    assert stat("奶粉").count == 1
    client.get("/search/", {"q": "奶粉", "page": "2"})  # a later page (here: past the last)
    client.get("/search/", {"q": "奶粉", "sort": "price_asc"})  # sorted again
    client.get("/search/", {"q": "奶粉", "brand": "kiwi-gold"})  # narrowed with a facet
    client.get("/search/", {"q": "奶粉", "price_max": "1"})  # narrowed to nothing
    client.get("/search/", {"q": "奶粉"}, headers={"HX-Request": "true"})  # a fragment
    assert stat("奶粉").count == 1
    assert not ZeroResultQuery.objects.exists()
    client.get("/search/", {"q": "naifen"})
    client.get("/search/", {"q": "zzzz qqqq"})
    assert stat("naifen").count == 1
    assert ZeroResultQuery.objects.get().query == "zzzz qqqq"


def test_api_search_counts_new_searches_only(client, catalog):
    client.get("/api/v1/search", {"q": "奶粉"})
    client.get("/api/v1/search", {"q": "奶粉", "page": 2})
    client.get("/api/v1/search", {"q": "奶粉", "origin": "NZ"})
    client.get("/api/v1/search", {"q": "qqqq"})
    assert stat("奶粉").count == 1
    assert ZeroResultQuery.objects.get().query == "qqqq"


# --- operators -----------------------------------------------------------------------------


@pytest.fixture
def operator(db):
    from freeport.console.services import roles_ensure, staff_create

    roles_ensure()
    user = staff_create(username="olivia", password="popular-pass-1", role="operator")
    client = Client()
    client.force_login(user)
    return client


def test_operators_hide_a_popular_query_in_the_admin(operator, stats):
    row = stat("奶粉")
    url = f"/admin/search/searchquerystat/{row.pk}/change/"
    page = operator.get(url)
    assert page.status_code == 200
    assert 'name="is_hidden"' in page.content.decode()
    assert 'name="count"' not in page.content.decode()  # counts are read-only
    response = operator.post(url, {"is_hidden": "on", "count": "999"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.is_hidden and row.count == 40
    assert selectors.popular_queries("奶粉") == ["奶粉 1段"]
    listing = operator.get("/admin/search/searchquerystat/")
    assert listing.status_code == 200 and 'name="form-0-is_hidden"' in listing.content.decode()
    operator.post(
        "/admin/search/searchquerystat/",
        {"action": "show", "_selected_action": [row.pk], "index": 0},
    )
    row.refresh_from_db()
    assert not row.is_hidden


def test_popular_queries_admin_is_for_operators_only(client, stats):
    from django.contrib.auth import get_user_model

    shopper = get_user_model().objects.create_user("shopper", password="x-pass-1")
    client.force_login(shopper)
    response = client.get("/admin/search/searchquerystat/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_synonym_form_checks_targets_too(db):
    assert SynonymForm({"words": "sunblock", "targets": "防晒乳", "is_active": True}).is_valid()
    form = SynonymForm({"words": "sunblock", "targets": "，，", "is_active": True})
    assert not form.is_valid() and "targets" in form.errors
    form = SynonymForm({"words": "sunblock", "targets": "", "is_active": True})
    assert not form.is_valid() and "words" in form.errors
