"""A local customs that behaves like the real one, for development, demos and tests.

It validates each message against the official schema (and the signature on CEB621/625),
performs the three-document match when the inventory list arrives (order, payment, waybill and
inventory must link up: FIELDS.md §16), checks the buyer's single and annual limits, and hands out
receipts over time with the official `returnStatus` codes: 120 accepted, then for an inventory
800 released or 500 inspection (released later), or 100 rejected with a reason.

Timing and behaviour come from settings.CUSTOMS_SIMULATOR (see docs/customs-gateway.md):
`accept_seconds`, `release_seconds`, `match_timeout_seconds`, `inspection_every` (every n-th
inventory, counted by guid hash, is inspected; 0 = never), `down` (raise GatewayUnavailable).

Cancellations (CEB623) must name an inventory of their order that was decided (500 or 800,
so it has an invtNo) and not withdrawn already; they get 120 after `accept_seconds`, or 100 with
the reason, and a withdrawn inventory stops counting toward the buyer's annual limit.

Limits: one Order/Payment/Logistics/Inventory per message (what Freeport sends); receipts are
typed values, not CEB312/622/624 XML; signatures are checked against the certificate inside them,
not against a customs registry of enterprise certificates; returns (CEB625) are checked against
the released inventory (invtNo, gnum, quantity) but not against the 45-day arrival window; an
inventory withdrawn while under inspection still gets the 800 it was scheduled for, and nothing
checks whether the goods already left the zone (customs refuses a cancellation then).
"""

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from lxml import etree

from freeport.customs import quota as quota_rules
from freeport.customs.identity import id_index_of
from freeport.customs.messages.xmltools import safe_parser
from freeport.customs.models import SimulatedCustomsMessage as Message
from freeport.customs.models import SimulatedCustomsReceipt as SimReceipt
from freeport.customs.receipts import ACCEPTED, INSPECTION, REJECTED, RELEASED

from .base import GatewayUnavailable, Receipt

DEFAULTS = {
    "accept_seconds": 2,
    "release_seconds": 10,
    "match_timeout_seconds": 600,
    "inspection_every": 10,
    "down": False,
}
HEADS = {
    "CEB311": "OrderHead",
    "CEB411": "PaymentHead",
    "CEB511": "LogisticsHead",
    "CEB621": "InventoryHead",
    "CEB623": "InvtCancel",
    "CEB625": "InvtRefundHead",
}
LISTS = {"CEB311": "OrderList", "CEB621": "InventoryList", "CEB625": "InvtRefundList"}
SINGLE_LIMIT = Decimal("5000")


def config() -> dict:
    return DEFAULTS | getattr(settings, "CUSTOMS_SIMULATOR", {})


def _fields(element) -> dict[str, str]:
    return {etree.QName(child).localname: (child.text or "").strip() for child in element}


def read(xml: bytes) -> dict:
    """The head and lines of a message as plain strings, by element name."""
    root = etree.fromstring(xml, safe_parser())
    kind = etree.QName(root).localname[:6]
    head = root.find(f".//{{*}}{HEADS[kind]}")
    lines = root.findall(f".//{{*}}{LISTS[kind]}") if kind in LISTS else []
    return {
        "kind": kind,
        "head": _fields(head) if head is not None else {},
        "lines": [_fields(line) for line in lines],
    }


def _d(value: str) -> Decimal:
    try:
        return Decimal(value or "0")
    except ArithmeticError:
        return Decimal("NaN")


class CustomsSimulator:
    def submit(self, *, kind: str, guid: str, xml: bytes) -> None:
        cfg = config()
        if cfg["down"]:
            raise GatewayUnavailable("customs simulator is down (CUSTOMS_SIMULATOR['down'])")
        now = timezone.now()
        with transaction.atomic():
            message, created = Message.objects.get_or_create(
                guid=guid, defaults={"kind": kind, "xml": xml.decode(), "received_at": now}
            )
            if not created:
                return  # the same message again: customs keeps the first
            problems = self._problems(kind, xml, message)
            doc = None if problems else read(xml)
            if doc:
                message.order_no = doc["head"].get("orderNo", "")
                if kind == "CEB623":
                    message.invt_no = doc["head"].get("invtNo", "")
                if kind == "CEB621":
                    head = doc["head"]
                    message.buyer_index = id_index_of(head.get("buyerIdNumber", ""))
                    message.amount = sum((_d(li.get("totalPrice")) for li in doc["lines"]),
                                         Decimal(0)) + _d(head.get("freight")) + _d(
                        head.get("insuredFee"))  # fmt: skip
            message.valid = not problems
            message.decided = bool(problems)
            message.save()
            later = now + timedelta(seconds=cfg["accept_seconds"])
            if problems:
                self._receipt(message, REJECTED, "; ".join(problems)[:1000], later)
            elif kind == "CEB623":
                self._receipt(message, ACCEPTED, "撤销成功 / inventory list withdrawn", later,
                              message.invt_no)  # fmt: skip
            else:
                self._receipt(message, ACCEPTED, "入库成功 / accepted", later)

    def _problems(self, kind: str, xml: bytes, message: Message) -> list[str]:
        from freeport.customs import messages

        try:
            errors = list(messages.validate(xml))
        except Exception as exc:  # unparseable XML is a format error, not a crash
            return [f"0001 报文格式错误 / message format error: {exc}"]
        if errors:
            return [f"0002 报文不符合XSD / schema: {e}" for e in errors[:5]]
        if kind in ("CEB621", "CEB623", "CEB625") and not messages.verify_signature(xml):
            return ["1001 数字签名无效 / invalid signature"]
        if kind == "CEB625":
            return self._return_problems(xml)
        if kind == "CEB623":
            return self._cancel_problems(xml, message)
        if kind == "CEB311":
            return [f"-301 {p}" for p in messages.check_rules(xml)]
        return []

    def _return_problems(self, xml: bytes) -> list[str]:
        """A return must name a released inventory and lines (gnum, quantity) it declared."""
        doc = read(xml)
        release = (
            SimReceipt.objects.filter(invt_no=doc["head"].get("invtNo"), return_status=RELEASED)
            .select_related("message")
            .first()
        )
        if release is None:
            return ["-625 清单未放行 / no released inventory with this invtNo"]
        declared = {
            li.get("gnum"): _d(li.get("qty")) for li in read(release.message.xml.encode())["lines"]
        }
        problems = []
        for line in doc["lines"]:
            gnum, qty = line.get("gnum"), _d(line.get("qty"))
            if gnum not in declared:
                problems.append(f"-625209 清单无此商品项 / no line {gnum} in the inventory")
            elif not 0 < qty <= declared[gnum]:
                problems.append(
                    f"-625 退货数量超出 / line {gnum}: quantity {qty} over {declared[gnum]}"
                )
        return problems

    def _cancel_problems(self, xml: bytes, message: Message) -> list[str]:
        """A cancellation must name an inventory of its order that customs decided (it has an
        invtNo) and that no earlier cancellation withdrew; its head must repeat the inventory's
        enterprise, waybill and buyer (FIELDS.md §16, `check_rules`)."""
        from freeport.customs import messages

        head = read(xml)["head"]
        invt_no = head.get("invtNo", "")
        decided = (
            SimReceipt.objects.filter(
                invt_no=invt_no, message__kind="CEB621", return_status__in=(INSPECTION, RELEASED)
            )
            .select_related("message")
            .first()
        )
        if decided is None:
            return ["-623001 清单不存在 / no inventory list with this invtNo"]
        inventory = decided.message
        if inventory.order_no != head.get("orderNo"):
            return ["-623002 清单与订单不符 / the inventory list belongs to another order"]
        earlier = Message.objects.filter(kind="CEB623", invt_no=invt_no, valid=True)
        if earlier.exclude(pk=message.pk).exists():
            return ["-623003 清单已撤销 / the inventory list was already withdrawn"]
        # Named by element only: the values are the buyer's, and receipts are shown to staff.
        return [
            f"-623004 与清单不符 / differs from the inventory: {v.where}"
            for v in messages.check_rules(inventory.xml.encode(), xml)
            if v.where.startswith("CEB623")
        ]

    def _receipt(self, message, status, info, at, invt_no=""):
        SimReceipt.objects.create(
            message=message, return_status=status, return_info=info, available_at=at,
            invt_no=invt_no,
        )  # fmt: skip

    def poll(self, *, now: datetime | None = None) -> list[Receipt]:
        cfg = config()
        if cfg["down"]:
            raise GatewayUnavailable("customs simulator is down (CUSTOMS_SIMULATOR['down'])")
        now = now or timezone.now()
        with transaction.atomic():
            for inventory in Message.objects.select_for_update().filter(
                kind="CEB621", valid=True, decided=False
            ):
                self._decide(inventory, now, cfg)
            due = list(
                SimReceipt.objects.select_for_update()
                .filter(available_at__lte=now, delivered_at=None)
                .select_related("message")
            )
            SimReceipt.objects.filter(pk__in=[r.pk for r in due]).update(delivered_at=now)
        return [
            Receipt(r.message.guid, r.return_status, r.return_info, r.available_at, r.invt_no)
            for r in due
        ]

    def _decide(self, inventory: Message, now: datetime, cfg: dict) -> None:
        """The three-document match, once order, payment and waybill are on file."""
        inv = read(inventory.xml.encode())
        head = inv["head"]
        others = {
            m.kind: read(m.xml.encode())
            for m in Message.objects.filter(
                order_no=inventory.order_no, valid=True, kind__in=["CEB311", "CEB411", "CEB511"]
            ).order_by("id")
        }
        missing = [k for k in ("CEB311", "CEB411", "CEB511") if k not in others]
        if missing:
            waited = now - inventory.received_at
            if waited < timedelta(seconds=cfg["match_timeout_seconds"]):
                return
            problems = [f"-621002 缺少 / missing {', '.join(missing)}"]
        else:
            problems = match(others["CEB311"], others["CEB411"], others["CEB511"], inv)
            problems += self._limits(inventory, inv)
        inventory.decided = True
        inventory.save(update_fields=["decided"])
        at = max(now, inventory.received_at + timedelta(seconds=cfg["release_seconds"]))
        if problems:
            self._receipt(inventory, REJECTED, "; ".join(problems)[:1000], at)
            return
        invt_no = head.get("customsCode", "0000")[:4] + now.strftime("%Y") + "I" + (
            hashlib.sha256(inventory.guid.encode()).hexdigest()[:9].upper()
        )  # fmt: skip
        every = cfg["inspection_every"]
        if every and int(hashlib.sha256(inventory.guid.encode()).hexdigest(), 16) % every == 0:
            self._receipt(inventory, INSPECTION, "查验 / selected for inspection", at, invt_no)
            at += timedelta(seconds=cfg["release_seconds"])
        self._receipt(inventory, RELEASED, "放行 / released", at, invt_no)

    def _limits(self, inventory: Message, inv: dict) -> list[str]:
        lines = inv["lines"]
        units = sum((_d(li.get("qty")) for li in lines), Decimal(0))
        if inventory.amount > SINGLE_LIMIT and units > 1:
            return [f"-621005 超过单次限值 / over the single limit: {inventory.amount}"]
        year = quota_rules.quota_year(inventory.received_at)
        # inventories withdrawn by an accepted cancellation (CEB623) no longer count
        withdrawn = Message.objects.filter(kind="CEB623", valid=True).values("invt_no")
        used = sum(
            (
                m.amount
                for m in Message.objects.filter(
                    kind="CEB621", buyer_index=inventory.buyer_index, decided=True,
                    receipts__return_status=RELEASED,
                ).exclude(pk=inventory.pk).exclude(receipts__invt_no__in=withdrawn).distinct()
                if quota_rules.quota_year(m.received_at) == year
            ),
            Decimal(0),
        )  # fmt: skip
        if not quota_rules.fits(used, inventory.amount):
            return [f"-621018 超过年度限值 / over the annual limit: used {used}"]
        return []


def match(order: dict, payment: dict, waybill: dict, inventory: dict) -> list[str]:
    """The links of FIELDS.md §16 that must hold between the four documents."""
    o, p, w, i = order["head"], payment["head"], waybill["head"], inventory["head"]
    checks = [
        ("inventory.orderNo = order.orderNo", i.get("orderNo") == o.get("orderNo")),
        ("inventory.ebpCode = order.ebpCode", i.get("ebpCode") == o.get("ebpCode")),
        ("inventory.ebcCode = order.ebcCode", i.get("ebcCode") == o.get("ebcCode")),
        ("payment.orderNo = order.orderNo", p.get("orderNo") == o.get("orderNo")),
        ("payment.amountPaid = order.acturalPaid",
         _d(p.get("amountPaid")) == _d(o.get("acturalPaid"))),
        ("payment.payTransactionId = order.payTransactionId",
         not o.get("payTransactionId") or p.get("payTransactionId") == o.get("payTransactionId")),
        ("payment payer = order buyer",
         (p.get("payerName"), p.get("payerIdNumber")) == (o.get("buyerName"),
                                                         o.get("buyerIdNumber"))),
        ("waybill.orderNo = order.orderNo", w.get("orderNo") == o.get("orderNo")),
        ("waybill consignee = order consignee",
         all(w.get(f) == o.get(f) for f in ("consignee", "consigneeTelephone",
                                             "consigneeAddress"))),
        ("inventory.logisticsNo = waybill.logisticsNo",
         i.get("logisticsNo") == w.get("logisticsNo")),
        ("inventory.logisticsCode = waybill.logisticsCode",
         i.get("logisticsCode") == w.get("logisticsCode")),
        ("inventory buyer = order buyer",
         all(i.get(f) == o.get(f) for f in ("buyerName", "buyerIdNumber", "buyerTelephone"))),
        ("inventory.consigneeAddress = order.consigneeAddress",
         i.get("consigneeAddress") == o.get("consigneeAddress")),
        ("inventory lines = order lines (gnum)",
         [li.get("gnum") for li in inventory["lines"]] == [li.get("gnum") for li in
                                                           order["lines"]]),
    ]  # fmt: skip
    return [
        f"-621002 四单比对失败 / documents do not match: {name}" for name, ok in checks if not ok
    ]
