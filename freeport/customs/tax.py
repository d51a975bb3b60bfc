"""CBEC retail-import tax engine (pure: no ORM, no request).

Sources and decisions: ../shared/cbec-rules.md (財关税〔2016〕18号, 财关税〔2018〕49号, §3 formulas,
§10 worked examples, decisions D1-D8). Summary of the rules applied here:

* Dutiable value (DV) = goods + freight + insurance (D2). A non-cash discount (coupons, vouchers,
  points: CEB311 `discount`) does not lower the DV; it lowers only what the shopper pays:
  payable = goods + freight + insurance + tax - discount (CEB311 `acturalPaid`).
* Regimes: `cbec` (tariff 0; consumption tax and VAT at 70 % of the statutory amount, D8: the
  statutory amounts are computed with tariff 0); `cbec_full_tax` (an order of one single item,
  quantity 1, whose DV exceeds 5,000: tariff, CT and VAT in full, still counted toward the annual
  total; tariff rate = provisional if any else MFN, D6); `refused` with reason `annual_limit`
  (used + DV > 26,000; splitting does not help) or `single_limit` (several items over 5,000: the
  shopper must split the order, D5).
* Formulas (§3): ad-valorem CT = (DV + T) / (1 - r) * r; compound CT = (DV + T + S) / (1 - r) * r
  + S with S = quantity measured in the rule's unit * amount; specific CT = S; VAT = (DV + T + CT)
  * VAT rate. High-end cosmetics (财税〔2016〕103号): 15 % ad valorem only when the per-unit DV
  reaches 10 CNY per ml or g, or 15 CNY per piece (D4: DV incl. allocated freight).
* Rounding (D1), in one place (`round_fen`): every tax of every line is computed at full precision
  and rounded once, half-up to the fen; order totals are sums of the rounded line figures.
* Order-level freight, insurance and discount are allocated to lines pro rata to line goods value
  by the largest-remainder method, so the parts sum exactly to the order figure to the fen and each
  part is within one fen of its exact share (stricter than D3's "remainder on the last line",
  which can go negative; see docs/decisions.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from freeport.catalog.units import base_quantity
from freeport.kernel.money import FEN, round_fen

from .explain import explain

SINGLE_LIMIT = Decimal("5000")
ANNUAL_LIMIT = Decimal("26000")
CBEC_SHARE = Decimal("0.7")
HIGH_END_PER_ML_OR_G = Decimal("10")
HIGH_END_PER_PIECE = Decimal("15")
ZERO = Decimal("0")

CBEC, FULL_TAX, REFUSED = "cbec", "cbec_full_tax", "refused"
ANNUAL_LIMIT_REASON, SINGLE_LIMIT_REASON = "annual_limit", "single_limit"
CT_KINDS = ("none", "ad_valorem", "specific", "compound", "high_end_cosmetic")


@dataclass(frozen=True)
class Measure:
    value: Decimal
    unit: str  # ml, l, g, kg, piece


@dataclass(frozen=True)
class ConsumptionTaxRule:
    kind: str = "none"
    rate: Decimal = ZERO
    amount: Decimal = ZERO
    per: Measure | None = None


@dataclass(frozen=True)
class LineInput:
    unit_price: Decimal
    quantity: int
    vat_rate: Decimal
    tariff_rate: Decimal = ZERO
    consumption_tax: ConsumptionTaxRule = field(default_factory=ConsumptionTaxRule)
    net_content: Measure | None = None  # per unit
    hs_code: str = ""
    name: str = ""
    # An open price cut on this line (a sale or automatic spend-X-save-Y promotion offered to
    # every shopper): it lowers the goods value itself, and so the dutiable value (cbec-rules §2).
    price_cut: Decimal = ZERO


def line_goods(line: LineInput) -> Decimal:
    """Goods value of a line: unit price x quantity, rounded to the fen, less its price cut."""
    return round_fen(line.unit_price * line.quantity) - line.price_cut


@dataclass(frozen=True)
class OrderInput:
    lines: tuple[LineInput, ...]
    freight: Decimal = ZERO
    insurance: Decimal = ZERO
    discount: Decimal = ZERO
    annual_used: Decimal = ZERO


class TaxInputError(ValueError):
    """Input the rules cannot price; `errors` holds (field path, reason) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{f}: {r}" for f, r in errors))
        self.errors = errors


@dataclass(frozen=True)
class LineTax:
    goods: Decimal
    freight: Decimal
    insurance: Decimal
    discount: Decimal
    dutiable_value: Decimal
    tariff: Decimal
    consumption_tax: Decimal
    vat: Decimal
    tax: Decimal
    statutory_consumption_tax: Decimal
    statutory_vat: Decimal
    reduction: Decimal
    payable: Decimal
    high_end: bool | None  # for high_end_cosmetic: whether the threshold was reached


@dataclass(frozen=True)
class Quote:
    regime: str
    reason: str | None
    lines: tuple[LineTax, ...]
    totals: dict[str, Decimal]
    quota: dict[str, Decimal]
    explanation: dict[str, list[str]]


# ----------------------------------------------------------------------------- validation


def _check_amount(errors, path, value, *, positive=False):
    if not isinstance(value, Decimal) or not value.is_finite():
        errors.append((path, "must be a decimal amount"))
    elif value < 0 or (positive and value == 0):
        errors.append((path, "must be greater than 0" if positive else "must not be negative"))
    elif value.as_tuple().exponent < -2:
        errors.append((path, "at most 2 decimal places"))


def _check_rate(errors, path, value, *, below_one=False):
    if not isinstance(value, Decimal) or not value.is_finite():
        errors.append((path, "must be a decimal rate"))
    elif value < 0 or value > 1 or (below_one and value == 1):
        errors.append(
            (path, "must be between 0 and 1" + (" (exclusive of 1)" if below_one else ""))
        )


def _base(measure: Measure) -> tuple[Decimal, str]:
    return base_quantity(measure.value, measure.unit)


def validate(order: OrderInput) -> None:
    errors: list[tuple[str, str]] = []
    if not order.lines:
        errors.append(("lines", "at least one line"))
    for i, line in enumerate(order.lines):
        p = f"lines.{i}"
        _check_amount(errors, f"{p}.unit_price", line.unit_price, positive=True)
        if not isinstance(line.quantity, int) or line.quantity < 1:
            errors.append((f"{p}.quantity", "must be a whole number of at least 1"))
        _check_amount(errors, f"{p}.price_cut", line.price_cut)
        if not errors and line.price_cut >= round_fen(line.unit_price * line.quantity):
            errors.append((f"{p}.price_cut", "must be less than the line's goods value"))
        _check_rate(errors, f"{p}.vat_rate", line.vat_rate)
        _check_rate(errors, f"{p}.tariff_rate", line.tariff_rate)
        ct = line.consumption_tax
        if ct.kind not in CT_KINDS:
            errors.append((f"{p}.consumption_tax.kind", f"must be one of {', '.join(CT_KINDS)}"))
            continue
        if ct.kind in ("ad_valorem", "compound", "high_end_cosmetic"):
            _check_rate(errors, f"{p}.consumption_tax.rate", ct.rate, below_one=True)
        if ct.kind in ("specific", "compound"):
            if not isinstance(ct.amount, Decimal) or not ct.amount.is_finite() or ct.amount < 0:
                errors.append((f"{p}.consumption_tax.amount", "must not be negative"))
            if ct.per is None or ct.per.value <= 0:
                errors.append((f"{p}.consumption_tax.per", "required: the unit the amount is per"))
        if ct.kind in ("specific", "compound", "high_end_cosmetic"):
            if line.net_content is None or line.net_content.value <= 0:
                errors.append((f"{p}.net_content", f"required for the {ct.kind} rule"))
            elif ct.per is not None:
                try:
                    if _base(line.net_content)[1] != _base(ct.per)[1]:
                        errors.append((f"{p}.net_content", "unit does not match the rule's unit"))
                except ValueError:
                    errors.append((f"{p}.net_content.unit", "unknown unit"))
        measures = ((f"{p}.net_content", line.net_content), (f"{p}.consumption_tax.per", ct.per))
        for path, measure in measures:
            if measure is not None:
                try:
                    _base(measure)
                except ValueError:
                    errors.append((f"{path}.unit", "must be one of ml, l, g, kg, piece"))
    for name in ("freight", "insurance", "discount", "annual_used"):
        _check_amount(errors, name, getattr(order, name))
    if not errors:
        goods = sum((line_goods(ln) for ln in order.lines), ZERO)
        if order.discount > goods:
            errors.append(("discount", "a non-cash discount cannot exceed the goods value"))
    if errors:
        raise TaxInputError(errors)


# ----------------------------------------------------------------------------- arithmetic


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split `total` (in fen) over `weights` by the largest-remainder method: parts sum exactly to
    `total`, each within one fen of its exact share; ties go to the earlier line."""
    if not weights:
        return []
    weight_sum = sum(weights, ZERO)
    if total == 0 or weight_sum == 0:
        return [ZERO] * len(weights) if total == 0 else _equal(total, len(weights))
    exact = [total * w / weight_sum for w in weights]
    parts = [e.quantize(FEN, rounding=ROUND_FLOOR) for e in exact]
    left = int((total - sum(parts, ZERO)) / FEN)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += FEN
    return parts


def _equal(total: Decimal, n: int) -> list[Decimal]:
    return allocate(total, [Decimal(1)] * n)


def _specific_measure(line: LineInput) -> Decimal:
    """Quantity of the goods expressed in the rule's unit (e.g. litres for beer)."""
    content, _ = _base(line.net_content)
    per, _ = _base(line.consumption_tax.per)
    return content * line.quantity / per


def _is_high_end(line: LineInput, dutiable_value: Decimal) -> bool:
    content, unit = _base(line.net_content)
    per_unit_value = dutiable_value / line.quantity / content
    threshold = HIGH_END_PER_PIECE if unit == "piece" else HIGH_END_PER_ML_OR_G
    return per_unit_value >= threshold


def _statutory_ct(line: LineInput, dv: Decimal, tariff: Decimal) -> tuple[Decimal, bool | None]:
    rule = line.consumption_tax
    if rule.kind == "none":
        return ZERO, None
    if rule.kind == "ad_valorem":
        return (dv + tariff) / (1 - rule.rate) * rule.rate, None
    if rule.kind == "high_end_cosmetic":
        if not _is_high_end(line, dv):
            return ZERO, False
        return (dv + tariff) / (1 - rule.rate) * rule.rate, True
    specific = _specific_measure(line) * rule.amount
    if rule.kind == "specific":
        return specific, None
    return (dv + tariff + specific) / (1 - rule.rate) * rule.rate + specific, None  # compound


def _line_tax(line, goods, freight, insurance, discount, full_tax: bool) -> LineTax:
    dv = goods + freight + insurance
    tariff_exact = dv * line.tariff_rate if full_tax else ZERO
    # Statutory CT and VAT: on the real tariff in the full-tax case, on tariff 0 otherwise (D8).
    ct_stat, high_end = _statutory_ct(line, dv, tariff_exact)
    vat_stat = (dv + tariff_exact + ct_stat) * line.vat_rate
    share = Decimal(1) if full_tax else CBEC_SHARE
    tariff = round_fen(tariff_exact)
    ct = round_fen(ct_stat * share)
    vat = round_fen(vat_stat * share)
    tax = tariff + ct + vat
    reduction = ZERO if full_tax else round_fen(ct_stat) + round_fen(vat_stat) - ct - vat
    return LineTax(
        goods=goods, freight=freight, insurance=insurance, discount=discount,
        dutiable_value=dv, tariff=tariff, consumption_tax=ct, vat=vat, tax=tax,
        statutory_consumption_tax=round_fen(ct_stat), statutory_vat=round_fen(vat_stat),
        reduction=reduction, payable=dv + tax - discount, high_end=high_end,
    )  # fmt: skip


def _regime(order: OrderInput, dutiable_value: Decimal) -> tuple[str, str | None]:
    if order.annual_used + dutiable_value > ANNUAL_LIMIT:
        return REFUSED, ANNUAL_LIMIT_REASON
    if dutiable_value > SINGLE_LIMIT:
        single_item = len(order.lines) == 1 and order.lines[0].quantity == 1
        return (FULL_TAX, None) if single_item else (REFUSED, SINGLE_LIMIT_REASON)
    return CBEC, None


TOTAL_FIELDS = (
    "goods", "freight", "insurance", "discount", "dutiable_value", "tariff", "consumption_tax",
    "vat", "tax", "reduction", "payable",
)  # fmt: skip


def quote(order: OrderInput) -> Quote:
    """Price the taxes of one customs order (one seller, one buyer)."""
    validate(order)
    goods = [line_goods(ln) for ln in order.lines]
    freight = allocate(order.freight, goods)
    insurance = allocate(order.insurance, goods)
    discount = allocate(order.discount, goods)
    dutiable_value = sum(goods, ZERO) + order.freight + order.insurance
    regime, reason = _regime(order, dutiable_value)
    lines: tuple[LineTax, ...] = ()
    if regime != REFUSED:
        lines = tuple(
            _line_tax(ln, goods[i], freight[i], insurance[i], discount[i], regime == FULL_TAX)
            for i, ln in enumerate(order.lines)
        )
    totals = {name: sum((getattr(lt, name) for lt in lines), ZERO) for name in TOTAL_FIELDS}
    if regime == REFUSED:
        totals.update(goods=sum(goods, ZERO), freight=order.freight, insurance=order.insurance,
                      discount=order.discount, dutiable_value=dutiable_value)  # fmt: skip
    remaining = max(ANNUAL_LIMIT - order.annual_used, ZERO)
    quota = {
        "limit": ANNUAL_LIMIT,
        "used": order.annual_used,
        "remaining": remaining,
        "remaining_after": remaining if regime == REFUSED else remaining - dutiable_value,
    }
    return Quote(
        regime, reason, lines, totals, quota,
        explain(order, regime, reason, lines, totals, quota),
    )  # fmt: skip
