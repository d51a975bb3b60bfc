"""API shapes of the shopper's orders (/api/v1/orders...). Amounts are strings with 2 decimals;
personal data only masked; state labels in the request's language."""

from datetime import datetime

from ninja import Schema
from pydantic import Field, StrictBool, StrictInt

from freeport.checkout.schemas import NamedOut


class PlaceIn(Schema):
    buyer: StrictInt = Field(description="id of one of your buyers (real-name identity)")
    address: StrictInt = Field(description="id of one of your delivery addresses")
    split: StrictBool = Field(default=False, description="place the split proposal")
    coupon: str = Field(default="", max_length=32, description="a coupon code (optional)")
    fx_lock: StrictInt | None = Field(
        default=None, description="a currency lock (POST /cart/fx-locks)"
    )


class PaymentStartOut(Schema):
    reference: str
    provider: str
    status: str
    amount: str
    currency: str
    pay_url: str  # the provider's payment page (the sandbox cashier) to send the shopper to
    charge_amount: str | None = None  # with a locked foreign-currency rate: what is charged
    charge_currency: str = ""


class PageQuery(Schema):
    page: int = Field(default=1, ge=1, le=10_000)
    page_size: int = Field(default=10, ge=1, le=100)


class TransitionOut(Schema):
    event: str
    from_: str = Field(alias="from")
    to: str
    label: str
    at: datetime


class OrderLineOut(Schema):
    sku_code: str
    sku_id: int
    title_zh: str
    title_en: str
    quantity: int
    unit_price: str
    goods: str
    freight: str
    discount: str
    dutiable_value: str
    tariff: str
    consumption_tax: str
    vat: str
    tax: str
    payable: str


class OrderOut(Schema):
    number: str
    state: str
    state_label: str
    regime: str
    merchant: NamedOut
    warehouse: NamedOut
    dispatch_hours: int | None
    masked_recipient: str
    masked_phone: str
    masked_address: str
    goods: str
    freight: str
    insurance: str
    discount: str
    dutiable_value: str
    tariff: str
    consumption_tax: str
    vat: str
    tax: str
    total: str
    created_at: datetime
    expires_at: datetime
    paid_at: datetime | None
    lines: list[OrderLineOut]
    timeline: list[TransitionOut]


class GroupOut(Schema):
    number: str
    currency: str
    total: str
    created_at: datetime
    expires_at: datetime
    unpaid: bool  # some order awaits payment (it can be paid or cancelled)
    orders: list[OrderOut]


class OrderSummaryOut(Schema):
    number: str
    state: str
    state_label: str
    merchant: NamedOut
    total: str
    items: int


class GroupSummaryOut(Schema):
    number: str
    currency: str
    total: str
    created_at: datetime
    expires_at: datetime
    unpaid: bool
    orders: list[OrderSummaryOut]


class GroupPageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[GroupSummaryOut]
