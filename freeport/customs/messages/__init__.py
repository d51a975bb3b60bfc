"""Customs declaration messages (CEB 202205 import), pure code: build, validate, check, sign, parse.

Inputs are the typed dataclasses of `inputs.py` (`OrderDeclaration`, `ReturnDeclaration`,
`CancelDeclaration`, ...);
outputs are UTF-8 XML bytes. Nothing here touches the ORM; only `installation_signer()` reads
settings and files. Field-by-field mapping, signing and limits: docs/customs-messages.md.

Build (each returns bytes, checked against the XSD; raises `DeclarationError(errors)`):

    build_order(decl, *, guid=None, app_time=None, app_type="1", app_status="2",
                transmitter=None, signer=None)                  # CEB311
    build_payment(decl, ...same keywords...)                    # CEB411
    build_waybill(decl, ...same keywords...)                    # CEB511
    build_inventory(decl, *, signer=None, guid=None, app_time=None, ...)   # CEB621, signed
    build_return(ret, *, signer=None, guid=None, app_time=None, ...)       # CEB625, signed
    build_cancel(cancel, *, signer=None, guid=None, app_time=None, ...)    # CEB623, signed

    guid: message and record guid (default: a new upper-case UUID); app_time: aware datetime,
    written in China time (default: now); transmitter: BaseTransfer (default:
    decl.site.transmitter); signer: any `Signer` (621/623/625: None = installation_signer()).

Check:

    validate(xml) -> list[str]           # XSD errors as "line N: message"; [] = valid
    check_rules(*messages, goods_sum=True, freight_includes_insurance=True) -> list[Violation]
                                         # FIELDS.md §15-17 rules + cross-document matching
    parse(xml) -> Message                # kind, guid, documents[head dict, lines], transfer, signed

Sign:

    Signer                               # protocol: sign(xml) -> xml; verify(xml) raises
    XmlDsigSigner.generate() / .from_pem(key_pem, cert_pem)    # RSA-SHA256 via signxml
    installation_signer()                # from CUSTOMS_SIGNING_KEY_FILE/_CERT_FILE or VAR_DIR
    verify_signature(xml, signer=None) -> bool   # default: the installation's signer
    SignatureError
"""

from .build import (
    DeclarationError,
    build_cancel,
    build_inventory,
    build_order,
    build_payment,
    build_return,
    build_waybill,
    goods_info,
)
from .inputs import (
    Amounts,
    Buyer,
    CancelDeclaration,
    Consignee,
    Enterprise,
    GoodsLine,
    OrderDeclaration,
    Parcel,
    Parties,
    PaymentInfo,
    ReturnDeclaration,
    ReturnLine,
    Site,
    Transmitter,
)
from .installation import SigningConfigError, installation_signer, verify_signature
from .parse import Document, Message, MessageParseError, parse
from .rules import Violation, check_rules
from .schema import validate
from .signing import SignatureError, Signer, XmlDsigSigner

__all__ = [
    "Amounts", "Buyer", "CancelDeclaration", "Consignee", "DeclarationError", "Document",
    "Enterprise", "GoodsLine",
    "Message", "MessageParseError", "OrderDeclaration", "Parcel", "Parties", "PaymentInfo",
    "ReturnDeclaration", "ReturnLine", "SignatureError", "Signer", "SigningConfigError", "Site",
    "Transmitter", "Violation", "XmlDsigSigner", "build_cancel", "build_inventory", "build_order",
    "build_payment", "build_return", "build_waybill", "check_rules", "goods_info",
    "installation_signer", "parse", "validate", "verify_signature",
]  # fmt: skip
