"""Builders: one declaration in, one schema-valid CEB message (UTF-8 bytes) out.

Each message carries one business document (the XSD allows up to 100): one order, one payment,
one waybill, one inventory list, one return or one cancellation. The record guid
(OrderHead.guid, ...) is the message guid, as in the official samples. Every builder checks its
input first and the XML it produced against the XSD last, and raises `DeclarationError` listing
every problem, so nothing invalid leaves this module. Element-by-element sources:
docs/customs-messages.md.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from lxml import etree

from . import codes
from .inputs import CancelDeclaration, OrderDeclaration, ReturnDeclaration, Transmitter
from .installation import installation_signer
from .schema import validate
from .signing import SignatureError, Signer
from .xmltools import (
    CEB_NS,
    CHINA_TZ,
    add,
    ceb,
    date8,
    decimal_places,
    money,
    normalize_guid,
    number,
    opt,
    serialize,
    time14,
)

APP_TYPES = ("1", "2", "3")  # new, change, delete
APP_STATUSES = ("1", "2")  # saved draft (暂存), declared (申报)
MAX_LINES = 99
ITEM_NO_MAX = 20  # InventoryList.itemNo (XSD 202205), stricter than OrderList's 30 and the PDF
GOODS_INFO_MAX = 200
ZERO = Decimal("0")


class DeclarationError(ValueError):
    """A message cannot be built: `errors` lists each problem ("path: reason" or schema errors)."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


# ----------------------------------------------------------------------------- input checks


def _amount(errors: list[str], path: str, value) -> None:
    """A CNY amount: Decimal (never float), finite, not negative, whole fen."""
    if not isinstance(value, Decimal) or not value.is_finite():
        errors.append(f"{path}: must be a Decimal amount")
    elif value < 0:
        errors.append(f"{path}: must not be negative")
    elif decimal_places(value) > 2:
        errors.append(f"{path}: at most 2 decimal places")


def _quantity(errors: list[str], path: str, value, *, positive: bool = True) -> None:
    """A quantity or weight: Decimal or int (never float), > 0, at most 5 decimals (N19,5)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        errors.append(f"{path}: must be a Decimal or int")
    elif isinstance(value, Decimal) and not value.is_finite():
        errors.append(f"{path}: must be finite")
    elif value < 0 or (positive and value == 0):
        errors.append(f"{path}: must be greater than 0" if positive else f"{path}: negative")
    elif isinstance(value, Decimal) and decimal_places(value) > 5:
        errors.append(f"{path}: at most 5 decimal places")


def _check_time(errors: list[str], path: str, value) -> None:
    if not isinstance(value, datetime):
        errors.append(f"{path}: must be a datetime")
    elif value.tzinfo is None or value.utcoffset() is None:
        errors.append(f"{path}: must be timezone-aware")


def _check_order(decl: OrderDeclaration) -> list[str]:
    errors: list[str] = []
    if not 1 <= len(decl.lines) <= MAX_LINES:
        errors.append(f"lines: 1 to {MAX_LINES} lines per order")
    for i, line in enumerate(decl.lines):
        p = f"lines.{i}"
        if line.gnum != i + 1:
            errors.append(f"{p}.gnum: must be {i + 1} (consecutive from 1)")
        _quantity(errors, f"{p}.qty", line.qty)
        _quantity(errors, f"{p}.qty1", line.qty1)
        _amount(errors, f"{p}.price", line.price)
        if bool(line.unit2) != (line.qty2 is not None):
            errors.append(f"{p}.qty2: unit2 and qty2 go together (customs error -625009)")
        elif line.qty2 is not None:
            _quantity(errors, f"{p}.qty2", line.qty2)
        if len(line.item_no) > ITEM_NO_MAX:
            errors.append(f"{p}.item_no: at most {ITEM_NO_MAX} characters (inventory itemNo)")
        try:
            line.country  # noqa: B018 - raises for an origin without a JGS-20 code
        except KeyError as exc:
            errors.append(f"{p}.origin: {exc.args[0]}")
    if errors:
        return errors
    for i, line in enumerate(decl.lines):
        if decimal_places(line.total_price.normalize()) > 2:
            errors.append(f"lines.{i}: price x qty must be a whole number of fen")
    a = decl.amounts
    for name in ("freight", "insured_fee", "discount", "tax_total"):
        _amount(errors, f"amounts.{name}", getattr(a, name))
    if errors:
        return errors
    if a.goods_value is not None and a.goods_value != decl.goods_value:
        errors.append(
            f"amounts.goods_value: {a.goods_value} differs from the lines' total {decl.goods_value}"
        )
    if a.discount > decl.goods_value:
        errors.append("amounts.discount: a non-cash discount cannot exceed the goods value")
    _check_time(errors, "payment.paid_at", decl.payment.paid_at)
    _quantity(errors, "parcel.gross_weight", decl.parcel.gross_weight)
    _quantity(errors, "parcel.net_weight", decl.parcel.net_weight)
    if not errors and decl.parcel.net_weight > decl.parcel.gross_weight:
        errors.append("parcel.net_weight: cannot exceed the gross weight")
    return errors


def _header(guid, app_time, app_type, app_status) -> tuple[str, datetime, list[str]]:
    errors: list[str] = []
    try:
        guid = normalize_guid(guid)
    except ValueError as exc:
        errors.append(f"guid: {exc}")
    if app_time is None:
        app_time = datetime.now(tz=CHINA_TZ)
    else:
        _check_time(errors, "app_time", app_time)
    if app_type not in APP_TYPES:
        errors.append(f"app_type: one of {', '.join(APP_TYPES)}")
    if app_status not in APP_STATUSES:
        errors.append(f"app_status: one of {', '.join(APP_STATUSES)}")
    return guid, app_time, errors


def _transmitter(decl: OrderDeclaration, override: Transmitter | None, errors: list[str]):
    transmitter = override or decl.site.transmitter
    if transmitter is None:
        errors.append("transmitter: none given and site.transmitter is not set (BaseTransfer)")
    return transmitter


# ----------------------------------------------------------------------------- assembly


def _message(kind: str, guid: str) -> etree._Element:
    return etree.Element(ceb(f"{kind}Message"), {"guid": guid, "version": "1.0"},
                         nsmap={"ceb": CEB_NS})  # fmt: skip


def _base_transfer(root: etree._Element, t: Transmitter) -> None:
    block = etree.SubElement(root, ceb("BaseTransfer"))
    add(block, [("copCode", t.code), ("copName", t.name), ("dxpMode", t.dxp_mode),
                ("dxpId", t.dxp_id), ("note", opt(t.note))])  # fmt: skip


def _head(decl_time: datetime, guid: str, app_type: str, app_status: str):
    return [("guid", guid), ("appType", app_type), ("appTime", time14(decl_time)),
            ("appStatus", app_status)]  # fmt: skip


def _finish(root: etree._Element, signer: Signer | None, *, required: bool = False) -> bytes:
    if signer is None and required:
        signer = installation_signer()
    xml = serialize(root, pretty=True)
    if signer is not None:
        try:
            xml = signer.sign(xml)
        except SignatureError as exc:
            raise DeclarationError([f"signature: {exc}"]) from None
    errors = validate(xml)
    if errors:
        raise DeclarationError(errors)
    return xml


def _fill(root: etree._Element, fields) -> None:
    try:
        add(root, fields)
    except ValueError as exc:
        raise DeclarationError([str(exc)]) from None


def _raise(errors: list[str]) -> None:
    if errors:
        raise DeclarationError(errors)


def build_order(
    decl: OrderDeclaration, *, guid=None, app_time: datetime | None = None, app_type: str = "1",
    app_status: str = "2", transmitter: Transmitter | None = None, signer: Signer | None = None,
) -> bytes:  # fmt: skip
    """CEB311 electronic order. Insurance has no element in CEB311, so `freight` carries freight
    plus insurance: acturalPaid = goodsValue + freight + taxTotal - discount then equals what the
    buyer paid (the tax engine's payable, the payment's amountPaid). See docs/decisions.md."""
    guid, app_time, errors = _header(guid, app_time, app_type, app_status)
    errors += _check_order(decl)
    t = _transmitter(decl, transmitter, errors)
    _raise(errors)
    p, a, buyer, c = decl.parties, decl.amounts, decl.buyer, decl.consignee
    root = _message("CEB311", guid)
    order = etree.SubElement(root, ceb("Order"))
    head = etree.SubElement(order, ceb("OrderHead"))
    _fill(head, _head(app_time, guid, app_type, app_status) + [
        ("orderType", "I"), ("orderNo", decl.order_no),
        ("ebpCode", p.platform.code), ("ebpName", p.platform.name),
        ("ebcCode", p.seller.code), ("ebcName", p.seller.name),
        ("goodsValue", money(decl.goods_value)), ("freight", money(a.freight + a.insured_fee)),
        ("discount", money(a.discount)), ("taxTotal", money(a.tax_total)),
        ("acturalPaid", money(decl.actural_paid)), ("currency", codes.CURRENCY_CNY),
        ("buyerRegNo", buyer.reg_no), ("buyerName", buyer.name),
        ("buyerTelephone", buyer.telephone), ("buyerIdType", "1"),
        ("buyerIdNumber", buyer.id_number),
        ("payCode", p.payment.code), ("payName", p.payment.name),
        ("payTransactionId", decl.payment.transaction_id),
        ("batchNumbers", opt(decl.batch_numbers)),
        ("consignee", c.name), ("consigneeTelephone", c.telephone),
        ("consigneeAddress", c.address), ("consigneeDistrict", opt(c.district)),
        ("note", opt(decl.note)),
    ])  # fmt: skip
    for line in decl.lines:
        el = etree.SubElement(order, ceb("OrderList"))
        _fill(el, [
            ("gnum", str(line.gnum)), ("itemNo", opt(line.item_no)),
            ("itemName", line.item_name), ("gmodel", line.gmodel),
            ("itemDescribe", opt(line.item_describe)), ("barCode", opt(line.bar_code)),
            ("unit", line.unit), ("qty", number(line.qty)), ("price", money(line.price)),
            ("totalPrice", money(line.total_price)), ("currency", codes.CURRENCY_CNY),
            ("country", line.country), ("note", opt(line.note)),
        ])  # fmt: skip
    _base_transfer(root, t)
    return _finish(root, signer)


def build_payment(
    decl: OrderDeclaration, *, guid=None, app_time: datetime | None = None, app_type: str = "1",
    app_status: str = "2", transmitter: Transmitter | None = None, signer: Signer | None = None,
) -> bytes:  # fmt: skip
    """CEB411 payment record: the buyer is the payer; amountPaid = the order's acturalPaid."""
    guid, app_time, errors = _header(guid, app_time, app_type, app_status)
    errors += _check_order(decl)
    t = _transmitter(decl, transmitter, errors)
    _raise(errors)
    p, buyer = decl.parties, decl.buyer
    root = _message("CEB411", guid)
    payment = etree.SubElement(root, ceb("Payment"))
    head = etree.SubElement(payment, ceb("PaymentHead"))
    _fill(head, _head(app_time, guid, app_type, app_status) + [
        ("payCode", p.payment.code), ("payName", p.payment.name),
        ("payTransactionId", decl.payment.transaction_id), ("orderNo", decl.order_no),
        ("ebpCode", p.platform.code), ("ebpName", p.platform.name),
        ("payerIdType", "1"), ("payerIdNumber", buyer.id_number), ("payerName", buyer.name),
        ("telephone", opt(buyer.telephone)), ("amountPaid", money(decl.actural_paid)),
        ("currency", codes.CURRENCY_CNY), ("payTime", time14(decl.payment.paid_at)),
    ])  # fmt: skip
    _base_transfer(root, t)
    return _finish(root, signer)


def goods_info(decl: OrderDeclaration) -> str:
    """Waybill goodsInfo: the parcel's own text, else "name x qty; ..." cut to 200 characters."""
    text = decl.parcel.goods_info or "; ".join(
        f"{line.item_name}×{number(line.qty)}" for line in decl.lines
    )
    return text if len(text) <= GOODS_INFO_MAX else text[: GOODS_INFO_MAX - 1] + "…"


def build_waybill(
    decl: OrderDeclaration, *, guid=None, app_time: datetime | None = None, app_type: str = "1",
    app_status: str = "2", transmitter: Transmitter | None = None, signer: Signer | None = None,
) -> bytes:  # fmt: skip
    """CEB511 waybill. freight and insuredFee are always written (the PDF requires them)."""
    guid, app_time, errors = _header(guid, app_time, app_type, app_status)
    errors += _check_order(decl)
    t = _transmitter(decl, transmitter, errors)
    _raise(errors)
    lg, a, c, parcel = decl.parties.logistics, decl.amounts, decl.consignee, decl.parcel
    root = _message("CEB511", guid)
    logistics = etree.SubElement(root, ceb("Logistics"))
    head = etree.SubElement(logistics, ceb("LogisticsHead"))
    _fill(head, _head(app_time, guid, app_type, app_status) + [
        ("logisticsCode", lg.code), ("logisticsName", lg.name),
        ("logisticsNo", parcel.logistics_no), ("billNo", opt(parcel.bill_no)),
        ("orderNo", decl.order_no), ("freight", money(a.freight)),
        ("insuredFee", money(a.insured_fee)), ("currency", codes.CURRENCY_CNY),
        ("weight", number(parcel.gross_weight)), ("packNo", "1"),
        ("goodsInfo", opt(goods_info(decl))), ("consignee", c.name),
        ("consigneeAddress", c.address), ("consigneeTelephone", c.telephone),
    ])  # fmt: skip
    _base_transfer(root, t)
    return _finish(root, signer)


def build_inventory(
    decl: OrderDeclaration, *, signer: Signer | None = None, guid=None,
    app_time: datetime | None = None, app_type: str = "1", app_status: str = "2",
    transmitter: Transmitter | None = None,
) -> bytes:  # fmt: skip
    """CEB621 import inventory list, bonded mode (1210) only, signed (the schema requires it).

    signer: None = the installation's (`installation_signer()`, reads settings).
    declTime is the date of appTime in China. 1210 leaves trafNo, voyageNo and billNo empty and
    declares country 142 (China); emsNo, areaCode/areaName and each itemRecordNo are required."""
    guid, app_time, errors = _header(guid, app_time, app_type, app_status)
    errors += _check_order(decl)
    t = _transmitter(decl, transmitter, errors)
    site = decl.site
    if site.trade_mode != codes.BONDED:
        errors.append(f"site.trade_mode: only {codes.BONDED} (bonded import) is supported")
    for name, value in (("site.ems_no", site.ems_no), ("site.warehouse.code", site.warehouse.code),
                        ("site.warehouse.name", site.warehouse.name)):  # fmt: skip
        if not value:
            errors.append(f"{name}: required in bonded mode (1210)")
    for i, line in enumerate(decl.lines):
        if not line.item_record_no:
            errors.append(f"lines.{i}.item_record_no: required in bonded mode (1210)")
    _raise(errors)
    p, a, buyer, parcel = decl.parties, decl.amounts, decl.buyer, decl.parcel
    root = _message("CEB621", guid)
    inventory = etree.SubElement(root, ceb("Inventory"))
    head = etree.SubElement(inventory, ceb("InventoryHead"))
    _fill(head, _head(app_time, guid, app_type, app_status) + [
        ("orderNo", decl.order_no),
        ("ebpCode", p.platform.code), ("ebpName", p.platform.name),
        ("ebcCode", p.seller.code), ("ebcName", p.seller.name),
        ("logisticsNo", parcel.logistics_no),
        ("logisticsCode", p.logistics.code), ("logisticsName", p.logistics.name),
        ("copNo", decl.cop_no), ("assureCode", decl.assure_code), ("emsNo", site.ems_no),
        ("ieFlag", "I"), ("declTime", date8(app_time)),
        ("customsCode", site.customs_code), ("portCode", site.port_code),
        ("buyerIdType", "1"), ("buyerIdNumber", buyer.id_number), ("buyerName", buyer.name),
        ("buyerTelephone", buyer.telephone), ("consigneeAddress", decl.consignee.address),
        ("agentCode", p.agent.code), ("agentName", p.agent.name),
        ("areaCode", site.warehouse.code), ("areaName", site.warehouse.name),
        ("tradeMode", site.trade_mode), ("trafMode", site.traf_mode),
        ("loctNo", opt(site.loct_no)), ("licenseNo", opt(decl.license_no)),
        ("country", codes.CHINA), ("freight", money(a.freight)),
        ("insuredFee", money(a.insured_fee)), ("currency", codes.CURRENCY_CNY),
        ("wrapType", opt(parcel.wrap_type)), ("packNo", "1"),
        ("grossWeight", number(parcel.gross_weight)), ("netWeight", number(parcel.net_weight)),
        ("note", opt(decl.note)),
    ])  # fmt: skip
    for line in decl.lines:
        el = etree.SubElement(inventory, ceb("InventoryList"))
        _fill(el, [
            ("gnum", str(line.gnum)), ("itemRecordNo", line.item_record_no),
            ("itemNo", opt(line.item_no)), ("itemName", line.item_name),
            ("gcode", line.gcode), ("gname", line.declared_name), ("gmodel", line.gmodel),
            ("barCode", line.bar_code or "无"), ("country", line.country),
            ("currency", codes.CURRENCY_CNY), ("qty", number(line.qty)), ("unit", line.unit),
            ("qty1", number(line.qty1)), ("unit1", line.unit1),
            ("qty2", None if line.qty2 is None else number(line.qty2)),
            ("unit2", opt(line.unit2)), ("price", money(line.price)),
            ("totalPrice", money(line.total_price)), ("note", opt(line.note)),
        ])  # fmt: skip
    _base_transfer(root, t)
    return _finish(root, signer, required=True)


def _check_withdrawal(doc: ReturnDeclaration | CancelDeclaration) -> list[str]:
    """What a return (CEB625) and a cancellation (CEB623) both need: the inventory number customs
    assigned, the enterprise's copNo (the PDF requires it, the XSD does not) and a reason."""
    errors = []
    for name in ("invt_no", "cop_no", "reason"):
        if not getattr(doc, name):
            errors.append(f"{name}: required" + (" (the PDF requires copNo)" * (name == "cop_no")))
    return errors


def _check_return(ret: ReturnDeclaration) -> list[str]:
    errors: list[str] = []
    declared = {line.gnum: line for line in ret.original.lines}
    if not 1 <= len(ret.lines) <= MAX_LINES:
        errors.append(f"lines: 1 to {MAX_LINES} lines per return")
    seen: set[int] = set()
    for i, line in enumerate(ret.lines):
        p = f"lines.{i}"
        if line.gnum in seen:
            errors.append(f"{p}.gnum: line {line.gnum} is listed twice (customs error -621027)")
        seen.add(line.gnum)
        original = declared.get(line.gnum)
        if original is None:
            errors.append(f"{p}.gnum: the inventory has no line {line.gnum} (error -625209)")
            continue
        _quantity(errors, f"{p}.qty", line.qty)
        if isinstance(line.qty, (Decimal, int)) and line.qty > original.qty:
            errors.append(f"{p}.qty: more than the {number(original.qty)} declared")
    errors += _check_withdrawal(ret)
    if len(ret.original.buyer.id_number) > 20:
        errors.append("buyer.id_number: at most 20 characters in a return (PDF)")
    return errors


def _withdrawal_fields(doc: ReturnDeclaration | CancelDeclaration) -> list[tuple[str, str | None]]:
    """The elements InvtRefundHead (CEB625) and InvtCancel (CEB623) share, in their XSD order,
    from customsCode to note: the original declaration's parties, parcel and buyer (§16)."""
    decl = doc.original
    p, buyer = decl.parties, decl.buyer
    return [
        ("customsCode", decl.site.customs_code), ("orderNo", decl.order_no),
        ("ebpCode", p.platform.code), ("ebpName", p.platform.name),
        ("ebcCode", p.seller.code), ("ebcName", p.seller.name),
        ("logisticsNo", decl.parcel.logistics_no),
        ("logisticsCode", p.logistics.code), ("logisticsName", p.logistics.name),
        ("copNo", doc.cop_no), ("preNo", opt(doc.pre_no)), ("invtNo", doc.invt_no),
        ("buyerIdType", "1"), ("buyerIdNumber", buyer.id_number), ("buyerName", buyer.name),
        ("buyerTelephone", buyer.telephone),
        ("agentCode", p.agent.code), ("agentName", p.agent.name),
        ("reason", doc.reason), ("note", opt(doc.note)),
    ]  # fmt: skip


def build_return(
    ret: ReturnDeclaration, *, signer: Signer | None = None, guid=None,
    app_time: datetime | None = None, app_type: str = "1", app_status: str = "2",
    transmitter: Transmitter | None = None,
) -> bytes:  # fmt: skip
    """CEB625 return application for lines of a concluded inventory list, signed (signer: None =
    the installation's)."""
    decl = ret.original
    guid, app_time, errors = _header(guid, app_time, app_type, app_status)
    errors += _check_return(ret)
    t = _transmitter(decl, transmitter, errors)
    _raise(errors)
    declared = {line.gnum: line for line in decl.lines}
    root = _message("CEB625", guid)
    refund = etree.SubElement(root, ceb("InvtRefund"))
    head = etree.SubElement(refund, ceb("InvtRefundHead"))
    _fill(head, _head(app_time, guid, app_type, app_status) + _withdrawal_fields(ret))
    for line in ret.lines:
        original = declared[line.gnum]
        el = etree.SubElement(refund, ceb("InvtRefundList"))
        _fill(el, [
            ("gnum", str(line.gnum)), ("gcode", original.gcode),
            ("gname", original.declared_name), ("qty", number(line.qty)),
            ("unit", original.unit), ("note", opt(line.note)),
        ])  # fmt: skip
    _base_transfer(root, t)
    return _finish(root, signer, required=True)


def build_cancel(
    cancel: CancelDeclaration, *, signer: Signer | None = None, guid=None,
    app_time: datetime | None = None, app_status: str = "2",
    transmitter: Transmitter | None = None,
) -> bytes:  # fmt: skip
    """CEB623 cancellation application (撤销申请单) of an inventory list customs has on file,
    signed (signer: None = the installation's). appType is always 1: the XSD knows only "new"
    for InvtCancel. One InvtCancel per message; it has no lines."""
    decl = cancel.original
    guid, app_time, errors = _header(guid, app_time, "1", app_status)
    errors += _check_withdrawal(cancel)
    t = _transmitter(decl, transmitter, errors)
    _raise(errors)
    root = _message("CEB623", guid)
    head = etree.SubElement(root, ceb("InvtCancel"))
    _fill(head, _head(app_time, guid, "1", app_status) + _withdrawal_fields(cancel))
    _base_transfer(root, t)
    return _finish(root, signer, required=True)
