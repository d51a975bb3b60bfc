"""Analysis rules, no database: folding, segmentation, pinyin, synonyms, typos, understanding."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from freeport.kernel.countries import COUNTRIES
from freeport.search import analysis, autocomplete, plan, ranking, synonyms, typos, vocabulary
from freeport.search.backends import PostgresFullText, SqliteFts5
from freeport.search.facets import Filters, Hit, facet_counts, matches
from freeport.search.text import fold
from freeport.search.understanding import understand

VOCAB_DATA = dict(
    brands=[("kiwi-gold", "奇异金", "Kiwi Gold"), ("alpine-rose", "阿尔卑斯玫瑰", "Alpine Rose")],
    categories=[("face-cream", "面霜", "Face cream"),
                ("formula-cow", "牛奶粉", "Cow's milk formula"), ("skincare", "护肤", "Skincare")],
    tags=[("fragrance-free", "无香精", "Fragrance-free"),
          ("sensitive-skin", "敏感肌适用", "For sensitive skin")],
    certs=[("halal", "清真认证", "Halal")],
    countries=COUNTRIES,
    ingredients=["脱脂乳，乳清蛋白，植物油"],
    titles=["Kiwi Gold Infant Formula Stage 1", "Alpine Rose Night Cream"],
)  # fmt: skip


def vocab(known=()):
    return vocabulary.build(**VOCAB_DATA, known=known)


def test_fold_width_case_traditional_and_accents():
    assert fold("ＫＩＷＩ　Ｇｏｌｄ１２３") == "kiwi gold123"
    assert fold("嬰兒奶粉 護膚") == "婴儿奶粉 护肤"
    assert fold("Crème Brûlée") == "creme brulee"
    assert fold("Cow's milk") == "cows milk"


def test_english_is_stemmed_and_stop_words_dropped():
    got = analysis.terms("Creams for Sensitive Skin", for_index=False)
    assert got == ["cream", "sensit", "skin"]
    assert analysis.terms("A2 protein 900g") == ["a2", "protein", "900g"]


def test_domain_dictionary_keeps_catalog_words_whole():
    names = ["无香精", "Fragrance-free", "脱脂乳，乳清蛋白，植物油", "奇异金"]
    words = analysis.domain_words(names)
    assert {"无香精", "脱脂乳", "乳清蛋白", "植物油", "奇异金"} <= words
    analysis.add_words(words)
    assert [w.text for w in analysis.words("无香精面霜")] == ["无香精", "面霜"]
    assert "奇异金" in [w.text for w in analysis.words("奇异金婴儿奶粉")]


def test_index_form_also_emits_the_parts_of_long_words():
    terms = analysis.terms("婴儿配方奶粉")
    assert {"婴儿", "配方", "奶粉"} <= set(terms)


def test_index_form_also_emits_the_letters_of_a_code():
    assert analysis.terms("Vitamin D3 SPF50 a2", for_index=True) == [
        "vitamin",
        "d3",
        "d",
        "spf50",
        "spf",
        "a2",
    ]  # fmt: skip ("a" is a stop word)
    assert analysis.terms("vitamin d3", for_index=False) == ["vitamin", "d3"]


def test_pinyin_and_initials():
    assert analysis.pinyin("奶粉") == ("naifen", "nf")
    terms = analysis.pinyin_terms("奇异金 婴儿配方奶粉")
    assert {"naifen", "nf", "yinger", "ye"} <= set(terms)


def test_synonyms_two_way_and_one_way():
    table = synonyms.compile_rules([
        synonyms.Rule(("抗衰老", "anti aging", "抗老")),
        synonyms.Rule(("sunblock",), ("sunscreen", "防晒")),
    ])  # fmt: skip
    assert table[("抗老",)] == {("抗衰老",), ("anti", "age"), ("抗老",)}
    assert table[("anti", "age")] == table[("抗衰老",)]
    assert table[("sunblock",)] == {("sunblock",), ("sunscreen",), ("防晒",)}
    assert ("sunscreen",) not in table  # one way only


def test_a_chinese_synonym_typed_in_pinyin_finds_the_same():
    table = synonyms.compile_rules([synonyms.Rule(("红酒", "干红", "red wine"))])
    assert table[("hongjiu",)] == table[("红酒",)] | {("红酒",)}
    assert ("ganhong",) in table and ("red", "wine") in table


def test_a_synonym_of_single_characters_is_not_merged_away():
    # jieba splits an unknown word into characters; the rule's phrase is those characters.
    table = synonyms.compile_rules([synonyms.Rule(("杏仁", "巴旦木"))])
    ws = analysis.words("巴旦木")
    assert len(ws) == 3
    built = plan.build(ws, vocabulary.build(known={"杏仁"}), table)
    assert ("杏仁",) in built.groups[0]


def test_typos_within_edit_distance_only():
    words = ["kiwi", "alpine", "murray", "valley"]
    assert typos.correct("alpne", words) == "alpine"
    assert typos.correct("murrey", words) == "murray"
    assert typos.correct("kiw", words) is None  # too short to guess
    assert typos.correct("zzzzzz", words) is None
    assert typos.correct("alpine", words) is None  # already right
    assert typos.correct("vallye", words) == "valley"


def test_query_understanding_turns_facet_names_into_filters():
    v = vocab()
    got = understand(analysis.words("无香精 面霜 日本"), v.names)
    assert got.filters == {"tag": ["fragrance-free"], "category": ["face-cream"], "origin": ["JP"]}
    assert got.rest == []
    got = understand(analysis.words("Kiwi Gold formula new zealand"), v.names)
    assert got.filters == {"brand": ["kiwi-gold"], "origin": ["NZ"]}
    assert [w.text for w in got.rest] == ["formula"]
    got = understand(analysis.words("night cream for sensitive skin"), v.names)
    assert got.filters == {"tag": ["sensitive-skin"]}


def test_plan_adds_fallbacks_only_for_unknown_words():
    v = vocab(known={"奶粉", "kiwi", "gold", "cream"})
    p = plan.build(analysis.words("kiwi gld"), v, {})
    assert p.groups[0] == {("kiwi",)}
    assert p.groups[1] == {("gld",)}  # three letters: too short to guess
    p = plan.build(analysis.words("kiwi golld"), v, {})
    assert p.groups[1] == {("golld",), ("gold",)} and p.corrections == {"golld": "gold"}
    # A Chinese typo: the homophone the index knows (an IME picked the wrong character).
    p = plan.build(analysis.words("奶份"), v, {})
    assert ("奶粉",) in p.groups[0] and p.corrections == {"奶份": "奶粉"}
    assert plan.suggestion(analysis.words("奶份"), v, p.corrections) == "奶粉"


def test_plan_prefix_for_autocomplete():
    p = plan.build(analysis.words("naif"), vocab(), {}, prefix=True)
    assert ("nai*",) in p.groups[0]


def test_backend_expressions_quote_every_term():
    p = plan.Plan(groups=(frozenset({("奶粉",), ("nai*",)}), frozenset({("a", "b")})))
    assert SqliteFts5().expression(p) == '(("nai"*) OR ("奶粉")) AND (("a" AND "b"))'
    pg = PostgresFullText().expression(p, any_group=True)
    assert pg == "(('nai':*) | ('奶粉')) | (('a' & 'b'))"
    hostile = plan.Plan(groups=(frozenset({('x" OR "y',), ("ok",)}),))
    assert SqliteFts5().expression(hostile) == '(("ok"))'  # not a term analysis could produce


def _hit(pid, **kw):
    base = dict(brand="b1", category="face-cream", category_root="skincare", origin="JP",
                tags=frozenset(), certs=frozenset(), price_min=Decimal("100"),
                price_max=Decimal("100"))  # fmt: skip
    return Hit(pid, **{**base, **kw})


def test_facet_counts_apply_the_other_filters():
    hits = [
        _hit(1, brand="a", origin="JP", tags=frozenset({"fragrance-free"})),
        _hit(2, brand="a", origin="KR"),
        _hit(3, brand="b", origin="JP", tags=frozenset({"fragrance-free"}),
             price_min=Decimal("500"), price_max=Decimal("700")),
    ]  # fmt: skip
    f = Filters(brand=frozenset({"a"}), origin=frozenset({"JP"}))
    counts = facet_counts(hits, f)
    assert counts.values["brand"] == {"a": 1, "b": 1}  # origin JP applied, brand not
    assert counts.values["origin"] == {"JP": 1, "KR": 1}  # brand a applied, origin not
    assert counts.values["tag"] == {"fragrance-free": 1}
    assert [h.product_id for h in hits if matches(h, f)] == [1]
    assert [c for _, _, c in facet_counts(hits, Filters()).prices] == [0, 2, 1, 1, 0]
    assert matches(hits[2], Filters(price_min=Decimal("600"), price_max=Decimal("650")))


def test_popular_weak_match_never_outranks_a_strong_match():
    strong = _hit(1, score=10.0, sales_count=0, in_stock=False)
    weak = _hit(2, score=2.0, sales_count=100_000, in_stock=True, dispatch_hours=6)
    assert [h.product_id for h in ranking.rank([weak, strong], ranking.Weights())] == [1, 2]
    # Among near-equal text matches the business signals decide.
    close = _hit(3, score=9.8, sales_count=5_000, in_stock=True)
    assert [h.product_id for h in ranking.rank([strong, close], ranking.Weights())] == [3, 1]


def test_delivery_promise_decides_between_equal_matches():
    slow = _hit(1, score=10.0, in_stock=True, dispatch_hours=48)
    fast = _hit(2, score=10.0, in_stock=True, dispatch_hours=24)
    unknown = _hit(3, score=10.0, in_stock=True, dispatch_hours=None)
    order = ranking.rank([unknown, slow, fast], ranking.Weights())
    assert [h.product_id for h in order] == [2, 1, 3]
    assert [ranking.delivery(h) for h in (0, 12, 24, 48, 72, None)] == [1, 1, 1, 0.5, 1 / 3, 0]
    off = ranking.Weights.from_settings({"delivery": 0})
    assert [h.product_id for h in ranking.rank([unknown, slow, fast], off)] == [1, 2, 3]


def test_configured_weights_are_capped():
    w = ranking.Weights.from_settings({"in_stock": 5, "popularity": 5, "delivery": 10, "rating": 5})
    assert abs(w.in_stock + w.popularity + w.delivery + w.rating - ranking.MAX_BOOST) < 1e-9
    assert abs(w.delivery - 2 * w.in_stock) < 1e-9  # in proportion
    assert sum(ranking.DEFAULT_WEIGHTS.values()) <= ranking.MAX_BOOST


RATINGS = st.integers(0, 500).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(n, 5 * n))  # n reviews, stars within 1..5 each
)


@given(
    st.lists(
        st.tuples(st.floats(0.01, 100), st.integers(0, 10**6), st.booleans(),
                  st.one_of(st.none(), st.integers(0, 720)), RATINGS),
        min_size=2, max_size=20,
    ),
    st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1),
)  # fmt: skip
def test_ranking_bound_holds_for_any_signals(rows, stock_w, pop_w, delivery_w, rating_w):
    weights = ranking.Weights.from_settings(
        {"in_stock": stock_w, "popularity": pop_w, "delivery": delivery_w, "rating": rating_w}
    )
    hits = [
        _hit(i, score=s, sales_count=n, in_stock=b, dispatch_hours=d, rating_count=rc,
             rating_stars=rs)
        for i, (s, n, b, d, (rc, rs)) in enumerate(rows)
    ]  # fmt: skip
    best = max(h.score for h in hits)
    order = [h.product_id for h in ranking.rank(hits, weights)]
    for a in hits:
        for b in hits:
            if (a.score - b.score) / best > ranking.MAX_BOOST + 1e-9:
                assert order.index(a.product_id) < order.index(b.product_id)


@given(RATINGS, RATINGS)
def test_rating_signal_is_bounded_and_ordered_by_average_at_equal_counts(a, b):
    for count, stars in (a, b):
        assert 0 <= ranking.rating(count, stars) <= 1
    if a[0] == b[0] and a[1] > b[1]:  # as many reviews, more stars
        assert ranking.rating(*a) > ranking.rating(*b)
    assert ranking.rating(0, 0) == ranking.UNRATED == (ranking.RATING_PRIOR_MEAN - 1) / 4


def test_rating_decides_between_equal_matches_but_few_reviews_count_little():
    many_good = _hit(1, score=10.0, rating_count=200, rating_stars=960)  # 4.8 on 200
    one_five = _hit(2, score=10.0, rating_count=1, rating_stars=5)
    unrated = _hit(3, score=10.0)
    poor = _hit(4, score=10.0, rating_count=20, rating_stars=40)  # 2.0 on 20
    order = ranking.rank([poor, unrated, one_five, many_good], ranking.Weights())
    assert [h.product_id for h in order] == [1, 2, 3, 4]
    assert ranking.rating(1, 5) - ranking.UNRATED < 0.05  # one review barely moves it
    # Switched off, the rating decides nothing: a well-rated product with a higher id falls back
    # behind the unrated one (the id breaks the tie), as it rises above it with the signal on.
    rated_late = _hit(9, score=10.0, rating_count=200, rating_stars=960)
    off = ranking.Weights.from_settings({"rating": 0})
    assert [h.product_id for h in ranking.rank([rated_late, unrated], off)] == [3, 9]
    assert [h.product_id for h in ranking.rank([rated_late, unrated], ranking.Weights())] == [9, 3]
    # A much better text match stays above the best-rated weak one.
    strong = _hit(5, score=10.0, rating_count=30, rating_stars=30)  # 1 star on 30
    weak = _hit(6, score=6.0, rating_count=500, rating_stars=2500)  # 5 stars on 500
    assert [h.product_id for h in ranking.rank([weak, strong], ranking.Weights())] == [5, 6]


def test_autocomplete_names_by_prefix_pinyin_and_initials():
    v = vocab()
    codes = lambda prefix: [row[1] for row in autocomplete.names(prefix, v, ("brand", "category"))]  # noqa: E731
    assert codes("kiwi") == ["kiwi-gold"]
    assert codes("qiyi") == ["kiwi-gold"]
    assert codes("qyj") == ["kiwi-gold"]
    assert codes("奇异") == ["kiwi-gold"]
    assert "formula-cow" in codes("nnf")
