"""What a customs declaration needs, as plain typed values (no ORM: orders come later).

One `OrderDeclaration` describes one paid order of one e-commerce enterprise to one buyer, shipped
in one parcel from the bonded warehouse: it is the source of the order (CEB311), payment (CEB411),
waybill (CEB511) and inventory list (CEB621). A `ReturnDeclaration` points at a declared and
concluded inventory and lists what comes back (CEB625); a `CancelDeclaration` withdraws a
declared inventory whose order was cancelled before the goods left the bonded zone (CEB623).
Field names in the comments are the CEB element names (../shared/specs/ceb/FIELDS.md);
docs/customs-messages.md maps every element to its source.

Amounts are CNY `Decimal` with at most 2 decimal places (fen), as the tax engine uses them;
quantities and weights are `Decimal` (or int) with at most 5 decimal places (N19,5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from freeport.customs.tax import REFUSED, Quote

from . import codes

ZERO = Decimal("0")


@dataclass(frozen=True)
class Enterprise:
    """An enterprise registered with customs: 10-digit customs code or 18-digit USCC, and name."""

    code: str  # ebpCode / ebcCode / payCode / logisticsCode / agentCode / areaCode (C..18)
    name: str  # ebpName / ebcName / ... (C..100)


@dataclass(frozen=True)
class Transmitter:
    """BaseTransfer: who transmits the message over the China E-port data exchange (DXP)."""

    code: str  # copCode: must match the certificate / connected client
    name: str  # copName
    dxp_id: str  # dxpId: DXP user id issued by the China E-port data centre
    dxp_mode: str = "DXP"
    note: str = ""


@dataclass(frozen=True)
class Parties:
    platform: Enterprise  # ebp: the cross-border e-commerce platform (Freeport's operator)
    seller: Enterprise  # ebc: the e-commerce enterprise (overseas seller's registered entity)
    payment: Enterprise  # pay: the payment enterprise
    logistics: Enterprise  # logistics: the carrier
    agent: Enterprise  # agent: the declaring enterprise / customs broker (申报单位) of 621/625
    assure_code: str = ""  # assureCode; empty = the seller (ebc), which withholds the tax


@dataclass(frozen=True)
class Site:
    """The customs set-up of the bonded center (changes with the installation, not the order)."""

    customs_code: str  # customsCode: customs office receiving the declaration (JGS/T 18, C4)
    port_code: str  # portCode: customs code of the port of entry (C4)
    traf_mode: str  # trafMode: JGS-20 transport mode; for 1210 the leg leaving the bonded zone
    ems_no: str  # emsNo: account book (账册) number of the in-zone warehouse enterprise (1210)
    warehouse: Enterprise  # areaCode / areaName: the in-zone warehouse enterprise (1210)
    trade_mode: str = codes.BONDED  # tradeMode: 1210 bonded import (9610 not supported here)
    loct_no: str = ""  # loctNo: supervision-site code, when the office has several sites
    # BaseTransfer of every message; a builder's `transmitter=` argument overrides it (e.g. when
    # the payment enterprise transmits CEB411 over its own DXP account).
    transmitter: Transmitter | None = None


@dataclass(frozen=True)
class Buyer:
    """订购人: the buyer, who is also the payer (cbec-rules.md §7; buyerIdType = 1)."""

    reg_no: str  # buyerRegNo: the buyer's account id on the platform
    name: str  # buyerName: real name as on the ID card
    id_number: str  # buyerIdNumber: resident ID number (GB 11643-1999)
    telephone: str  # buyerTelephone


@dataclass(frozen=True)
class Consignee:
    name: str  # consignee (must equal the waybill's)
    telephone: str  # consigneeTelephone
    address: str  # consigneeAddress
    district: str = ""  # consigneeDistrict: 6-digit administrative division code (GB/T 2260)


@dataclass(frozen=True)
class GoodsLine:
    """One goods line: the same `gnum` in the order (OrderList) and inventory (InventoryList)."""

    gnum: int  # 1, 2, 3 ... consecutive
    item_no: str  # itemNo: the SKU code, at most 20 characters (inventory XSD; order allows 30)
    item_name: str  # itemName: Chinese name as sold on the platform
    gcode: str  # gcode: 10-digit commodity (HS) code
    gmodel: str  # gmodel: brand, specification, content... enough to classify and value
    origin: str  # country of origin, ISO 3166-1 alpha-2 (mapped to JGS-20 by codes.py)
    unit: str  # unit: transaction unit, JGS-20 code (e.g. 122 = 罐)
    qty: Decimal  # qty: quantity in the transaction unit
    price: Decimal  # price: unit price (CNY, fen); 0 for a free gift; price x qty in whole fen
    unit1: str  # unit1: first legal unit (JGS-20), e.g. 035 = 千克
    qty1: Decimal  # qty1: quantity in the first legal unit
    item_record_no: str  # itemRecordNo: account-book item number (required in bonded mode)
    unit2: str = ""  # unit2 / qty2: second legal unit, when the tariff line has one
    qty2: Decimal | None = None
    bar_code: str = ""  # barCode ("无" is written in the inventory when empty)
    item_describe: str = ""  # itemDescribe (order only)
    note: str = ""

    @property
    def total_price(self) -> Decimal:
        return Decimal(self.price) * Decimal(self.qty)

    @property
    def country(self) -> str:
        return codes.country_code(self.origin)

    @property
    def declared_name(self) -> str:
        """Inventory gname: the order's itemName, since customs requires them to agree (§16)."""
        return self.item_name


@dataclass(frozen=True)
class Amounts:
    """Order-level amounts. Build them from the tax engine's quote with `from_quote`."""

    freight: Decimal  # carriage the buyer pays on top of the goods
    insured_fee: Decimal  # insurance the buyer pays on top of the goods
    discount: Decimal  # non-cash deduction (coupon, points): CEB311 discount
    tax_total: Decimal  # CBEC tax withheld: CEB311 taxTotal = sum of the quote's line taxes
    goods_value: Decimal | None = None  # if known (quote), checked against the lines

    @classmethod
    def from_quote(cls, quote: Quote) -> Amounts:
        """The declared amounts of a priced order (`freeport.customs.tax.quote`)."""
        if quote.regime == REFUSED:
            raise ValueError(f"the order cannot be declared: refused ({quote.reason})")
        t = quote.totals
        return cls(
            freight=t["freight"], insured_fee=t["insurance"], discount=t["discount"],
            tax_total=t["tax"], goods_value=t["goods"],
        )  # fmt: skip


@dataclass(frozen=True)
class PaymentInfo:
    transaction_id: str  # payTransactionId: the payment enterprise's transaction number
    paid_at: datetime  # payTime (timezone-aware; written in Beijing time)


@dataclass(frozen=True)
class Parcel:
    logistics_no: str  # logisticsNo: the waybill number of the parcel
    gross_weight: Decimal  # kg: waybill weight, inventory grossWeight
    net_weight: Decimal  # kg: inventory netWeight (<= gross)
    goods_info: str = ""  # goodsInfo (waybill); empty = built from the lines
    wrap_type: str = ""  # wrapType: 1-digit packaging type code
    bill_no: str = ""  # billNo (waybill): empty for bonded goods


@dataclass(frozen=True)
class OrderDeclaration:
    order_no: str  # orderNo: the platform's order number
    cop_no: str  # copNo: the enterprise's own number of the inventory list (C..20)
    parties: Parties
    site: Site
    buyer: Buyer
    consignee: Consignee
    lines: tuple[GoodsLine, ...]
    amounts: Amounts
    payment: PaymentInfo
    parcel: Parcel
    batch_numbers: str = ""
    license_no: str = ""  # licenseNo: import licence number, if any
    note: str = ""

    @property
    def goods_value(self) -> Decimal:
        return sum((line.total_price for line in self.lines), ZERO)

    @property
    def actural_paid(self) -> Decimal:
        """What the buyer pays = goods + freight + insurance + tax - discount (the quote's payable).

        CEB311 has no insurance element: the insurance is declared inside `freight` there (see
        docs/customs-messages.md), so that acturalPaid = goodsValue + freight + taxTotal - discount
        holds and equals the payment's amountPaid."""
        a = self.amounts
        return self.goods_value + a.freight + a.insured_fee + a.tax_total - a.discount

    @property
    def assure_code(self) -> str:
        return self.parties.assure_code or self.parties.seller.code


@dataclass(frozen=True)
class ReturnLine:
    gnum: int  # the inventory line returned
    qty: Decimal  # quantity returned, <= the declared quantity
    note: str = ""


@dataclass(frozen=True)
class ReturnDeclaration:
    """A return (退货申请, CEB625) of goods from a concluded inventory list."""

    original: OrderDeclaration  # the declaration whose inventory was concluded
    invt_no: str  # invtNo: the inventory number customs assigned (CEB622)
    cop_no: str  # copNo: the enterprise's own number of this return (the PDF requires it)
    reason: str  # reason
    lines: tuple[ReturnLine, ...]
    pre_no: str = ""  # preNo: E-port pre-entry number, if already assigned
    note: str = ""


@dataclass(frozen=True)
class CancelDeclaration:
    """A cancellation application (撤销申请单, CEB623): withdraw an inventory list customs has on
    file (it assigned `invt_no`) because its order was cancelled before the goods left the zone.

    Every other InvtCancel element is repeated from the original declaration (FIELDS.md §16)."""

    original: OrderDeclaration  # the declaration whose inventory list is withdrawn
    invt_no: str  # invtNo: the inventory number customs assigned (CEB622)
    cop_no: str  # copNo: the enterprise's own number (Freeport: the inventory's copNo)
    reason: str  # reason (撤单原因)
    pre_no: str = ""  # preNo: E-port pre-entry number, if known
    note: str = ""
