"""XSD validation of CEB messages against the official 202205 import schema (kept in the repo).

`validate(xml)` returns a list of error strings, each "line N: message" (empty = valid); it never
raises for bad input, so a gateway or simulator can store or show the errors as they are. The
schema and its xmldsig import are read from `freeport/customs/schemas/` only: the parser has no
network access and a resolver refuses every other location, so lxml never fetches anything.
"""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import etree

from .xmltools import CEB_NS, DS_NS, MESSAGE_TAG, XmlInputError, parse_bytes, safe_parser

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
IMPORT_SCHEMA = SCHEMA_DIR / "海关跨境进口业务节点报文定义202205.xsd"
XMLDSIG_SCHEMA = SCHEMA_DIR / "xmldsig-core-schema.xsd"
_LOCAL_FILES = {XMLDSIG_SCHEMA.name: XMLDSIG_SCHEMA}


class SchemaLoadError(RuntimeError):
    """The bundled schema could not be loaded (a packaging error, not a message error)."""


class _LocalOnly(etree.Resolver):
    def resolve(self, system_url, public_id, context):
        name = (system_url or "").replace("\\", "/").rsplit("/", 1)[-1]
        if name in _LOCAL_FILES:
            return self.resolve_filename(str(_LOCAL_FILES[name]), context)
        raise SchemaLoadError(f"refusing to load {system_url!r}: only the bundled schemas are used")


def _load() -> etree.XMLSchema:
    parser = safe_parser()
    parser.resolvers.add(_LocalOnly())
    try:
        with IMPORT_SCHEMA.open("rb") as f:
            doc = etree.parse(f, parser, base_url=IMPORT_SCHEMA.as_uri())
        return etree.XMLSchema(doc)
    except (OSError, etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        raise SchemaLoadError(f"cannot load {IMPORT_SCHEMA.name}: {exc}") from exc


# An XMLSchema keeps its error log on the instance, so each thread gets its own.
_local = threading.local()


def schema() -> etree.XMLSchema:
    if getattr(_local, "schema", None) is None:
        _local.schema = _load()
    return _local.schema


def _clean(message: str) -> str:
    return message.replace(f"{{{CEB_NS}}}", "ceb:").replace(f"{{{DS_NS}}}", "ds:")


def validate(xml: bytes | str) -> list[str]:
    """Errors of one message against the XSD, as "line N: message"; [] when it is valid.

    Besides the XSD, the root must be a `ceb:CEBnnnMessage`: the schema also declares its inner
    blocks (OrderHead, ...) as global elements, which are not messages on their own."""
    try:
        root = parse_bytes(xml)
    except XmlInputError as exc:
        return [str(exc)]
    if not MESSAGE_TAG.match(root.tag):
        return [
            f"line {root.sourceline}: root element {_clean(root.tag)} is not a ceb:CEBnnnMessage"
        ]
    checker = schema()
    try:
        if checker.validate(root):
            return []
    except etree.XMLSchemaValidateError as exc:  # libxml2 gave up; still an answer, not a crash
        return [f"line {root.sourceline}: schema validation failed: {exc}"]
    return [f"line {e.line}: {_clean(e.message)}" for e in checker.error_log]
