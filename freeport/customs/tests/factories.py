"""A realistic order declaration for tests: two lines, freight, a coupon, CBEC taxes."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from freeport.customs import site
from freeport.customs.messages.inputs import (
    Amounts,
    Buyer,
    Consignee,
    Enterprise,
    GoodsLine,
    OrderDeclaration,
    Parcel,
    PaymentInfo,
)

BUYER_ID = "110105199003071239"


def order_declaration(order_no: str = "FP202611250001", **changes) -> OrderDeclaration:
    lines = (
        GoodsLine(
            gnum=1, item_no="KW-A2-S3-900", item_name="a2 幼儿配方奶粉 3段 900克",
            gcode="1901101000", gmodel="a2 Platinum 3段 900g/罐", origin="NZ", unit="122",
            qty=Decimal("2"), price=Decimal("238.00"), unit1="035", qty1=Decimal("1.8"),
            item_record_no="1", bar_code="9421902960086",
        ),
        GoodsLine(
            gnum=2, item_no="SK-FTE-230", item_name="SK-II 护肤精华露 230毫升",
            gcode="3304990099", gmodel="SK-II Facial Treatment Essence 230ml", origin="JP",
            unit="142", qty=Decimal("1"), price=Decimal("1299.00"), unit1="035",
            qty1=Decimal("0.33"), item_record_no="2",
        ),
    )  # fmt: skip
    source = OrderDeclaration(
        order_no=order_no,
        cop_no=f"C{order_no[-12:]}",
        parties=site.parties(Enterprise("3702960010", "新西兰奇异果贸易有限公司")),
        site=site.site(),
        buyer=Buyer(reg_no="shopper-7", name="王小明", id_number=BUYER_ID,
                    telephone="13912345678"),
        consignee=Consignee(name="王小明", telephone="13912345678",
                            address="山东省青岛市市南区香港中路 8 号 1201 室", district="370202"),
        lines=lines,
        amounts=Amounts(freight=Decimal("10.00"), insured_fee=Decimal("0.00"),
                        discount=Decimal("20.00"), tax_total=Decimal("245.27")),
        payment=PaymentInfo(transaction_id=f"PAY{order_no}",
                            paid_at=datetime(2026, 11, 25, 3, 0, tzinfo=UTC)),
        parcel=Parcel(logistics_no=f"YT{order_no[-10:]}", gross_weight=Decimal("2.6"),
                      net_weight=Decimal("2.13")),
    )  # fmt: skip
    return replace(source, **changes)
