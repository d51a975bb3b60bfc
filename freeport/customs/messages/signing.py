"""Enveloped XML signatures (ds:Signature) of CEB messages.

The schema requires a `ds:Signature` as the last child of CEB621 and CEB625 (after
`ceb:ExtendMessage`), and allows one on 311/411/511. `Signer` is the interface the builders use;
`XmlDsigSigner` implements it with signxml and an RSA key plus X.509 certificate: RSA-SHA256,
SHA-256 digest, inclusive C14N 1.0 and a single enveloped-signature transform, the same shape as
the official samples (which use SM2-SM3).

Customs expects a China E-port certificate and, preferably, SM2-SM3 (FIELDS.md §0). Neither is
implemented here: to declare for real, plug in another `Signer`, e.g. one that calls a China
E-port signing client or an SM2 signing service, or an `XmlDsigSigner` holding a customs-issued
RSA certificate. The default installation key (`installation.py`) is self-signed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import SignatureConfiguration, XMLSigner, XMLVerifier
from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.exceptions import InvalidInput, SignXMLException

from .xmltools import XmlInputError, ds, local, parse_bytes, serialize

C14N = CanonicalizationMethod.CANONICAL_XML_1_0  # the samples' REC-xml-c14n-20010315


class SignatureError(ValueError):
    """A message could not be signed, or its signature does not verify (reason in the text)."""


@runtime_checkable
class Signer(Protocol):
    """Signs CEB messages and checks their signatures.

    `sign` takes an unsigned message (UTF-8 bytes) and returns it with an enveloped ds:Signature
    appended to the root; `verify` returns None when the signature is valid and made by this
    signer's key, and raises `SignatureError` otherwise. Implement it to use a customs-issued
    certificate, a hardware token or an SM2-SM3 signing service."""

    def sign(self, xml: bytes) -> bytes: ...

    def verify(self, xml: bytes) -> None: ...


def _signature_of(root: etree._Element) -> list[etree._Element]:
    return [child for child in root if child.tag == ds("Signature")]


@dataclass(frozen=True)
class XmlDsigSigner:
    """RSA-SHA256 XML-DSig with one key and its certificate (sent in ds:KeyInfo/X509Data)."""

    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @classmethod
    def from_pem(cls, key_pem: bytes, cert_pem: bytes, password: bytes | None = None):
        key = serialization.load_pem_private_key(key_pem, password=password)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise SignatureError("the signing key must be an RSA private key")
        cert = x509.load_pem_x509_certificate(cert_pem)
        if cert.public_key().public_numbers() != key.public_key().public_numbers():
            raise SignatureError("the certificate does not belong to the signing key")
        return cls(key, cert)

    @classmethod
    def generate(cls, common_name: str = "Freeport customs signing", *, years: int = 10):
        """A new 2048-bit RSA key with a self-signed certificate (tests, first installation)."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        now = datetime.datetime.now(datetime.UTC)
        usage = x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False,
        )  # fmt: skip
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .sign(key, hashes.SHA256())
        )
        return cls(key, cert)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def sign(self, xml: bytes) -> bytes:
        try:
            root = parse_bytes(xml)
        except XmlInputError as exc:
            raise SignatureError(str(exc)) from None
        if _signature_of(root):
            raise SignatureError(f"{local(root.tag)} is already signed")
        signer = XMLSigner(
            signature_algorithm=SignatureMethod.RSA_SHA256,
            digest_algorithm=DigestAlgorithm.SHA256,
            c14n_algorithm=C14N,
        )
        try:
            # Enveloped: the signature is appended as the root's last child, where the XSD
            # wants it; only the enveloped-signature transform is listed, as in the samples.
            signed = signer.sign(
                root, key=self.key, cert=[self.certificate], exclude_c14n_transform_element=True
            )
        except (InvalidInput, SignXMLException) as exc:
            raise SignatureError(f"cannot sign: {exc}") from None
        return serialize(signed)

    def verify(self, xml: bytes) -> None:
        try:
            root = parse_bytes(xml)
        except XmlInputError as exc:
            raise SignatureError(str(exc)) from None
        signatures = _signature_of(root)
        if len(signatures) != 1 or root[-1] is not signatures[0]:
            raise SignatureError("expected exactly one ds:Signature, as the root's last child")
        config = SignatureConfiguration(
            expect_references=1,
            signature_methods=frozenset({SignatureMethod.RSA_SHA256}),
            digest_algorithms=frozenset({DigestAlgorithm.SHA256}),
            # No c14n transform is listed, so XML-DSig's default applies: inclusive C14N 1.0.
            default_reference_c14n_method=C14N,
        )
        try:
            result = XMLVerifier().verify(xml, x509_cert=self.certificate, expect_config=config)
        except (InvalidInput, SignXMLException) as exc:
            raise SignatureError(f"signature does not verify: {exc}") from None
        # Enveloped with URI="": the whole message, not some inner element, must be covered.
        signed = result[0] if isinstance(result, list) else result
        if signed.signed_xml is None or signed.signed_xml.tag != root.tag:
            raise SignatureError("the signature does not cover the whole message")
