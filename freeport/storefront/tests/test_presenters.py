"""Pure shopper-facing formatting and filter parsing (no database)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from django.utils import translation

from freeport.inventory.models import Warehouse
from freeport.storefront import presenters
from freeport.storefront.filters import parse_listing_query, query_string
from freeport.storefront.placeholder import (
    PACK_TEXT_WIDTH,
    colour_for,
    fit_text,
    product_svg,
    text_em,
)


@pytest.fixture(params=["zh-hans", "en"])
def lang(request):
    with translation.override(request.param):
        yield request.param


def test_price_label():
    with translation.override("zh-hans"):
        assert presenters.price_label(Decimal("238"), Decimal("238")) == "¥238.00"
        assert presenters.price_label(Decimal("129"), Decimal("238")) == "¥129.00 起"
    with translation.override("en"):
        assert presenters.price_label(Decimal("129"), Decimal("238")) == "from ¥129.00"
        assert presenters.price_label(Decimal("1234.5"), Decimal("1234.5")) == "¥1,234.50"


def test_content_with_conversions():
    assert presenters.content_with_conversions(Decimal("900"), "g") == "900 g ≈ 31.7 oz ≈ 1.98 lb"
    assert presenters.content_with_conversions(Decimal("50.00"), "ml") == "50 ml ≈ 1.7 fl oz"
    assert presenters.content_with_conversions(Decimal("1"), "kg").startswith("1 kg ≈ 35.3 oz")


def test_pieces_are_counted_in_words():
    with translation.override("zh-hans"):
        assert presenters.content_with_conversions(Decimal("30"), "piece") == "30 件"
    with translation.override("en"):
        assert presenters.content_with_conversions(Decimal("30"), "piece") == "30 pieces"
        assert presenters.content_with_conversions(Decimal("1.000"), "piece") == "1 piece"
        assert presenters.net_content(Decimal("750"), "ml") == "750 ml"


def test_price_label_sorted_high_to_low_shows_the_dearest_sku():
    with translation.override("zh-hans"):
        assert presenters.price_label(Decimal("129"), Decimal("238"), "price_desc") == (
            "最高 ¥238.00"
        )
        assert presenters.price_label(Decimal("238"), Decimal("238"), "price_desc") == "¥238.00"
    with translation.override("en"):
        assert presenters.price_label(Decimal("129"), Decimal("238"), "price_desc") == (
            "up to ¥238.00"
        )
        assert presenters.price_label(Decimal("129"), Decimal("238"), "price_asc") == (
            "from ¥129.00"
        )


@pytest.mark.parametrize(
    "name, value, unit, same",
    [
        ("900克", "900", "g", True),
        ("900 g", "900", "g", True),
        ("330毫升", "330", "ml", True),
        ("1.5L", "1.5", "l", True),
        ("1公斤", "1", "kg", True),
        ("900克×3", "2700", "g", False),
        ("15 ml travel size", "15", "ml", False),
        ("银色", "1", "piece", False),
        ("", "1", "piece", False),
    ],
)
def test_variant_names_content(name, value, unit, same):
    assert presenters.variant_names_content(name, Decimal(value), unit) is same


@pytest.mark.parametrize(
    ("days", "zh", "en"),
    [
        (730, "730 天（约 2 年）", "730 days (about 2 years)"),
        (365, "365 天（约 1 年）", "365 days (about 1 year)"),
        (1095, "1095 天（约 3 年）", "1095 days (about 3 years)"),
        (540, "540 天（约 18 个月）", "540 days (about 18 months)"),
        (180, "180 天（约 6 个月）", "180 days (about 6 months)"),
        (45, "45 天", "45 days"),
        (1, "1 天", "1 day"),
        (None, "", ""),
    ],
)
def test_shelf_life_text(days, zh, en):
    with translation.override("zh-hans"):
        assert presenters.shelf_life_text(days) == zh
    with translation.override("en"):
        assert presenters.shelf_life_text(days) == en


def product(**kw):
    base = {"age_min_months": None, "age_max_months": None, "stage_label": ""}
    return SimpleNamespace(**{**base, **kw})


def test_stage_info():
    p = product(age_min_months=12, age_max_months=36, stage_label="Stage 3")
    with translation.override("zh-hans"):
        info = presenters.stage_info(p)
        assert info.age_range == "12–36月龄" and info.pack_stage == "Stage 3"
        assert info.cn_equivalent == "相当于国标 3段 幼儿配方（GB 10767-2021）"
    with translation.override("en"):
        info = presenters.stage_info(p)
        assert info.cn_equivalent == (
            "Equivalent to Chinese national standard Stage 3 young-child formula (GB 10767-2021)"
        )
    with translation.override("en"):
        growing = presenters.stage_info(product(age_min_months=36, stage_label="Stage 4"))
        assert growing.age_range == "36+ months"
        assert growing.cn_equivalent.startswith("No Chinese infant-formula standard")
    assert presenters.stage_info(product()) is None


def test_warehouse_stock_levels():
    bonded = Warehouse(code="b", name_zh="保税仓", name_en="Bonded", kind="bonded")
    show = Warehouse(code="s", name_zh="展厅", name_en="Showroom", kind="showroom")
    rows = [
        {"warehouse": bonded, "available": 11},
        {"warehouse": bonded, "available": 10},
        {"warehouse": bonded, "available": 0},
        {"warehouse": bonded, "available": None},
        {"warehouse": show, "available": 4},
        {"warehouse": show, "available": 0},
    ]
    with translation.override("zh-hans"):
        out = presenters.warehouse_stock(rows)
    assert [r.level for r in out] == ["in", "low", "out", "out", "display", "none"]
    assert out[0].label == "有货" and out[0].hint == "库存 10 件以上"
    assert out[1].label == "库存紧张" and out[1].hint == "仅剩 10 件"
    assert out[2].label == "缺货"
    assert out[4].label == "展厅有展示" and "保税仓发货" in out[4].hint
    assert out[0].name == "保税仓"
    assert [r.promise for r in out] == [""] * 6  # no promise set for this warehouse


def test_warehouse_stock_shows_the_dispatch_promise_where_it_can_ship():
    bonded = Warehouse(code="b", name_zh="保税仓", name_en="Bonded", kind="bonded",
                       dispatch_hours=24)  # fmt: skip
    show = Warehouse(code="s", name_zh="展厅", name_en="Showroom", kind="showroom",
                     dispatch_hours=24)  # fmt: skip
    rows = [{"warehouse": bonded, "available": 3}, {"warehouse": bonded, "available": 0},
            {"warehouse": show, "available": 4}]  # fmt: skip
    with translation.override("zh-hans"):
        zh = presenters.warehouse_stock(rows)
    with translation.override("en"):
        en = presenters.warehouse_stock(rows)
    assert en[0].promise == "Ships within 24 h of payment"
    assert zh[0].promise == "付款后 24 小时内发货"
    assert zh[1].promise == zh[2].promise == ""  # nothing to ship; display stock is not sold


def test_size_guide_rows(lang):
    rows = [{"size": "S", "fits_zh": "小", "fits_en": "small"}, {"size": "M", "fits_zh": "中"},
            {"bad": 1}, "junk"]  # fmt: skip
    expected = [("S", "small"), ("M", "中")] if lang == "en" else [("S", "小"), ("M", "中")]
    assert presenters.size_guide_rows(rows) == expected


def test_initials():
    assert presenters.initials("Kiwi Gold") == "KG"
    assert presenters.initials("a2") == "A2"
    assert presenters.initials("奇异金") == "奇"
    assert presenters.initials("") == "?"


def test_placeholder_svg_is_deterministic_and_escaped():
    a = product_svg(brand_name="A&B <Co>", category_slug="wine", category_name="Wine & beer")
    assert a == product_svg(
        brand_name="A&B <Co>", category_slug="wine", category_name="Wine & beer"
    )
    assert "A&amp;B &lt;Co&gt;" in a and "<Co>" not in a
    assert colour_for("wine") == "#722040"
    assert colour_for("made-up") == colour_for("made-up")


def fits(fitted, width=PACK_TEXT_WIDTH) -> bool:
    return all(text_em(line) * fitted.size <= width for line in fitted.lines)


def brand_fit(name):
    return fit_text(name, width=PACK_TEXT_WIDTH, max_size=20, min_size=13, two_line_size=18)


@pytest.mark.parametrize(
    "name",
    ["Alpenglow Cellulaire", "Viña Los Andes Altos", "Chocolaterie Edelweiss",
     "Bergbrauerei Falkenstein", "Shirayuki Skin Lab", "Abbaye Saint-Aurèle"],
)  # fmt: skip
def test_long_brand_names_wrap_to_two_lines_inside_the_pack(name):
    fitted = brand_fit(name)
    assert len(fitted.lines) == 2 and fits(fitted) and fitted.size >= 16
    assert " ".join(fitted.lines) == name  # nothing lost, broken between words


def test_short_brand_names_stay_on_one_line_at_full_size():
    assert brand_fit("Kaze") == brand_fit("Kaze")
    assert brand_fit("Kaze").lines == ("Kaze",) and brand_fit("Kaze").size == 20
    assert brand_fit("Hartwell & Co.").lines == ("Hartwell & Co.",)
    assert brand_fit("芙瓦丽").lines == ("芙瓦丽",)


def test_brand_names_too_long_for_two_lines_are_cut_with_an_ellipsis():
    long = brand_fit("The Extraordinarily Long Brand Name Company International Limited")
    assert len(long.lines) == 2 and fits(long) and long.size == 13
    assert long.lines[0] == "The Extraordinarily" and long.lines[1].endswith("…")
    word = brand_fit("Supercalifragilisticexpialidocious")  # one word: never split inside it
    assert len(word.lines) == 1 and word.lines[0].endswith("…") and fits(word)
    cjk = brand_fit("阿尔卑斯山之光化妆品国际有限公司")  # CJK may break between any characters
    assert "".join(cjk.lines) == "阿尔卑斯山之光化妆品国际有限公司" and fits(cjk)


def test_placeholder_svg_keeps_long_brand_names_in_the_pack():
    svg = product_svg(
        brand_name="Viña Los Andes Altos", category_slug="wine", category_name="Wine & beer"
    )
    assert ">Viña Los</text>" in svg and ">Andes Altos</text>" in svg
    assert 'font-size="18"' in svg and "Wine &amp; beer" in svg
    assert svg == product_svg(
        brand_name="Viña Los Andes Altos", category_slug="wine", category_name="Wine & beer"
    )


def parse(qs: str, category=None):
    with translation.override("en"):
        return parse_listing_query(QueryDict(qs), category=category, page_size=24)


def test_parse_valid_query():
    parsed = parse(
        "brand=b&brand=a&origin=nz&price_min=10&sort=newest&page=2&category=x", "skincare"
    )
    q = parsed.query
    assert parsed.errors == {}
    assert (q.brand, q.origin, q.price_min) == (["a", "b"], ["NZ"], Decimal("10"))
    assert (q.sort, q.page) == ("newest", 2)
    assert q.category == "skincare"  # from the URL, never from ?category=
    assert parsed.has_filters


def test_parse_bad_values_keeps_the_good_ones():
    parsed = parse("origin=XX&origin=jp&brand=ok&brand=BAD!&price_max=1e999&tag=x&sort=up")
    q = parsed.query
    assert q.origin == ["JP"] and q.brand == ["ok"] and q.price_max is None and q.tag == ["x"]
    assert q.sort == "popular"
    assert set(parsed.errors) == {"origin", "brand", "price", "sort"}
    assert "XX" in parsed.errors["origin"]


def test_parse_price_edge_cases():
    assert parse("price_min=-1").errors["price"].startswith("Minimum price")
    assert parse("price_min=1.999").errors["price"].startswith("Minimum price")
    assert parse("price_max=2000000").errors["price"].startswith("Maximum price")
    both = parse("price_min=abc&price_max=xyz").errors["price"]
    assert "Minimum price" in both and "Maximum price" in both
    inverted = parse("price_min=9&price_max=1")
    assert inverted.query.price_min is None and inverted.query.price_max is None
    assert "higher than the maximum" in inverted.errors["price"]
    assert not parse("").has_filters


def test_query_string_carries_only_validated_filters():
    q = parse("origin=XX&origin=nz&price_min=5&sort=price_desc&page=3").query
    assert query_string(q) == "origin=NZ&price_min=5&sort=price_desc"
    assert query_string(q, page=2).endswith("&page=2")
    assert query_string(parse("").query) == ""
