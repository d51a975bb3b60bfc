"""Tax engine: the worked examples of cbec-rules.md §10, tables of cases, and properties."""

from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from freeport.customs.tax import (
    ConsumptionTaxRule,
    LineInput,
    Measure,
    OrderInput,
    TaxInputError,
    allocate,
    quote,
)

NONE = ConsumptionTaxRule()
WINE_CT = ConsumptionTaxRule("ad_valorem", D("0.10"))
COSMETIC_CT = ConsumptionTaxRule("high_end_cosmetic", D("0.15"))
BEER_CT = ConsumptionTaxRule("specific", amount=D("0.253"), per=Measure(D("1"), "l"))
BAIJIU_CT = ConsumptionTaxRule("compound", D("0.20"), D("0.50"), Measure(D("500"), "ml"))


def line(price, qty=1, vat="0.13", tariff="0", ct=NONE, content=None, name=""):
    return LineInput(D(price), qty, D(vat), D(tariff), ct, content, name=name)


def order(*lines, freight="0", insurance="0", discount="0", used="0"):
    return OrderInput(tuple(lines), D(freight), D(insurance), D(discount), D(used))


# ------------------------------------------------------------- cbec-rules.md §10 worked examples


def test_example_a_plain_item():
    q = quote(order(line("100.00")))
    assert q.regime == "cbec"
    assert (q.totals["vat"], q.totals["tax"], q.totals["payable"]) == (
        D("9.10"),
        D("9.10"),
        D("109.10"),
    )


def test_example_b_wine():
    q = quote(order(line("180.00", ct=WINE_CT)))
    assert (q.totals["consumption_tax"], q.totals["vat"], q.totals["tax"]) == (
        D("14.00"), D("18.20"), D("32.20"),
    )  # fmt: skip
    assert q.lines[0].statutory_consumption_tax == D("20.00")
    assert q.lines[0].statutory_vat == D("26.00")


def test_example_c_high_end_cosmetic():
    q = quote(order(line("850.00", ct=COSMETIC_CT, content=Measure(D("30"), "ml"))))
    assert q.lines[0].high_end is True
    assert (q.totals["consumption_tax"], q.totals["vat"], q.totals["tax"]) == (
        D("105.00"), D("91.00"), D("196.00"),
    )  # fmt: skip


def test_example_d_two_units_with_freight():
    q = quote(order(line("250.00", qty=2), freight="20.00"))
    assert q.totals["dutiable_value"] == D("520.00")
    assert q.totals["tax"] == D("47.32")


def test_example_e_single_item_over_limit_pays_full_tax():
    q = quote(order(line("6000.00", tariff="0.08")))
    assert q.regime == "cbec_full_tax"
    assert (q.totals["tariff"], q.totals["vat"], q.totals["tax"]) == (
        D("480.00"), D("842.40"), D("1322.40"),
    )  # fmt: skip
    assert q.quota["remaining_after"] == D("20000.00")  # counts toward the annual total


def test_example_f_annual_limit():
    q = quote(order(line("200.00"), used="25900.00"))
    assert (q.regime, q.reason) == ("refused", "annual_limit")
    assert q.quota["remaining"] == D("100.00")
    assert q.lines == ()


# ------------------------------------------------------------- more rules


@pytest.mark.parametrize(
    "lines, regime, reason",
    [
        ([line("5000.00")], "cbec", None),  # exactly the limit is within it
        ([line("5000.01")], "cbec_full_tax", None),
        ([line("2600.00", qty=2)], "refused", "single_limit"),  # two units are two items
        ([line("3000.00"), line("2500.00")], "refused", "single_limit"),
        ([line("4990.00")], "cbec", None),
    ],
)
def test_regimes(lines, regime, reason):
    q = quote(order(*lines))
    assert (q.regime, q.reason) == (regime, reason)


def test_freight_pushes_a_single_item_over_the_limit():
    assert quote(order(line("4990.00"), freight="20.00")).regime == "cbec_full_tax"


def test_annual_limit_is_checked_before_the_single_limit():
    q = quote(order(line("3000.00"), line("3000.00"), used="22000.00"))
    assert q.reason == "annual_limit"


def test_annual_limit_boundary():
    assert quote(order(line("100.00"), used="25900.00")).regime == "cbec"
    assert quote(order(line("100.01"), used="25900.00")).regime == "refused"


def test_discount_lowers_payable_not_dutiable_value():
    plain = quote(order(line("300.00")))
    coupon = quote(order(line("300.00"), discount="50.00"))
    assert coupon.totals["dutiable_value"] == plain.totals["dutiable_value"] == D("300.00")
    assert coupon.totals["tax"] == plain.totals["tax"] == D("27.30")
    assert coupon.totals["payable"] == plain.totals["payable"] - D("50.00") == D("277.30")


def test_cosmetic_below_threshold_pays_no_consumption_tax():
    q = quote(order(line("120.00", ct=COSMETIC_CT, content=Measure(D("50"), "ml"))))
    assert q.lines[0].high_end is False
    assert q.totals["consumption_tax"] == 0
    assert q.totals["tax"] == D("10.92")


def test_cosmetic_threshold_per_piece_and_with_freight():
    masks = line("140.00", ct=COSMETIC_CT, content=Measure(D("10"), "piece"))  # 14.00 a piece
    assert quote(order(masks)).lines[0].high_end is False
    assert quote(order(masks, freight="10.00")).lines[0].high_end is True  # 15.00 with freight (D4)


def test_beer_specific_per_litre():
    # 24 cans of 500 ml = 12 L; CT 12 × 0.253 = 3.036 statutory; × 0.7 = 2.1252 -> 2.13
    q = quote(order(line("120.00", qty=1, ct=BEER_CT, content=Measure(D("12000"), "ml"))))
    assert q.lines[0].statutory_consumption_tax == D("3.04")
    assert q.totals["consumption_tax"] == D("2.13")
    # VAT = (120 + 3.036) × 0.13 × 0.7 = 11.19628 -> 11.20
    assert q.totals["vat"] == D("11.20")


def test_baijiu_compound():
    # 1 bottle 500 ml at 300: S = 0.50; CT = (300 + 0.5)/0.8 × 0.2 + 0.5 = 75.625
    q = quote(order(line("300.00", ct=BAIJIU_CT, content=Measure(D("500"), "ml"))))
    assert q.lines[0].statutory_consumption_tax == D("75.63")
    assert q.totals["consumption_tax"] == D("52.94")  # 75.625 × 0.7 = 52.9375
    # VAT = (300 + 75.625) × 0.13 × 0.7 = 34.181875 -> 34.18
    assert q.totals["vat"] == D("34.18")


def test_vat_9_percent_goods():
    assert quote(order(line("100.00", vat="0.09"))).totals["tax"] == D("6.30")


@pytest.mark.parametrize(
    "bad, field",
    [
        (order(line("-1.00")), "lines.0.unit_price"),
        (order(line("0")), "lines.0.unit_price"),
        (order(line("1.005")), "lines.0.unit_price"),
        (order(line("10", qty=0)), "lines.0.quantity"),
        (order(line("10", vat="1.2")), "lines.0.vat_rate"),
        (order(line("10", tariff="-0.1")), "lines.0.tariff_rate"),
        (order(line("10", ct=ConsumptionTaxRule("luxury"))), "lines.0.consumption_tax.kind"),
        (order(line("10", ct=ConsumptionTaxRule("ad_valorem", D("1")))),
         "lines.0.consumption_tax.rate"),
        (order(line("10", ct=COSMETIC_CT)), "lines.0.net_content"),
        (order(line("10", ct=BEER_CT, content=Measure(D("500"), "g"))), "lines.0.net_content"),
        (order(line("10", ct=ConsumptionTaxRule("specific", amount=D("1")),
                     content=Measure(D(1), "l"))),
         "lines.0.consumption_tax.per"),
        (order(line("10"), freight="-1"), "freight"),
        (order(line("10"), discount="11"), "discount"),
        (order(line("10"), used="-5"), "annual_used"),
        (order(), "lines"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field(bad, field):
    with pytest.raises(TaxInputError) as exc:
        quote(bad)
    assert field in [f for f, _ in exc.value.errors]


def test_explanation_in_both_languages():
    q = quote(order(line("180.00", ct=WINE_CT, name="Bordeaux")))
    assert any("70%" in s for s in q.explanation["en"])
    assert any("完税价格" in s for s in q.explanation["zh"])
    assert any("Bordeaux" in s and "32.20" in s for s in q.explanation["en"])


# ------------------------------------------------------------- properties

money = st.decimals(min_value=D("0.01"), max_value=D("3000"), places=2)
amount = st.decimals(min_value=D("0"), max_value=D("500"), places=2)
rate = st.sampled_from([D("0"), D("0.09"), D("0.13")])


@given(
    st.decimals(min_value=D("0"), max_value=D("100000"), places=2),
    st.lists(
        st.decimals(min_value=D("0.01"), max_value=D("9999"), places=2), min_size=1, max_size=8
    ),
)
def test_allocation_sums_exactly_and_stays_within_a_fen(total, weights):
    parts = allocate(total, weights)
    assert sum(parts) == total
    s = sum(weights)
    for p, w in zip(parts, weights, strict=True):
        assert p >= 0 and abs(p - total * w / s) < D("0.01")


@given(st.lists(st.tuples(money, st.integers(1, 3), rate), min_size=1, max_size=4), amount, amount)
def test_line_parts_sum_to_the_order_figures(specs, freight, insurance):
    lines = [line(str(p), q, str(v)) for p, q, v in specs]
    goods = sum(D(str(p)) * q for p, q, _ in specs)
    discount = min(D("20.00"), goods)
    q = quote(order(*lines, freight=str(freight), insurance=str(insurance), discount=str(discount)))
    assume(q.regime != "refused")
    assert sum(lt.freight for lt in q.lines) == freight
    assert sum(lt.insurance for lt in q.lines) == insurance
    assert sum(lt.discount for lt in q.lines) == discount
    t = q.totals
    assert t["payable"] == t["goods"] + t["freight"] + t["insurance"] + t["tax"] - t["discount"]
    assert t["tax"] == t["tariff"] + t["consumption_tax"] + t["vat"]


@given(money, money, st.sampled_from([NONE, WINE_CT]), rate)
def test_tax_is_monotone_in_price(a, b, ct, vat):
    lo, hi = sorted((a, b))
    t_lo = quote(order(line(str(lo), ct=ct, vat=str(vat)))).totals["tax"]
    t_hi = quote(order(line(str(hi), ct=ct, vat=str(vat)))).totals["tax"]
    assert t_lo <= t_hi


@given(money, st.integers(1, 3))
def test_zero_rate_item_pays_no_tax(price, qty):
    q = quote(order(line(str(price), qty, vat="0")))
    assume(q.regime != "refused")
    assert q.totals["tax"] == 0


@settings(max_examples=200)
@given(st.lists(st.tuples(money, st.sampled_from([NONE, WINE_CT]), rate), min_size=2, max_size=4))
def test_splitting_an_order_never_lowers_tax_beyond_rounding(specs):
    lines = [line(str(p), ct=ct, vat=str(v)) for p, ct, v in specs]
    whole = quote(order(*lines))
    assume(whole.regime == "cbec")
    parts = [quote(order(ln)) for ln in lines]
    split_tax = sum(p.totals["tax"] for p in parts)
    # Per-line rounding makes split and whole identical without freight; never lower.
    assert split_tax >= whole.totals["tax"]
    assert split_tax == whole.totals["tax"]


def test_an_open_price_cut_lowers_goods_and_dutiable_value():
    from dataclasses import replace as _replace

    base = LineInput(unit_price=D("238.00"), quantity=3, vat_rate=D("0.13"))
    plain = quote(OrderInput(lines=(base,)))
    cut = quote(OrderInput(lines=(_replace(base, price_cut=D("30.00")),)))
    assert cut.totals["goods"] == plain.totals["goods"] - D("30.00") == D("684.00")
    assert cut.totals["dutiable_value"] == D("684.00")
    assert cut.totals["vat"] == (D("684.00") * D("0.13") * D("0.7")).quantize(D("0.01"))


@pytest.mark.parametrize("price_cut", [D("-1"), D("714.00"), D("0.001")])
def test_a_price_cut_must_leave_a_positive_goods_value(price_cut):
    from dataclasses import replace as _replace

    line = _replace(LineInput(unit_price=D("238.00"), quantity=3, vat_rate=D("0.13")),
                    price_cut=price_cut)  # fmt: skip
    with pytest.raises(TaxInputError) as info:
        quote(OrderInput(lines=(line,)))
    assert info.value.errors[0][0] == "lines.0.price_cut"
