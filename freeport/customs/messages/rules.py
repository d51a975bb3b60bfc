"""Business rules the XSD does not enforce (FIELDS.md §15-§17), as a pure check.

`check_rules(*messages)` takes one or more messages (bytes or parsed `Message`) and returns the
violations found (empty = none): the rules of each message on its own (arithmetic, fixed values,
the PDF's stricter requirements), then the matching rules between the documents given together
(order ↔ payment ↔ waybill ↔ inventory, return and cancellation ↔ inventory). A customs
simulator can pass the documents it has on file for one order. Amounts are compared to the fen
(2 places, half-up).
Each violation names its rule in FIELDS.md; "[derived]" rules follow from the field definitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .parse import Document, Message, parse
from .xmltools import FEN

DECLARATIONS = ("CEB311", "CEB411", "CEB511", "CEB621", "CEB623", "CEB625")
NEEDS_SIGNATURE = ("CEB621", "CEB623", "CEB625")
BUYER = ("buyerName", "buyerIdType", "buyerIdNumber")


@dataclass(frozen=True)
class Violation:
    rule: str  # FIELDS.md section, e.g. "15.1" or "16 Payment amount"
    where: str  # message, document and element, e.g. "CEB311 OrderHead(orderNo=X) acturalPaid"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [FIELDS.md §{self.rule}]"


class _Report:
    def __init__(self) -> None:
        self.items: list[Violation] = []

    def add(self, rule: str, where: str, message: str) -> None:
        self.items.append(Violation(rule, where, message))

    def decimal(self, where: str, head: dict, name: str) -> Decimal | None:
        text = head.get(name)
        if text is None:
            return None
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            self.add("0", f"{where} {name}", f"{text!r} is not a number")
            return None
        return value if value.is_finite() else None

    def fixed(self, rule: str, where: str, head: dict, name: str, allowed: tuple[str, ...]):
        if name in head and head[name] not in allowed:
            self.add(rule, f"{where} {name}", f"is {head[name]!r}, must be {' or '.join(allowed)}")

    def same(self, rule: str, where: str, a: dict, b: dict, pairs, other: str) -> None:
        for name_a, name_b in pairs:
            if name_a in a and name_b in b and a[name_a] != b[name_b]:
                self.add(
                    rule,
                    f"{where} {name_a}",
                    f"{a[name_a]!r} differs from {other} {name_b} {b[name_b]!r}",
                )


def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _where(kind: str, doc: Document) -> str:
    order_no = doc.head.get("orderNo")
    return f"{kind} {doc.name}(orderNo={order_no})" if order_no else f"{kind} {doc.name}"


def _time(r: _Report, where: str, head: dict, name: str, fmt: str) -> None:
    value = head.get(name)
    if value is None:
        return
    try:
        datetime.strptime(value, fmt)
        ok = value.isdigit()
    except ValueError:
        ok = False
    if not ok:
        r.add("0", f"{where} {name}", f"{value!r} is not a valid {fmt} time")


def _gnums(r: _Report, rule: str, where: str, lines, *, consecutive: bool) -> None:
    gnums = [line.get("gnum", "") for line in lines]
    if len(set(gnums)) != len(gnums):
        r.add(rule, f"{where} gnum", "duplicate line numbers (customs error -621027)")
    elif consecutive and gnums != [str(i) for i in range(1, len(gnums) + 1)]:
        r.add(rule, f"{where} gnum", f"must run 1, 2, 3 ... without gaps, got {', '.join(gnums)}")


def _line_totals(r: _Report, rule: str, where: str, lines) -> Decimal:
    total = Decimal(0)
    for line in lines:
        w = f"{where} line {line.get('gnum', '?')}"
        price, qty = r.decimal(w, line, "price"), r.decimal(w, line, "qty")
        line_total = r.decimal(w, line, "totalPrice")
        if None not in (price, qty, line_total) and _fen(price * qty) != _fen(line_total):
            r.add(rule, f"{w} totalPrice", f"{line_total} is not price x qty = {price * qty}")
        total += line_total or 0
    return total


def _not_negative(r: _Report, where: str, head: dict, names) -> None:
    for name in names:
        value = r.decimal(where, head, name)
        if value is not None and value < 0:
            r.add("15.6", f"{where} {name}", "must not be negative")


# ----------------------------------------------------------------------------- one message


def _header_rules(r: _Report, msg: Message) -> None:
    if any(c.islower() for c in msg.guid):
        r.add("0", f"{msg.kind} guid", "must be upper-case")
    if msg.transfer:
        r.fixed("15.7", f"{msg.kind} BaseTransfer", msg.transfer, "dxpMode", ("DXP",))
    for doc in msg.documents:
        w = _where(msg.kind, doc)
        if any(c.islower() for c in doc.head.get("guid", "")):
            r.add("0", f"{w} guid", "must be upper-case")
        r.fixed("1", w, doc.head, "appType", ("1", "2", "3"))
        r.fixed("1", w, doc.head, "appStatus", ("1", "2"))
        _time(r, w, doc.head, "appTime", "%Y%m%d%H%M%S")
        if msg.kind in NEEDS_SIGNATURE and doc.head.get("appStatus") == "2" and not msg.signed:
            r.add("0", w, "appStatus 2 (declared) requires a ds:Signature")


def _order_rules(r: _Report, kind: str, doc: Document, goods_sum: bool) -> None:
    w, h = _where(kind, doc), doc.head
    r.fixed("15.7", w, h, "orderType", ("I",))
    r.fixed("15.7", w, h, "buyerIdType", ("1",))
    _not_negative(r, w, h, ("goodsValue", "freight", "discount", "taxTotal", "acturalPaid"))
    goods, freight, discount, tax, paid = (
        r.decimal(w, h, n) for n in ("goodsValue", "freight", "discount", "taxTotal", "acturalPaid")
    )
    if None not in (goods, freight, discount, tax, paid):
        expected = goods + freight + tax - discount
        if _fen(paid) != _fen(expected):
            r.add(
                "15.1",
                f"{w} acturalPaid",
                f"{paid} is not goodsValue + freight + taxTotal - discount = {expected}",
            )
    _gnums(r, "15.10", w, doc.lines, consecutive=True)
    lines_total = _line_totals(r, "15.3", w, doc.lines)
    if goods_sum and goods is not None and _fen(lines_total) != _fen(goods):
        r.add("15.4", f"{w} goodsValue", f"{goods} is not the sum of line totals {lines_total}")


def _payment_rules(r: _Report, kind: str, doc: Document) -> None:
    w = _where(kind, doc)
    r.fixed("15.7", w, doc.head, "payerIdType", ("1",))
    _not_negative(r, w, doc.head, ("amountPaid",))
    _time(r, w, doc.head, "payTime", "%Y%m%d%H%M%S")


def _waybill_rules(r: _Report, kind: str, doc: Document) -> None:
    w, h = _where(kind, doc), doc.head
    r.fixed("15.7", w, h, "packNo", ("1",))
    for name in ("freight", "insuredFee"):
        if name not in h:
            r.add("17", f"{w} {name}", "required by the PDF (optional in the XSD); write 0 if none")
    _not_negative(r, w, h, ("freight", "insuredFee", "weight"))


def _inventory_rules(r: _Report, kind: str, doc: Document) -> None:
    w, h = _where(kind, doc), doc.head
    for name, allowed in (
        ("ieFlag", ("I",)),
        ("buyerIdType", ("1",)),
        ("packNo", ("1",)),
        ("tradeMode", ("1210", "9610")),
    ):
        r.fixed("15.7", w, h, name, allowed)
    _time(r, w, h, "declTime", "%Y%m%d")
    _not_negative(r, w, h, ("freight", "insuredFee", "grossWeight", "netWeight"))
    if h.get("tradeMode") == "1210":
        r.fixed("15.7", w, h, "country", ("142",))
        for name in ("emsNo", "areaCode", "areaName"):
            if not h.get(name):
                r.add("15.8", f"{w} {name}", "required in bonded mode (1210)")
        for name in ("trafNo", "voyageNo", "billNo"):
            if h.get(name):
                r.add("15.8", f"{w} {name}", "must be empty in bonded mode (1210)")
        for line in doc.lines:
            if not line.get("itemRecordNo"):
                r.add(
                    "15.8",
                    f"{w} line {line.get('gnum', '?')} itemRecordNo",
                    "required in bonded mode (1210)",
                )
    elif h.get("tradeMode") == "9610":
        for name in ("trafNo", "voyageNo", "billNo"):
            if not h.get(name):
                r.add("15.8", f"{w} {name}", "required in direct-purchase mode (9610)")
    gross, net = r.decimal(w, h, "grossWeight"), r.decimal(w, h, "netWeight")
    if gross is not None and net is not None and net > gross:
        r.add("15.12", f"{w} netWeight", f"{net} exceeds grossWeight {gross}")
    _gnums(r, "15.10", w, doc.lines, consecutive=True)
    _line_totals(r, "15.5", w, doc.lines)
    for line in doc.lines:
        qty2 = r.decimal(w, line, "qty2")
        if bool(line.get("unit2")) != (qty2 is not None) or (qty2 is not None and qty2 <= 0):
            r.add(
                "14",
                f"{w} line {line.get('gnum', '?')} qty2",
                "unit2 and a positive qty2 go together (customs error -625009)",
            )


def _withdrawal_rules(r: _Report, w: str, h: dict) -> None:
    """Return (CEB625) and cancellation (CEB623) heads alike: ID card buyer, copNo present."""
    r.fixed("15.7", w, h, "buyerIdType", ("1",))
    if not h.get("copNo"):
        r.add("17", f"{w} copNo", "required by the PDF (optional in the XSD)")


def _cancel_rules(r: _Report, kind: str, doc: Document) -> None:
    w = _where(kind, doc)
    _withdrawal_rules(r, w, doc.head)
    r.fixed("1", w, doc.head, "appType", ("1",))  # InvtCancel knows only 1 = new


def _return_rules(r: _Report, kind: str, doc: Document) -> None:
    w, h = _where(kind, doc), doc.head
    _withdrawal_rules(r, w, h)
    if len(h.get("buyerIdNumber", "")) > 20:
        r.add("17", f"{w} buyerIdNumber", "at most 20 characters (PDF; the XSD allows 60)")
    _gnums(r, "15.10", w, doc.lines, consecutive=False)
    for line in doc.lines:
        qty = r.decimal(w, line, "qty")
        if qty is not None and qty <= 0:
            r.add("15.9", f"{w} line {line.get('gnum', '?')} qty", "must be greater than 0")


# ----------------------------------------------------------------------------- matching (§16)


def _find(docs: list[Document], head: dict, keys: tuple[str, ...]) -> Document | None:
    """The first document whose `keys` equal `head`'s (a missing key never matches a value)."""
    for doc in docs:
        if all(doc.head.get(k) == head.get(k) for k in keys):
            return doc
    return None


def _match_payment(r, pay: Document, orders: list[Document]) -> None:
    w = _where("CEB411", pay)
    order = _find(orders, pay.head, ("orderNo", "ebpCode"))
    if order is None:
        r.add("16 Payment → Order", f"{w} orderNo", "no order with this orderNo and ebpCode")
        return
    paid, amount = r.decimal(w, order.head, "acturalPaid"), r.decimal(w, pay.head, "amountPaid")
    if paid is not None and amount is not None and _fen(paid) != _fen(amount):
        r.add(
            "16 Payment amount",
            f"{w} amountPaid",
            f"{amount} differs from the order's acturalPaid {paid}",
        )
    r.same(
        "16 Payment → Order",
        w,
        pay.head,
        order.head,
        (("payCode", "payCode"), ("payTransactionId", "payTransactionId")),
        "order",
    )
    r.same(
        "16 Buyer / payer identity",
        w,
        pay.head,
        order.head,
        (
            ("payerName", "buyerName"),
            ("payerIdType", "buyerIdType"),
            ("payerIdNumber", "buyerIdNumber"),
        ),
        "order",
    )


def _match_waybill(r, bill: Document, orders: list[Document]) -> None:
    w = _where("CEB511", bill)
    order = _find(orders, bill.head, ("orderNo",))
    if order is None:
        r.add("16 Waybill → Order", f"{w} orderNo", "no order with this orderNo")
        return
    names = ("consignee", "consigneeTelephone", "consigneeAddress")
    r.same("16 Waybill → Order", w, bill.head, order.head, [(n, n) for n in names], "order")


def _match_inventory(r, invt: Document, orders, payments, waybills, opts) -> None:
    w, h = _where("CEB621", invt), invt.head
    if payments is not None and _find(payments, h, ("orderNo", "ebpCode")) is None:
        r.add("16 Payment → Order", f"{w} orderNo", "no payment with this orderNo and ebpCode")
    if waybills is not None:
        bill = _find(waybills, h, ("logisticsNo", "logisticsCode"))
        if bill is None:
            r.add(
                "16 Inventory → Waybill",
                f"{w} logisticsNo",
                "no waybill with this logisticsNo and logisticsCode",
            )
        else:
            r.same(
                "16 Inventory → Waybill",
                w,
                h,
                bill.head,
                (("orderNo", "orderNo"), ("consigneeAddress", "consigneeAddress")),
                "waybill",
            )
    if orders is None:
        return
    order = _find(orders, h, ("orderNo", "ebpCode"))
    if order is None:
        r.add("16 Inventory → Order", f"{w} orderNo", "no order with this orderNo and ebpCode")
        return
    r.same(
        "16 Inventory → Order",
        w,
        h,
        order.head,
        (("ebcCode", "ebcCode"), ("ebcName", "ebcName")),
        "order",
    )
    r.same(
        "16 Buyer on inventory",
        w,
        h,
        order.head,
        [(n, n) for n in (*BUYER, "buyerTelephone", "consigneeAddress")],
        "order",
    )
    order_lines = {line.get("gnum"): line for line in order.lines}
    invt_lines = {line.get("gnum"): line for line in invt.lines}
    if set(order_lines) != set(invt_lines):
        r.add(
            "16 Inventory lines → Order lines",
            f"{w} gnum",
            f"lines {sorted(invt_lines)} do not match the order's {sorted(order_lines)}",
        )
    for gnum, line in invt_lines.items():
        ol = order_lines.get(gnum)
        if ol is not None:
            r.same(
                "16 Inventory lines → Order lines",
                f"{w} line {gnum}",
                line,
                ol,
                (("gname", "itemName"), ("itemName", "itemName"), ("itemNo", "itemNo")),
                "order line",
            )
    goods = r.decimal(w, order.head, "goodsValue")
    invt_total = sum((r.decimal(w, line, "totalPrice") or 0 for line in invt.lines), Decimal(0))
    if opts["goods_sum"] and goods is not None and _fen(invt_total) != _fen(goods):
        r.add(
            "15.5",
            f"{w} totalPrice",
            f"lines sum to {invt_total}, the order's goodsValue is {goods}",
        )
    freight, insured = r.decimal(w, h, "freight"), r.decimal(w, h, "insuredFee")
    order_freight = r.decimal(w, order.head, "freight")
    if opts["freight_includes_insurance"] and None not in (freight, insured, order_freight):
        if _fen(freight + insured) != _fen(order_freight):
            r.add(
                "15 [derived] freight",
                f"{w} freight",
                f"freight + insuredFee = {freight + insured} differs from the order's freight "
                f"{order_freight} (CEB311 has no insurance element)",
            )


def _match_withdrawal(r, kind: str, rule: str, doc: Document, inventories: list[Document]):
    """A return's or cancellation's head against the inventory it names (orderNo + ebpCode):
    invtNo, enterprise, waybill and buyer repeated as declared. The inventory, or None."""
    w, h = _where(kind, doc), doc.head
    invt = _find(inventories, h, ("orderNo", "ebpCode"))
    if invt is None:
        r.add(rule, f"{w} orderNo", "no inventory with this orderNo and ebpCode")
        return None
    if invt.head.get("invtNo") and invt.head["invtNo"] != h.get("invtNo"):
        r.add(rule, f"{w} invtNo", "differs from the inventory's invtNo")
    names = ("ebcCode", "logisticsNo", "logisticsCode", *BUYER, "buyerTelephone")
    r.same(rule, w, h, invt.head, [(n, n) for n in names], "inventory")
    return invt


def _match_return(r, ret: Document, inventories: list[Document]) -> None:
    w = _where("CEB625", ret)
    invt = _match_withdrawal(r, "CEB625", "16 Refund → Inventory", ret, inventories)
    if invt is None:
        return
    declared = {line.get("gnum"): line for line in invt.lines}
    for line in ret.lines:
        lw = f"{w} line {line.get('gnum', '?')}"
        original = declared.get(line.get("gnum"))
        if original is None or original.get("gcode") != line.get("gcode"):
            r.add(
                "16 Refund → Inventory", lw, "no inventory line with this gnum and gcode (-625209)"
            )
            continue
        r.same(
            "16 Refund → Inventory",
            lw,
            line,
            original,
            (("gname", "gname"), ("unit", "unit")),
            "inventory line",
        )
        qty, declared_qty = r.decimal(lw, line, "qty"), r.decimal(lw, original, "qty")
        if qty is not None and declared_qty is not None and qty > declared_qty:
            r.add("15.9", f"{lw} qty", f"{qty} exceeds the declared quantity {declared_qty}")


# ----------------------------------------------------------------------------- entry point


def check_rules(
    *messages: bytes | str | Message,
    goods_sum: bool = True,
    freight_includes_insurance: bool = True,
) -> list[Violation]:
    """Violations of FIELDS.md §15-§17 in `messages`, on their own and matched with each other.

    goods_sum: check Σ line totalPrice = goodsValue (§15.4, §15.5; [derived], so switchable).
    freight_includes_insurance: the order's freight must equal the inventory's freight +
    insuredFee, as Freeport declares them (CEB311 has no insurance element; [derived])."""
    r = _Report()
    parsed = [m if isinstance(m, Message) else parse(m) for m in messages]
    by_kind: dict[str, list[Document]] = {}
    for msg in parsed:
        if msg.kind in DECLARATIONS:
            _header_rules(r, msg)
        for doc in msg.documents:
            by_kind.setdefault(msg.kind, []).append(doc)
            if msg.kind == "CEB311":
                _order_rules(r, msg.kind, doc, goods_sum)
            elif msg.kind == "CEB411":
                _payment_rules(r, msg.kind, doc)
            elif msg.kind == "CEB511":
                _waybill_rules(r, msg.kind, doc)
            elif msg.kind == "CEB621":
                _inventory_rules(r, msg.kind, doc)
            elif msg.kind == "CEB625":
                _return_rules(r, msg.kind, doc)
            elif msg.kind == "CEB623":
                _cancel_rules(r, msg.kind, doc)
    orders, payments = by_kind.get("CEB311"), by_kind.get("CEB411")
    waybills, inventories = by_kind.get("CEB511"), by_kind.get("CEB621")
    opts = {"goods_sum": goods_sum, "freight_includes_insurance": freight_includes_insurance}
    if orders is not None:
        for pay in payments or ():
            _match_payment(r, pay, orders)
        for bill in waybills or ():
            _match_waybill(r, bill, orders)
    for invt in inventories or ():
        _match_inventory(r, invt, orders, payments, waybills, opts)
    if inventories is not None:
        for ret in by_kind.get("CEB625", ()):
            _match_return(r, ret, inventories)
        for cancel in by_kind.get("CEB623", ()):
            _match_withdrawal(r, "CEB623", "16 Cancel → Inventory", cancel, inventories)
    return r.items
