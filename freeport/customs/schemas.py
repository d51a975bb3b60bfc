"""API shapes of the tax quote (POST /api/v1/tax/quote)."""

from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field, model_validator

Unit = Literal["ml", "l", "g", "kg", "piece"]
Kind = Literal["none", "ad_valorem", "specific", "compound", "high_end_cosmetic"]


class MeasureIn(Schema):
    value: Decimal = Field(gt=0, le=10_000_000)
    unit: Unit


class ConsumptionTaxIn(Schema):
    kind: Kind = "none"
    rate: Decimal = Decimal("0")
    amount: Decimal = Decimal("0")
    per: MeasureIn | None = None


class QuoteLineIn(Schema):
    sku: str | None = Field(default=None, max_length=40)
    quantity: int = Field(ge=1, le=9999)
    unit_price: Decimal | None = None
    hs_code: str | None = Field(default=None, pattern=r"^\d{10}$")
    vat_rate: Decimal | None = None
    tariff_rate: Decimal = Decimal("0")
    consumption_tax: ConsumptionTaxIn | None = None
    net_content: MeasureIn | None = None

    @model_validator(mode="after")
    def _sku_or_figures(self):
        if self.sku is None and (self.unit_price is None or self.vat_rate is None):
            raise ValueError("give either sku, or unit_price and vat_rate")
        return self


class QuoteIn(Schema):
    lines: list[QuoteLineIn] = Field(min_length=1, max_length=100)
    freight: Decimal = Decimal("0.00")
    insurance: Decimal = Decimal("0.00")
    discount: Decimal = Decimal("0.00")
    annual_used: Decimal = Decimal("0.00")


class QuoteLineOut(Schema):
    sku: str | None
    goods: str
    freight: str
    insurance: str
    discount: str
    dutiable_value: str
    tariff: str
    consumption_tax: str
    vat: str
    tax: str
    payable: str
    high_end_cosmetic: bool | None


class TotalsOut(Schema):
    goods: str
    freight: str
    insurance: str
    discount: str
    dutiable_value: str
    tariff: str
    consumption_tax: str
    vat: str
    tax: str
    reduction: str
    payable: str


class QuotaOut(Schema):
    limit: str
    used: str
    remaining: str
    remaining_after: str


class ExplanationOut(Schema):
    zh: list[str]
    en: list[str]


class QuoteOut(Schema):
    regime: str
    reason: str | None
    currency: str = "CNY"
    lines: list[QuoteLineOut]
    totals: TotalsOut
    quota: QuotaOut
    explanation: ExplanationOut
