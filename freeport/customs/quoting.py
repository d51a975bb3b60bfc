"""Build tax-engine input from catalog data (reads; the engine itself stays pure)."""

from dataclasses import replace
from decimal import Decimal

from freeport.catalog.models import SKU, TaxProfile
from freeport.catalog.selectors import public_products

from .tax import ConsumptionTaxRule, LineInput, Measure


def tariff_rate(profile: TaxProfile) -> Decimal:
    """Full-tax tariff: the provisional rate when there is one, else MFN (cbec-rules.md D6)."""
    if profile.tariff_provisional_rate is not None:
        return profile.tariff_provisional_rate
    return profile.tariff_mfn_rate


def consumption_tax_rule(profile: TaxProfile) -> ConsumptionTaxRule:
    per = None
    if profile.ct_per_value is not None and profile.ct_per_unit:
        per = Measure(profile.ct_per_value, profile.ct_per_unit)
    return ConsumptionTaxRule(profile.ct_kind, profile.ct_rate, profile.ct_amount, per)


def line_for_profile(
    profile: TaxProfile,
    *,
    unit_price: Decimal,
    quantity: int,
    net_content: Measure | None = None,
    name: str = "",
) -> LineInput:
    """A line priced under a tax profile (the calculator's "category" mode, listing cards)."""
    return LineInput(
        unit_price=unit_price,
        quantity=quantity,
        vat_rate=profile.vat_rate,
        tariff_rate=tariff_rate(profile),
        consumption_tax=consumption_tax_rule(profile),
        net_content=net_content,
        hs_code=profile.hs_code,
        name=name,
    )


def line_for_sku(
    sku: SKU, quantity: int, unit_price: Decimal | None = None, price_cut: Decimal | None = None
) -> LineInput:
    line = line_for_profile(
        sku.product.tax_profile,
        unit_price=sku.price if unit_price is None else unit_price,
        quantity=quantity,
        net_content=Measure(sku.net_content_value, sku.net_content_unit),
        name=sku.code,
    )
    return replace(line, price_cut=price_cut) if price_cut else line


def public_skus(codes: list[str]) -> dict[str, SKU]:
    """Active SKUs of public products by code, with their tax profile, in one query."""
    skus = SKU.objects.filter(
        code__in=codes, is_active=True, product__in=public_products()
    ).select_related("product__tax_profile")
    return {s.code: s for s in skus}


def needs_net_content(profile: TaxProfile) -> bool:
    """Whether the consumption tax of this profile depends on the labelled content per unit."""
    return profile.ct_kind in ("specific", "compound", "high_end_cosmetic")
