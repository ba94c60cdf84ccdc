"""The platform's seal on every agreement PDF (issue 10 §5): a PAdES signature with the platform's certificate.

A forwarded file can then be checked offline in any PDF reader, and any change to its bytes shows. Production
gives the certificate in settings (WANGQIAN_SEAL_CERTIFICATE, WANGQIAN_SEAL_KEY: PEM files); the embedded
default makes a self-signed development certificate on first use, beside its SQLite database, in one private
file holding key and certificate (two files could be written by two processes from two different keys).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1, translate_pyca_cryptography_key_to_asn1
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko_certvalidator.registry import SimpleCertificateStore

from server import keys as server_keys
from server.settings import get_settings

FIELD = "PlatformSeal"
# A CMS signature with the certificate chain; a production chain of three RSA-4096 certificates stays below this.
SIGNATURE_BYTES = 12 * 1024
_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----\s*", re.S)


class SealMissing(RuntimeError):
    """No certificate to seal with: the reason, in Chinese."""


def development_certificate(common_name: str = "网签平台（开发用证书）") -> bytes:
    """Key and self-signed certificate as one PEM text: for the embedded default and for tests."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "wangqian development")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
            + cert.public_bytes(serialization.Encoding.PEM))


def _development_file() -> Path | None:
    path = server_keys.key_file(get_settings().database_url)
    return None if path is None else path.with_name(path.name.removesuffix(".keys") + ".seal.pem")


def _from_bundle(pem: bytes) -> signers.SimpleSigner:
    blocks = {kind: block for block, kind in ((m.group(0), m.group(1)) for m in _PEM_BLOCK.finditer(pem))}
    key = serialization.load_pem_private_key(blocks[b"PRIVATE KEY"], password=None)
    cert = x509.load_pem_x509_certificate(blocks[b"CERTIFICATE"])
    return _signer(translate_pyca_cryptography_cert_to_asn1(cert), translate_pyca_cryptography_key_to_asn1(key), [])


def _signer(cert, key, chain) -> signers.SimpleSigner:
    return signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                cert_registry=SimpleCertificateStore.from_certs([cert, *chain]))


@lru_cache
def signer() -> signers.SimpleSigner:
    settings = get_settings()
    if settings.seal_certificate or settings.seal_key:
        if not (settings.seal_certificate and settings.seal_key):
            raise SealMissing("WANGQIAN_SEAL_CERTIFICATE 与 WANGQIAN_SEAL_KEY 须同时设置（PEM 文件路径）")
        try:
            cert = load_cert_from_pemder(settings.seal_certificate)
            key = load_private_key_from_pemder(settings.seal_key, passphrase=None)
        except (OSError, ValueError) as e:
            raise SealMissing(f"平台签章证书无法读取：{e}") from None
        return _signer(cert, key, [])
    if not settings.is_sqlite:
        raise SealMissing("使用 SQLite 以外的数据库时须设置平台签章证书 WANGQIAN_SEAL_CERTIFICATE 与 "
                          "WANGQIAN_SEAL_KEY（PEM 文件），协议书 PDF 以它签章")
    path = _development_file()
    if path is None:
        return _from_bundle(development_certificate())
    if not path.exists():
        server_keys.create_private_file(path, development_certificate())
    return _from_bundle(path.read_bytes())


def certificate_pem() -> bytes:
    """The sealing certificate, for whoever validates (tests, a help page)."""
    cert = signer().signing_cert
    return x509.load_der_x509_certificate(cert.dump()).public_bytes(serialization.Encoding.PEM)


def seal(pdf: bytes, *, reason: str = "就业协议书（网签平台签发）") -> bytes:
    """The document with a PAdES baseline signature appended (an incremental update: the content is untouched)."""
    meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=SigSeedSubFilter.PADES, reason=reason,
                                        md_algorithm="sha256")
    out = io.BytesIO()
    # A fixed reservation: otherwise pyHanko signs a dummy first to measure the signature, doubling the work.
    signers.PdfSigner(meta, signer=signer()).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out,
                                                      bytes_reserved=SIGNATURE_BYTES)
    return out.getvalue()
