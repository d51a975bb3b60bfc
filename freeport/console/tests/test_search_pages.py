"""Console page of zero-result queries: operators only, "finds now", a synonym rule per query
(validated, audited, nothing changed on bad input), dismiss."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from freeport.kernel.models import AuditLog
from freeport.search import selectors
from freeport.search.models import SearchQueryStat, Synonym, ZeroResultQuery
from freeport.search.query import SearchQuery
from freeport.search.services import search

LIST = reverse("console:search_zero_results")


def synonym_url(row):
    return reverse("console:search_synonym_add", args=[row.pk])


def dismiss_url(row):
    return reverse("console:search_zero_dismiss", args=[row.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def finds(q: str) -> int:
    return search(SearchQuery(q=q), log=False).total


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    selectors.forget(texts=True)
    yield
    selectors.forget(texts=True)


@pytest.fixture
def zero_rows(db):
    """Three zero-result queries to look at and a dismissed one."""
    make = ZeroResultQuery.objects.create
    return {
        "sunblock": make(query="sunblock", count=7),
        "独角兽": make(query="独角兽", count=2),
        "kiwi": make(query="kiwi", count=4),
        "old": make(query="old thing", count=50, dismissed_at=timezone.now()),
    }


@pytest.fixture
def zero(catalog, zero_rows):
    """With the small catalog: "kiwi" finds products now (say, since a listing went live)."""
    return zero_rows


# --- who may enter -------------------------------------------------------------------------


def posts(zero):
    row = zero["sunblock"]
    return [
        (synonym_url(row), {"words": "sunblock, 晚霜", "targets": ""}),
        (dismiss_url(row), {}),
    ]


def test_operators_see_the_page(login, operator, zero):
    assert login(operator).get(LIST).status_code == 200


def test_merchant_staff_and_shoppers_get_403(login, kiwi_staff, shopper, zero_rows):
    for user in (kiwi_staff, shopper):
        client = login(user)
        assert client.get(LIST).status_code == 403, user
        for url, data in posts(zero_rows):
            assert client.post(url, data).status_code == 403, (user, url)
    assert not Synonym.objects.exists() and not AuditLog.objects.exists()
    assert not ZeroResultQuery.objects.filter(query="sunblock", dismissed_at__isnull=False)


def test_anonymous_visitors_are_sent_to_log_in(client, zero):
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    for url, data in posts(zero):
        assert client.post(url, data).status_code == 302
    assert not Synonym.objects.exists() and not AuditLog.objects.exists()


def test_csrf_is_enforced(operator, zero):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    for url, data in posts(zero):
        assert client.post(url, data).status_code == 403, url
    assert not Synonym.objects.exists() and not AuditLog.objects.exists()


def test_writes_are_post_only_and_unknown_queries_404(login, operator, zero):
    client = login(operator)
    assert client.get(synonym_url(zero["sunblock"])).status_code == 405
    assert client.get(dismiss_url(zero["sunblock"])).status_code == 405
    assert client.post("/console/search/zero-results/999999/dismiss/").status_code == 404
    data = {"words": "a, b"}
    assert client.post("/console/search/zero-results/999999/synonym/", data).status_code == 404


def test_dashboard_links_to_the_page_for_operators_only(login, operator, kiwi_staff):
    html = login(operator).get(reverse("console:dashboard")).content.decode()
    assert f'href="{LIST}"' in html
    assert 'href="/admin/search/searchquerystat/"' in html
    html = login(kiwi_staff).get(reverse("console:dashboard")).content.decode()
    assert "/console/search/" not in html


# --- the list ------------------------------------------------------------------------------


def test_list_by_count_with_what_they_find_now(login, operator, zero):
    response = login(operator).get(LIST)
    rows = response.context["rows"]
    assert [r.query.query for r in rows] == ["sunblock", "kiwi", "独角兽"]  # dismissed: gone
    found = {r.query.query: r.found for r in rows}
    assert found["sunblock"] == 0 and found["kiwi"] == finds("kiwi") > 0
    html = response.content.decode()
    assert "3 queries" in html and "nothing yet" in html
    assert 'href="/search/?q=kiwi"' in html
    assert 'value="sunblock"' in html  # the rule's words start with the query
    # looking never counts as a search
    assert not SearchQueryStat.objects.exists()
    assert ZeroResultQuery.objects.get(query="sunblock").count == 7


def test_list_is_paginated(login, operator, catalog):
    for i in range(30):
        ZeroResultQuery.objects.create(query=f"q{i:02d}", count=100 - i)
    client = login(operator)
    first = client.get(LIST).context["rows"]
    assert len(first) == 25 and first[0].query.query == "q00"
    second = client.get(LIST, {"page": 2})
    assert [r.query.query for r in second.context["rows"]] == [f"q{i}" for i in range(25, 30)]
    assert client.get(LIST, {"page": "x"}).status_code == 200


def test_empty_list(login, operator, db):
    html = login(operator).get(LIST).content.decode()
    assert "No zero-result query to look at." in html


# --- add a synonym rule --------------------------------------------------------------------


def test_adding_a_synonym_rule_makes_the_query_find_products(login, operator, zero):
    assert finds("sunblock") == 0
    row = zero["sunblock"]
    response = login(operator).post(
        synonym_url(row), {"words": "sunblock", "targets": "晚霜", "page": "1"}, follow=True
    )
    assert response.redirect_chain[-1] == (LIST, 302)
    rule = Synonym.objects.get()
    assert (rule.words, rule.targets, rule.is_active) == ("sunblock", "晚霜", True)
    assert messages_of(response) == [
        "Synonym rule “sunblock → 晚霜” added. “sunblock” now finds 1 product."
    ]
    assert finds("sunblock") == 1
    shown = {r.query.query: r.found for r in response.context["rows"]}
    assert shown["sunblock"] == 1
    audit = AuditLog.objects.get()
    assert (audit.action, audit.object_type, audit.object_id) == (
        "search.synonym_add", "search.synonym", str(rule.pk),
    )  # fmt: skip
    assert audit.actor == operator and audit.reason == f"zero-result query #{row.pk}"
    assert "sunblock" not in audit.reason  # shopper text stays out of the audit log


def test_two_way_rule(login, operator, zero):
    login(operator).post(synonym_url(zero["sunblock"]), {"words": "sunblock， 晚霜"})
    assert Synonym.objects.get().two_way and finds("sunblock") == 1 and finds("晚霜") == 1


def test_back_to_the_same_page(login, operator, catalog):
    rows = [ZeroResultQuery.objects.create(query=f"q{i:02d}", count=100 - i) for i in range(30)]
    client = login(operator)
    response = client.post(synonym_url(rows[27]), {"words": "q27, 晚霜", "page": "2"})
    assert response.status_code == 302 and response.url == f"{LIST}?page=2"
    response = client.post(dismiss_url(rows[28]), {"page": "2"})
    assert response.url == f"{LIST}?page=2"
    assert client.post(dismiss_url(rows[29]), {"page": "bogus"}).url == LIST


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"words": "sunblock", "targets": ""}, "words", "A two-way rule needs at least two words."),
        ({"words": "", "targets": "晚霜"}, "words", "This field is required."),
        ({"words": "!!!, ???", "targets": ""}, "words", "Enter words or phrases separated by"),
        ({"words": "sunblock", "targets": "，，"}, "targets", "Enter words or phrases separated"),
        ({"words": "x" * 301, "targets": ""}, "words", "at most 300 characters"),
    ],
)
def test_bad_input_changes_nothing(login, operator, zero, data, field, message):
    row = zero["sunblock"]
    response = login(operator).post(synonym_url(row), data)
    assert response.status_code == 400
    assert not Synonym.objects.exists() and not AuditLog.objects.exists()
    form = next(r.form for r in response.context["rows"] if r.query.pk == row.pk)
    assert message in " ".join(form.errors[field])
    assert messages_of(response) == [
        "The synonym rule for “sunblock” was not added: see the error in its row."
    ]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    if data["words"]:
        assert f'value="{data["words"]}"' in html  # what the operator typed is kept
    assert finds("sunblock") == 0


def test_bad_input_error_in_chinese(operator, zero):
    client = Client()  # no language cookie: the site's default, zh-Hans
    client.force_login(operator)
    response = client.post(synonym_url(zero["sunblock"]), {"words": "sunblock"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "双向规则至少需要两个词" in html
    assert "“sunblock”的同义词规则未添加" in html
    assert not Synonym.objects.exists()


# --- dismiss -------------------------------------------------------------------------------


def test_dismiss_takes_a_query_off_the_list(login, operator, zero):
    client = login(operator)
    row = zero["独角兽"]
    response = client.post(dismiss_url(row), follow=True)
    assert messages_of(response) == ["“独角兽” was dismissed."]
    assert [r.query.query for r in response.context["rows"]] == ["sunblock", "kiwi"]
    row.refresh_from_db()
    assert row.dismissed_at is not None and row.count == 2  # kept, still counting
    audit = AuditLog.objects.get()
    assert (audit.action, audit.object_id, audit.actor) == (
        "search.zero_result_dismiss", str(row.pk), operator,
    )  # fmt: skip
    client.post(dismiss_url(row))  # twice: nothing more recorded
    assert AuditLog.objects.count() == 1
    search(SearchQuery(q="独角兽"))  # shoppers search it again: counted, still off the list
    row.refresh_from_db()
    assert row.count == 3 and row.dismissed_at is not None


def test_admin_lists_a_dismissed_query_again(login, operator, zero):
    row = zero["old"]
    client = login(operator)
    changelist = reverse("admin:search_zeroresultquery_changelist")
    client.post(changelist, {"action": "list_again", "_selected_action": [row.pk], "index": 0})
    row.refresh_from_db()
    assert row.dismissed_at is None
    assert "old thing" in [r.query.query for r in client.get(LIST).context["rows"]]


def test_bad_input_for_a_query_on_another_page_still_shows_its_error(login, operator, catalog):
    rows = [ZeroResultQuery.objects.create(query=f"q{i:02d}", count=100 - i) for i in range(30)]
    response = login(operator).post(synonym_url(rows[28]), {"words": "q28", "page": "1"})
    assert response.status_code == 400
    shown = [r.query.query for r in response.context["rows"]]
    assert shown[0] == "q28" and len(shown) == 26
    assert response.context["rows"][0].form.errors["words"]
