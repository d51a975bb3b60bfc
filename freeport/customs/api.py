"""POST /api/v1/tax/quote: the CBEC tax engine over HTTP (contract in docs/api.md)."""

from ninja import Router
from ninja.errors import ValidationError

from . import quoting
from .schemas import QuoteIn, QuoteOut
from .tax import ConsumptionTaxRule, LineInput, Measure, OrderInput, TaxInputError, quote

router = Router(tags=["customs"])


def _fail(errors: list[tuple[str, str]]):
    # Same shape as schema errors, so the API's one handler turns it into a 422 naming the field.
    raise ValidationError([{"loc": ("body", *f.split(".")), "msg": r} for f, r in errors])


def _measure(m):
    return None if m is None else Measure(m.value, m.unit)


def _line(i: int, ln, skus) -> LineInput:
    if ln.sku is not None:
        sku = skus.get(ln.sku)
        if sku is None:
            _fail([(f"lines.{i}.sku", f"unknown SKU {ln.sku!r}")])
        return quoting.line_for_sku(sku, ln.quantity, ln.unit_price)
    ct = ln.consumption_tax
    return LineInput(
        unit_price=ln.unit_price,
        quantity=ln.quantity,
        vat_rate=ln.vat_rate,
        tariff_rate=ln.tariff_rate,
        consumption_tax=ConsumptionTaxRule(ct.kind, ct.rate, ct.amount, _measure(ct.per))
        if ct
        else ConsumptionTaxRule(),
        net_content=_measure(ln.net_content),
        hs_code=ln.hs_code or "",
    )


def _s(x) -> str:
    return f"{x:.2f}"


@router.post("/tax/quote", response=QuoteOut, summary="Quote CBEC taxes for one customs order")
def tax_quote(request, payload: QuoteIn):
    skus = quoting.public_skus([ln.sku for ln in payload.lines if ln.sku])
    order = OrderInput(
        lines=tuple(_line(i, ln, skus) for i, ln in enumerate(payload.lines)),
        freight=payload.freight,
        insurance=payload.insurance,
        discount=payload.discount,
        annual_used=payload.annual_used,
    )
    try:
        q = quote(order)
    except TaxInputError as exc:
        _fail(exc.errors)
    return {
        "regime": q.regime,
        "reason": q.reason,
        "lines": [
            {
                "sku": payload.lines[i].sku,
                **{
                    k: _s(getattr(lt, k))
                    for k in (
                        "goods",
                        "freight",
                        "insurance",
                        "discount",
                        "dutiable_value",
                        "tariff",
                        "consumption_tax",
                        "vat",
                        "tax",
                        "payable",
                    )
                },
                "high_end_cosmetic": lt.high_end,
            }
            for i, lt in enumerate(q.lines)
        ],  # fmt: skip
        "totals": {k: _s(v) for k, v in q.totals.items()},
        "quota": {k: _s(v) for k, v in q.quota.items()},
        "explanation": q.explanation,
    }
