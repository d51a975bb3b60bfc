"""Assemble a declaration's typed input from catalog, buyer and address records (reads only).

The transaction core calls `order_source` for a paid order; the demo uses it for sample
declarations. Amounts come from the tax engine's quote, so the declared `acturalPaid` is the
payable the shopper saw.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from freeport.catalog.models import SKU
from freeport.customers.models import Address

from . import site, tax
from .messages.inputs import (
    Amounts,
    Buyer,
    Consignee,
    Enterprise,
    GoodsLine,
    OrderDeclaration,
    Parcel,
    PaymentInfo,
)
from .models import Buyer as BuyerRecord
from .quoting import line_for_sku

PIECE = "011"  # JGS-20 件: the transaction unit of a retail pack
KILOGRAM = "035"  # JGS-20 千克: the first legal unit of the goods Freeport sells
PACKING_KG = Decimal("0.200")  # carton and filler added to the goods' gross weight


@dataclass(frozen=True)
class Paid:
    order_no: str
    transaction_id: str
    paid_at: datetime
    logistics_no: str
    freight: Decimal = Decimal("0.00")
    discount: Decimal = Decimal("0.00")
    shopper_ref: str = ""


def order_source(
    *,
    paid: Paid,
    items: list[tuple[SKU, int]],
    buyer: BuyerRecord,
    address: Address,
    prices: list[Decimal] | None = None,
    amounts: Amounts | None = None,
) -> OrderDeclaration:
    """The declaration of one paid order of one merchant: lines, taxes, parties, parcel.

    `prices` are the unit prices the order was sold at (default: the SKUs' prices now) and
    `amounts` the order's figures as the shopper saw and paid them (default: quoted afresh).
    An order declares what was sold, even if the catalog price changed since. `address` is any
    object with the address fields (a saved Address, or an order's delivery snapshot).
    """
    prices = prices or [sku.price for sku, _ in items]
    if amounts is None:
        quote = tax.quote(
            tax.OrderInput(
                lines=tuple(
                    line_for_sku(sku, qty, p) for (sku, qty), p in zip(items, prices, strict=True)
                ),
                freight=paid.freight,
                discount=paid.discount,
            )
        )
        amounts = Amounts.from_quote(quote)
    merchant = items[0][0].merchant
    lines = tuple(
        GoodsLine(
            gnum=n,
            item_no=sku.code[:20],
            item_name=f"{sku.product.title_zh} {sku.variant_zh}".strip()[:250],
            gcode=sku.product.tax_profile.hs_code,
            gmodel=f"{sku.product.brand.name_en} {sku.variant_en or sku.product.title_en}"[:250],
            origin=sku.product.origin_country,
            unit=PIECE,
            qty=Decimal(qty),
            price=price,
            unit1=KILOGRAM,
            qty1=sku.net_weight_kg * qty,
            item_record_no=sku.product.record_number[:30],
            bar_code=sku.gtin,
        )
        for n, ((sku, qty), price) in enumerate(zip(items, prices, strict=True), start=1)
    )
    net = sum((sku.net_weight_kg * qty for sku, qty in items), Decimal(0))
    gross = sum((sku.gross_weight_kg * qty for sku, qty in items), Decimal(0)) + PACKING_KG
    return OrderDeclaration(
        order_no=paid.order_no,
        cop_no=paid.order_no[-20:],
        parties=site.parties(Enterprise(merchant.customs_code, merchant.name_zh)),
        site=site.site(),
        buyer=Buyer(
            reg_no=paid.shopper_ref or str(buyer.user_id),
            name=buyer.name,
            id_number=buyer.id_number,
            telephone=buyer.mobile,
        ),
        consignee=Consignee(
            name=address.recipient_name,
            telephone=address.phone,
            address=f"{address.province}{address.city}{address.district}{address.street}",
        ),
        lines=lines,
        amounts=amounts,
        payment=PaymentInfo(transaction_id=paid.transaction_id, paid_at=paid.paid_at),
        parcel=Parcel(logistics_no=paid.logistics_no, gross_weight=gross, net_weight=net),
    )
