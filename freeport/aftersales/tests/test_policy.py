"""Return policy rules: eligibility, shipping payer, exact refunds (docs/aftersales.md)."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from freeport.aftersales import policy as p

CN = p.CHINA
RELEASED = datetime(2026, 3, 1, 10, 0, tzinfo=CN)
DELIVERED = datetime(2026, 3, 4, 15, 0, tzinfo=CN)  # 7-day window: 5..11 March; 15 days: ..19th
D = Decimal

# 3 units: goods 300.00, freight 12.00, coupon 10.00, VAT 9.1 % of 312.00 = 28.39
LINE = p.PaidLine(
    quantity=3, goods=D("300.00"), freight=D("12.00"), discount=D("10.00"), tariff=D("0.00"),
    consumption_tax=D("0.00"), vat=D("28.39"), payable=D("330.39"),
)  # fmt: skip


def at(day, hour=12, minute=0, second=0):
    return datetime(2026, 3, day, hour, minute, second, tzinfo=CN)


def decide(reason=p.CHANGED_MIND, *, kind=p.RETURN, category="skincare", opened=False,
           applied=None, delivered=DELIVERED, quantity=1, already=0, tier="standard",
           free_used=0, return_freight=p.ZERO, **kw):  # fmt: skip
    item = p.Item(LINE, category, quantity, already=already, opened=opened)
    return p.decide(
        kind=kind, reason=reason, items=[item], delivered_at=delivered, released_at=RELEASED,
        applied_at=applied or at(6), tier=tier, free_used=free_used,
        return_freight=return_freight, **kw,
    )  # fmt: skip


def codes(decision):
    return [r.code for r in decision.reasons]


@pytest.mark.parametrize(
    "kw, refusals",
    [
        ({"applied": at(11, 23, 59, 59)}, []),  # last day of the 7, China time
        ({"applied": at(12, 0)}, ["no_reason_window_passed"]),
        ({"opened": True}, ["opened"]),
        ({"opened": True, "category": "small-appliances"}, []),
        ({"category": "gadgets", "categories": {"gadgets": p.CategoryRule(0, False)}},
         ["no_reason_not_offered"]),
        ({"category": "gadgets", "categories": {"gadgets": p.CategoryRule(14, False)},
          "applied": at(18)}, []),
        ({"reason": p.QUALITY, "opened": True, "applied": at(24)}, []),
        ({"reason": p.WRONG_ITEM, "applied": at(19, 23, 59)}, []),
        ({"reason": p.DAMAGED, "applied": at(20, 0)}, ["fault_window_passed"]),
        ({"reason": p.DAMAGED, "applied": at(20), "fault_days": {p.DAMAGED: 30}}, []),
        ({"reason": p.QUALITY, "applied": at(31, 10)}, []),  # release + 30 days, inclusive
        ({"reason": p.QUALITY, "applied": at(31, 10, 0, 1)}, ["cbec_window_passed"]),
        # delivered late: within 7 days of delivery but 31 days after release
        ({"delivered": at(27), "applied": datetime(2026, 4, 1, tzinfo=CN)},
         ["cbec_window_passed"]),
        ({"kind": p.EXCHANGE}, ["exchange_needs_fault"]),
        ({"kind": p.EXCHANGE, "reason": p.NOT_AS_DESCRIBED}, []),
        ({"quantity": 2, "already": 2}, ["quantity_exceeds_left"]),
        ({"opened": True, "applied": datetime(2026, 4, 2, tzinfo=CN)},
         ["opened", "no_reason_window_passed", "cbec_window_passed"]),
    ],
)  # fmt: skip
def test_eligibility(kw, refusals):
    decision = decide(**kw)
    assert decision.allowed is not refusals
    if refusals:
        assert codes(decision) == refusals
        assert decision.shipping is None and decision.refund is None
    assert decision.cbec_apply_by == datetime(2026, 3, 31, 10, tzinfo=CN)
    assert decision.ship_back_by == datetime(2026, 4, 15, 10, tzinfo=CN)


def test_refusals_name_the_item():
    items = [p.Item(LINE, "small-appliances", 1, opened=True), p.Item(LINE, "makeup", 1, 0, True)]
    decision = p.decide(
        kind=p.RETURN, reason=p.CHANGED_MIND, items=items, delivered_at=DELIVERED,
        released_at=RELEASED, applied_at=at(6), tier="gold", free_used=0,
    )  # fmt: skip
    assert [(r.code, r.item) for r in decision.reasons] == [("opened", 1)]


def test_window_counts_calendar_days_in_china_from_the_day_after_delivery():
    late_evening_utc = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)  # 5 March 07:30 in China
    assert p.window_closes(late_evening_utc, 7) == datetime(2026, 3, 13, tzinfo=CN)
    assert decide(delivered=late_evening_utc, applied=at(12, 23)).allowed
    assert decide().window_closes == datetime(2026, 3, 12, tzinfo=CN)
    assert decide(p.QUALITY).window_closes == datetime(2026, 4, 4, tzinfo=CN)


@pytest.mark.parametrize(
    "reason, tier, used, payer, free, code",
    [
        (p.QUALITY, "standard", 0, p.PLATFORM, False, "shipping_platform"),
        (p.WRONG_ITEM, "gold", 9, p.PLATFORM, False, "shipping_platform"),
        (p.DAMAGED, "silver", 0, p.PLATFORM, False, "shipping_platform"),
        (p.NOT_AS_DESCRIBED, "standard", 3, p.PLATFORM, False, "shipping_platform"),
        (p.CHANGED_MIND, "standard", 0, p.SHOPPER, False, "shipping_shopper"),
        (p.CHANGED_MIND, "silver", 0, p.PLATFORM, True, "shipping_free_quota"),
        (p.CHANGED_MIND, "silver", 1, p.SHOPPER, False, "shipping_shopper"),
        (p.CHANGED_MIND, "gold", 2, p.PLATFORM, True, "shipping_free_quota"),
        (p.CHANGED_MIND, "gold", 3, p.SHOPPER, False, "shipping_shopper"),
    ],
)
def test_shipping_payer(reason, tier, used, payer, free, code):
    shipping = p.shipping_payer(reason=reason, tier=tier, free_used=used)
    assert (shipping.payer, shipping.free_return, shipping.reason.code) == (payer, free, code)


def test_free_returns_table_can_be_overridden():
    shipping = p.shipping_payer(
        reason=p.CHANGED_MIND, tier="vip", free_used=5, free_returns={"vip": 10}
    )
    assert shipping.free_return


def test_partial_returns_refund_each_part_by_units_and_add_up_to_the_payable():
    shares = [p.line_share(LINE, 1, already) for already in range(3)]
    assert shares[0] == p.Parts(
        goods=D("100.00"), freight=D("4.00"), discount=D("-3.33"), tariff=D("0.00"),
        consumption_tax=D("0.00"), vat=D("9.46"),
    )  # fmt: skip
    assert [s.total for s in shares] == [D("110.13"), D("110.13"), D("110.13")]
    assert [s.discount for s in shares] == [D("-3.33"), D("-3.34"), D("-3.33")]
    assert sum(s.total for s in shares) == LINE.payable
    assert p.line_share(LINE, 2, 1).total == D("220.26")
    assert p.line_share(LINE, 3).total == LINE.payable


def test_fault_return_refunds_freight_and_platform_pays_shipping():
    decision = decide(p.QUALITY, quantity=3, return_freight=D("8.00"))
    assert codes(decision) == ["fault", "shipping_platform", "tax_after_customs"]
    refund = decision.refund
    assert (refund.freight, refund.freight_kept, refund.return_shipping) == (D("12.00"), 0, 0)
    assert refund.total == LINE.payable
    assert refund.tax == D("28.39")


def test_change_of_mind_keeps_outbound_freight_and_deducts_shopper_paid_shipping():
    decision = decide(quantity=1, return_freight=D("8.00"))
    assert codes(decision) == [
        "no_reason_return", "shipping_shopper", "freight_kept", "tax_after_customs"
    ]  # fmt: skip
    refund = decision.refund
    assert refund.freight_kept == D("-4.00") and refund.return_shipping == D("-8.00")
    assert refund.total == D("98.13")  # 110.13 - 4.00 - 8.00
    assert refund.lines == (p.line_share(LINE, 1),)


def test_free_return_shipping_is_not_deducted():
    decision = decide(tier="gold", free_used=0, return_freight=D("8.00"))
    assert decision.shipping.free_return
    assert decision.refund.return_shipping == 0
    assert decision.refund.total == D("106.13")


def test_deduction_never_makes_the_refund_negative():
    refund = p.refund([p.Item(LINE, "skincare", 1)], reason=p.CHANGED_MIND,
                      return_shipping=D("1000.00"))  # fmt: skip
    assert refund.total == 0
    assert refund.return_shipping == D("-106.13")


def test_exchange_has_no_refund():
    decision = decide(p.DAMAGED, kind=p.EXCHANGE)
    assert decision.allowed and decision.refund is None
    assert decision.shipping.payer == p.PLATFORM


def test_reason_texts_are_localized_strings():
    with translation.override("en"):
        assert "30 days" in str(p.CBEC_WINDOW_PASSED.text)
    for reason in (p.OPENED, p.FAULT, p.TAX_AFTER_CUSTOMS):
        assert str(reason.text)


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: p.line_share(LINE, -1), "quantity"),
        (lambda: p.line_share(LINE, 0), "quantity"),
        (lambda: p.line_share(LINE, 2, already=2), "quantity"),
        (lambda: p.line_share(LINE, 1, already=4), "already"),
        (lambda: p.line_share(replace(LINE, payable=D("330.40")), 1), "line.payable"),
        (lambda: p.line_share(replace(LINE, goods=300), 1), "line.goods"),
        (lambda: p.line_share(replace(LINE, vat=D("-1.00")), 1), "line.vat"),
        (lambda: p.line_share(replace(LINE, vat=D("28.391")), 1), "line.vat"),
        (lambda: p.line_share(replace(LINE, discount=D("301.00")), 1), "line.discount"),
        (lambda: p.line_share(replace(LINE, quantity=0), 1), "line.quantity"),
        (lambda: p.refund([], reason=p.QUALITY), "items"),
        (lambda: p.refund([p.Item(LINE, "skincare", 5)], reason=p.QUALITY), "items[0].quantity"),
        (lambda: p.refund([p.Item(LINE, "skincare", 1)], reason="bored"), "reason"),
        (lambda: decide("bored"), "reason"),
        (lambda: decide(kind="swap"), "kind"),
        (lambda: decide(category="rockets"), "items[0].category"),
        (lambda: decide(quantity=-1), "items[0].quantity"),
        (lambda: decide(already=-1), "items[0].already"),
        (lambda: decide(already=4), "items[0].already"),
        (lambda: decide(tier="platinum"), "tier"),
        (lambda: decide(free_used=-1), "free_used"),
        (lambda: decide(return_freight=8.0), "return_freight"),
        (lambda: decide(applied=datetime(2026, 3, 6)), "applied_at"),
        (lambda: decide(applied=at(3)), "applied_at"),
        (lambda: decide(delivered=at(1, 9)), "delivered_at"),
        (lambda: decide(p.QUALITY, fault_days={p.DAMAGED: 15}), "fault_days"),
    ],
)
def test_bad_input_names_the_field(call, field):
    with pytest.raises(p.PolicyInputError) as info:
        call()
    assert isinstance(info.value, ValueError)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")


def fen(high):
    return st.integers(0, high).map(lambda c: D(c).scaleb(-2))


@st.composite
def paid_lines(draw):
    goods = draw(fen(10**8))
    discount = draw(fen(int(goods * 100)))
    figures = {"freight": draw(fen(10**5)), "tariff": draw(fen(10**6)),
               "consumption_tax": draw(fen(10**6)), "vat": draw(fen(10**6))}  # fmt: skip
    payable = goods + sum(figures.values()) - discount
    return p.PaidLine(draw(st.integers(1, 40)), goods=goods, discount=discount, payable=payable,
                      **figures)  # fmt: skip


@st.composite
def lines_and_returns(draw):
    """A line and its units sent back in several partial returns (chunk sizes)."""
    line = draw(paid_lines())
    cuts = sorted(draw(st.sets(st.integers(1, line.quantity - 1)))) if line.quantity > 1 else []
    bounds = [0, *cuts, line.quantity]
    return line, [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


TINY = p.PaidLine(4, goods=D("0.02"), freight=D("0.00"), discount=D("0.01"), tariff=D("0.00"),
                  consumption_tax=D("0.00"), vat=D("0.00"), payable=D("0.01"))  # fmt: skip


@given(lines_and_returns())
@example((TINY, [1, 1, 1, 1]))  # cutting goods and coupon apart would refund -0.01 for unit 2
def test_partial_returns_add_up_exactly_never_negative_never_above_paid(case):
    line, chunks = case
    already, shares = 0, []
    for k in chunks:
        share = p.line_share(line, k, already)
        already += k
        shares.append(share)
        assert share.total >= 0
        assert share.goods >= 0 and share.freight >= 0 and share.discount <= 0 and share.tax >= 0
        assert share.goods + share.discount >= 0
        assert sum(s.total for s in shares) <= line.payable
    assert sum(s.total for s in shares) == line.payable
    assert sum(s.goods for s in shares) == line.goods
    assert sum(s.freight for s in shares) == line.freight
    assert -sum(s.discount for s in shares) == line.discount
    for name in ("tariff", "consumption_tax", "vat"):
        assert sum(getattr(s, name) for s in shares) == getattr(line, name)


@given(
    lines_and_returns(),
    st.sampled_from(p.REASONS),
    fen(10**4),
)
def test_refunds_are_never_negative_and_deductions_stay_within_them(case, reason, shipping):
    line, chunks = case
    already, total = 0, D("0.00")
    for k in chunks:
        refund = p.refund([p.Item(line, "skincare", k, already)], reason=reason,
                          return_shipping=shipping)  # fmt: skip
        already += k
        total += refund.total
        fields = ("goods", "freight", "discount", "tariff", "consumption_tax", "vat",
                  "freight_kept", "return_shipping")  # fmt: skip
        assert refund.total == sum(getattr(refund, f) for f in fields)
        assert refund.total >= 0
        assert -refund.return_shipping <= shipping
    assert total <= line.payable
    if reason != p.CHANGED_MIND and shipping == 0:
        assert total == line.payable
    if reason == p.CHANGED_MIND and shipping == 0:
        assert total == line.payable - line.freight
