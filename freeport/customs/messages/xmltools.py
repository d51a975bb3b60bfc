"""Small XML and value-formatting helpers shared by the builders, parser, schema and signer."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from lxml import etree

CEB_NS = "http://www.chinaport.gov.cn/ceb"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
CHINA_TZ = ZoneInfo("Asia/Shanghai")  # appTime, payTime, declTime are China time (UTC+8)
FEN = Decimal("0.01")
MESSAGE_TAG = re.compile(r"^\{" + re.escape(CEB_NS) + r"\}(CEB\d{3})Message$")
GUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


def ceb(name: str) -> str:
    return f"{{{CEB_NS}}}{name}"


def ds(name: str) -> str:
    return f"{{{DS_NS}}}{name}"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def safe_parser() -> etree.XMLParser:
    """A parser for messages from outside: no network, no entity expansion, no DTD loading."""
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False)


class XmlInputError(ValueError):
    """Not well-formed XML, or XML with a DOCTYPE (never part of a CEB message)."""

    def __init__(self, line: int | None, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason


def parse_bytes(xml: bytes | str) -> etree._Element:
    """Parse a message; raises XmlInputError when it is not well-formed or has a DOCTYPE.

    CEB messages have no DTD; refusing one keeps entity tricks out of validation and signing."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    try:
        root = etree.fromstring(xml, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise XmlInputError(exc.lineno, f"not well-formed XML: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise XmlInputError(1, "a DOCTYPE is not allowed in a CEB message")
    return root


XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'  # double quotes, as the samples


def serialize(root: etree._Element, *, pretty: bool = False) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=pretty)
    return XML_DECLARATION + body


def new_guid() -> str:
    """An upper-case UUID with hyphens: 36 characters, as the samples and annotations ask."""
    return str(uuid.uuid4()).upper()


def normalize_guid(value: str | uuid.UUID | None) -> str:
    if value is None:
        return new_guid()
    text = str(value).upper()
    if not GUID.match(text):
        raise ValueError(f"guid must be a UUID with hyphens (36 characters), got {value!r}")
    return text


def china_time(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times must be timezone-aware (they are written in China time)")
    return moment.astimezone(CHINA_TZ)


def time14(moment: datetime) -> str:
    return china_time(moment).strftime("%Y%m%d%H%M%S")


def date8(moment: datetime) -> str:
    return china_time(moment).strftime("%Y%m%d")


def money(amount: Decimal) -> str:
    """CNY with exactly 2 decimals (inputs are checked to have at most 2)."""
    return f"{Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP):.2f}"


def number(value: Decimal | int) -> str:
    """A quantity or weight in plain notation (never exponent), as given (at most 5 decimals)."""
    return format(Decimal(value), "f")


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def add(parent: etree._Element, fields: list[tuple[str, str | None]]) -> None:
    """Append `ceb:` children in order; a None value means "optional and absent"."""
    for name, value in fields:
        if value is None:
            continue
        child = etree.SubElement(parent, ceb(name))
        try:
            child.text = value
        except ValueError as exc:  # control characters cannot be written in XML 1.0
            raise ValueError(f"{name}: {exc}") from None


def opt(value: str | None) -> str | None:
    """An optional text element: written only when it has content."""
    return value if value else None
