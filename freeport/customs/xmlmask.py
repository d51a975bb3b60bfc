"""Customs message XML with the buyer's personal data masked, for display (pure).

CEB messages carry the buyer's real name, ID number and phone, and the consignee's name, phone
and address, in clear. Staff pages show them masked: names `王**`, ID numbers
`110***********1239`, phones `139****5678`, addresses `山东省*****`. Elements are matched by local
name whatever their namespace prefix (`<ceb:buyerName>`); CDATA and character references are
read as text. Then any other place the same values appear in the document (a note, a goods
description) is masked too, so a value never shows in clear elsewhere by accident.
"""

import re
from collections.abc import Callable
from html import unescape
from xml.sax.saxutils import escape

from freeport.kernel.crypto import mask

from .identity import mask_id


def _name(value: str) -> str:
    return mask(value, 1, 0)


def _phone(value: str) -> str:
    return mask(value, 3, 4)


def _address(value: str) -> str:
    return mask(value, 3, 0)


PERSONAL: dict[str, Callable[[str], str]] = {
    "buyerName": _name,
    "payerName": _name,
    "consignee": _name,
    "buyerIdNumber": mask_id,
    "payerIdNumber": mask_id,
    "buyerTelephone": _phone,
    "consigneeTelephone": _phone,
    "telephone": _phone,
    "consigneeAddress": _address,
}

_ELEMENT = re.compile(
    r"<(?P<tag>(?:[A-Za-z_][\w.-]*:)?(?P<local>" + "|".join(PERSONAL) + r"))"
    r"(?P<attrs>\s[^>]*)?>(?P<text>.*?)</(?P=tag)\s*>",
    re.DOTALL,
)
_CDATA = re.compile(r"^<!\[CDATA\[(.*)\]\]>$", re.DOTALL)
MIN_ELSEWHERE = 2  # values this long or longer are also masked wherever else they appear


def _text_of(raw: str) -> str:
    cdata = _CDATA.match(raw.strip())
    return cdata.group(1) if cdata else unescape(raw)


def mask_personal_xml(xml: str) -> str:
    """The XML with every personal-data element's text masked; the layout is kept as is."""
    seen: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        raw = match.group("text")
        value = _text_of(raw).strip()
        if not value:
            return match.group(0)
        masked = PERSONAL[match.group("local")](value)
        seen.setdefault(value, masked)
        lead = raw[: len(raw) - len(raw.lstrip())]
        trail = raw[len(raw.rstrip()) :]
        tag, attrs = match.group("tag"), match.group("attrs") or ""
        return f"<{tag}{attrs}>{lead}{escape(masked)}{trail}</{tag}>"

    result = _ELEMENT.sub(replace, xml)
    # Longest first, so a full name is masked before a shorter value it contains.
    for value in sorted(seen, key=len, reverse=True):
        if len(value) >= MIN_ELSEWHERE:
            result = result.replace(escape(value), escape(seen[value]))
    return result
