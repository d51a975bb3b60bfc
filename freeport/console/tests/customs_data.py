"""Customs declarations for console tests, made row by row (the message builders are not used).

The XML is small but shaped like the real CEB messages: it names the buyer in clear, as the
real ones do, so the pages can be checked for leaks.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from freeport.customs import declarations
from freeport.customs.models import Declaration, DeclarationMessage, DeclarationReceipt
from freeport.customs.tests.factories import order_declaration

BUYER_ID = "110105199003071239"
BUYER_NAME = "王小明"
BUYER_PHONE = "13912345678"
ADDRESS = "山东省青岛市市南区香港中路 8 号 1201 室"
PERSONAL = (BUYER_ID, BUYER_NAME, BUYER_PHONE, ADDRESS)

XML = """<?xml version="1.0" encoding="UTF-8"?>
<ceb:{kind}Message xmlns:ceb="http://www.chinaport.gov.cn/ceb" guid="{guid}" version="v1.0">
  <ceb:Head>
    <ceb:guid>{guid}</ceb:guid>
    <ceb:orderNo>{order_no}</ceb:orderNo>
    <ceb:buyerRegNo>shopper-7</ceb:buyerRegNo>
    <ceb:buyerName>{name}</ceb:buyerName>
    <ceb:buyerIdType>1</ceb:buyerIdType>
    <ceb:buyerIdNumber>{id_number}</ceb:buyerIdNumber>
    <ceb:buyerTelephone>{phone}</ceb:buyerTelephone>
    <ceb:payerName>{name}</ceb:payerName>
    <ceb:consignee>{name}</ceb:consignee>
    <ceb:consigneeTelephone>{phone}</ceb:consigneeTelephone>
    <ceb:consigneeAddress>{address}</ceb:consigneeAddress>
  </ceb:Head>
</ceb:{kind}Message>
"""
KINDS = ("CEB311", "CEB411", "CEB511", "CEB621")


def message_xml(kind: str, guid: str, order_no: str) -> str:
    return XML.format(
        kind=kind, guid=guid, order_no=order_no, name=BUYER_NAME, id_number=BUYER_ID,
        phone=BUYER_PHONE, address=ADDRESS,
    )  # fmt: skip


def fake_build(kind, source, guid, at, app_type) -> bytes:
    """Stands in for declarations._build while the message builders are being written."""
    return message_xml(kind, guid, source.order_no).encode()


def declaration_make(
    order_no: str, status: str = "submitted", *, attempt: int = 1, reason: str = "",
    invt_no: str = "", receipts: dict[str, list[tuple[int, str]]] | None = None,
    age_minutes: int = 0, kinds=KINDS,
) -> Declaration:  # fmt: skip
    """A declaration with the messages of every attempt up to `attempt`; `receipts` per kind
    (current attempt) as (code, info) pairs. `age_minutes` sets updated_at that long ago."""
    declaration = Declaration.objects.create(
        order_no=order_no, status=status, attempt=attempt, reason=reason, invt_no=invt_no,
        source=declarations._source.dump_json(order_declaration(order_no)).decode(),
        id_index="0" * 64, dutiable_value=Decimal("1785.00"),
    )  # fmt: skip
    now = timezone.now()
    for n in range(1, attempt + 1):
        for kind in kinds:
            guid = str(uuid.uuid4()).upper()
            codes = (receipts or {}).get(kind, []) if n == attempt else [(100, "earlier")]
            message = DeclarationMessage.objects.create(
                declaration=declaration, kind=kind, guid=guid, attempt=n,
                xml=message_xml(kind, guid, order_no), submitted_at=now,
                return_status=codes[-1][0] if codes else None,
            )  # fmt: skip
            for i, (code, info) in enumerate(codes):
                DeclarationReceipt.objects.create(
                    message=message, return_status=code, return_info=info,
                    return_time=now - timedelta(minutes=len(codes) - i),
                )  # fmt: skip
    Declaration.objects.filter(pk=declaration.pk).update(
        updated_at=now - timedelta(minutes=age_minutes)
    )
    declaration.refresh_from_db()
    return declaration
