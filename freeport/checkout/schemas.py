"""API shapes of the cart (GET/POST/PUT/DELETE /api/v1/cart...). Amounts are strings with 2
decimals (CNY); text comes in both languages; messages in the request's language."""

from datetime import datetime

from ninja import Schema
from pydantic import Field, StrictInt


class CartLineIn(Schema):
    sku_code: str = Field(min_length=1, max_length=40, description="the SKU's code, e.g. F1-900")
    # Strict: "2", 2.0 or true are refused, not read as 2. The range (1 to the per-line limit)
    # is checked by the checkout service, so the refusal comes in the shopper's language.
    quantity: StrictInt = Field(default=1, description="units to add (1 to the per-line limit)")


class CartAddedOut(Schema):
    """POST /cart/lines with `Prefer: return=minimal`: the line and the cart's size only."""

    sku_code: str
    quantity: int = Field(description="the line's quantity now")
    count: int = Field(description="units in the whole cart")


class CartQuantityIn(Schema):
    quantity: StrictInt = Field(description="the line's new quantity; 0 removes the line")


class CartQuery(Schema):
    buyer: int | None = Field(
        default=None, ge=1, description="signed-in only: price against this buyer's allowance"
    )
    split: bool = Field(default=False, description="show the split into orders under ¥5,000")
    coupon: str = Field(default="", max_length=32, description="price the cart with this coupon")


class ProblemOut(Schema):
    code: str
    message: str


class NamedOut(Schema):
    code: str
    name_zh: str
    name_en: str


class CartLineOut(Schema):
    sku_code: str
    sku_id: int
    title_zh: str
    title_en: str
    quantity: int
    unit_price: str
    goods: str
    problem: ProblemOut | None
    available: int | None  # set when the line is short: how many can be bought now


class PlannedLineOut(Schema):
    sku_code: str
    sku_id: int
    quantity: int
    unit_price: str
    goods: str
    # The tax engine's line figures; null when the order cannot be priced (regime "refused").
    freight: str | None
    dutiable_value: str | None
    tariff: str | None
    consumption_tax: str | None
    vat: str | None
    tax: str | None
    payable: str | None


class TotalsOut(Schema):
    goods: str
    freight: str
    discount: str
    dutiable_value: str
    tariff: str
    consumption_tax: str
    vat: str
    tax: str
    total: str


class PlannedOrderOut(Schema):
    merchant: NamedOut
    warehouse: NamedOut
    dispatch_hours: int | None
    regime: str  # cbec, cbec_full_tax or refused
    refused_reason: str | None  # single_limit or annual_limit when refused
    to_free_freight: str
    lines: list[PlannedLineOut]
    totals: TotalsOut


class PromotionOut(Schema):
    merchant: NamedOut
    name: str
    amount: str


class HintOut(Schema):
    merchant: NamedOut
    spend_more: str
    save: str


class CouponOut(Schema):
    code: str
    status: str  # ok, unknown, expired, below_min_spend, ... (docs/checkout.md)
    discount: str


class CartOut(Schema):
    lines: list[CartLineOut]
    count: int
    orders: list[PlannedOrderOut]
    totals: TotalsOut
    problems: list[ProblemOut]
    split: bool
    split_into: int
    can_place: bool
    buyer: int | None
    annual_used: str
    price_cut: str  # automatic promotions, already out of the goods
    promotions: list[PromotionOut]
    hints: list[HintOut]
    coupon: CouponOut | None  # with ?coupon=: "ok" or why it does not apply


class ErrorItemOut(Schema):
    field: str
    reason: str


class ErrorOut(Schema):
    """The API's one error shape (freeport/api/errors.py)."""

    code: str
    message: str
    errors: list[ErrorItemOut]


class FxQuery(Schema):
    currency: str = Field(description="USD, EUR, JPY, KRW, HKD, AUD or GBP")
    coupon: str = Field(default="", max_length=32)
    split: bool = False


class FxOut(Schema):
    currency: str
    cny: str  # the cart's total in CNY that is converted
    cny_per_unit: str  # the rate: CNY per unit of the currency
    source: str
    as_of: datetime
    fee_rate: str
    amount: str
    fee: str
    total: str  # what is charged = amount + fee, in the currency's minor unit
    lock: int | None  # the lock's id, to send as `fx_lock` when placing
    locked_until: datetime | None
