"""A plain view of any CEB message (declarations and receipts), for matching and rule checks.

Values are the element texts exactly as written (strings, "" for an empty element); absent
optional elements are absent from the dicts. Parsing does not validate: run `validate` for that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .xmltools import CEB_NS, MESSAGE_TAG, XmlInputError, ds, local, parse_bytes

_ENVELOPE = {"BaseTransfer", "BaseSubscribe", "ExtendMessage"}


class MessageParseError(ValueError):
    """Not well-formed XML, or not a ceb:CEBnnnMessage."""


@dataclass(frozen=True)
class Document:
    """One business document: a head (OrderHead, PaymentHead, ... or a receipt) and its lines."""

    name: str  # the head element's name: OrderHead, InventoryHead, OrderReturn, ...
    head: dict[str, str]
    lines: tuple[dict[str, str], ...] = ()
    line: int | None = None  # source line of the head, for error messages


@dataclass(frozen=True)
class Message:
    kind: str  # "CEB311", "CEB622", ...
    guid: str
    version: str
    documents: tuple[Document, ...]
    transfer: dict[str, str] = field(default_factory=dict)  # BaseTransfer ({} in receipts)
    signed: bool = False  # a ds:Signature is present (not verified)

    @property
    def head(self) -> dict[str, str]:
        """The first document's head: messages built here carry exactly one document."""
        return self.documents[0].head if self.documents else {}


def _fields(element: etree._Element) -> dict[str, str]:
    return {
        local(child.tag): child.text or ""
        for child in element
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{CEB_NS}}}")
    }


def _document(element: etree._Element) -> Document:
    children = [c for c in element if isinstance(c.tag, str)]
    if any(len(c) for c in children):  # a wrapper such as ceb:Order: head + lines
        heads = [c for c in children if local(c.tag).endswith("Head")]
        head = heads[0] if heads else children[0]
        lines = tuple(_fields(c) for c in children if c is not head)
        return Document(local(head.tag), _fields(head), lines, head.sourceline)
    return Document(local(element.tag), _fields(element), (), element.sourceline)


def parse(xml: bytes | str) -> Message:
    try:
        root = parse_bytes(xml)
    except XmlInputError as exc:
        raise MessageParseError(str(exc)) from None
    match = MESSAGE_TAG.match(root.tag)
    if not match:
        raise MessageParseError(f"{root.tag} is not a ceb:CEBnnnMessage")
    documents, transfer, signed = [], {}, False
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag == ds("Signature"):
            signed = True
        elif local(child.tag) == "BaseTransfer":
            transfer = _fields(child)
        elif local(child.tag) not in _ENVELOPE:
            documents.append(_document(child))
    return Message(
        kind=match.group(1), guid=root.get("guid", ""), version=root.get("version", ""),
        documents=tuple(documents), transfer=transfer, signed=signed,
    )  # fmt: skip
