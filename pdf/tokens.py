"""Verification tokens (P3): what the QR code on a printed agreement carries.

`<kid>.<agreement id>.<version>.<issued at>.<signature>`: Ed25519 over the first four parts, so anyone may read
them and nobody can change one. Never expires: the paper lasts, and its standing is looked up when read, not
written into the token. The key id lets keys rotate while old paper still verifies (settings: the first key
signs, every listed key verifies); the embedded default keeps its key beside the SQLite database.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from server import keys as server_keys
from server.settings import get_settings

_DOMAIN = b"wangqian-verify:"
_KID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
_TOKEN = re.compile(r"^([A-Za-z0-9_-]{1,16})\.([1-9][0-9]{0,11})\.([1-9][0-9]{0,8})\.([0-9]{1,12})"
                    r"\.([A-Za-z0-9_-]{86})$")


class KeysMissing(RuntimeError):
    """Verification keys are not configured or not readable: the reason, in Chinese."""


@dataclass(frozen=True)
class Claims:
    kid: str
    agreement_id: int
    version: int
    issued_at: dt.datetime


@dataclass(frozen=True)
class KeyRing:
    current: str
    private: dict[str, Ed25519PrivateKey]

    def public(self, kid: str) -> Ed25519PublicKey | None:
        key = self.private.get(kid)
        return key.public_key() if key else None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_keys(text: str) -> KeyRing:
    """`kid:base64seed,kid:base64seed`, the first one signing."""
    ring: dict[str, Ed25519PrivateKey] = {}
    for item in filter(None, (v.strip() for v in text.split(","))):
        kid, _, seed = item.partition(":")
        try:
            raw = base64.b64decode(seed, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if not _KID.match(kid) or len(raw) != 32:
            raise KeysMissing("WANGQIAN_VERIFICATION_KEYS 的格式为 “密钥编号:32 字节种子的 base64”，多个以逗号分隔，"
                              "第一个用于签发；生成：echo k1:$(openssl rand -base64 32)")
        ring[kid] = Ed25519PrivateKey.from_private_bytes(raw)
    if not ring:
        raise KeysMissing("WANGQIAN_VERIFICATION_KEYS 为空")
    return KeyRing(next(iter(ring)), ring)


def new_key_text(kid: str = "k1") -> str:
    return f"{kid}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def _key_file(database_url: str) -> Path | None:
    path = server_keys.key_file(database_url)
    return None if path is None else path.with_name(path.name.removesuffix(".keys") + ".verification-keys")


@lru_cache
def key_ring() -> KeyRing:
    settings = get_settings()
    if settings.configured_verification_keys:
        return parse_keys(settings.configured_verification_keys)
    if not settings.is_sqlite:
        raise KeysMissing("使用 SQLite 以外的数据库时须设置 WANGQIAN_VERIFICATION_KEYS（防伪二维码的签名密钥），"
                          "生成：echo k1:$(openssl rand -base64 32)")
    path = _key_file(settings.database_url)
    if path is None:
        return parse_keys(new_key_text())
    if not path.exists():
        server_keys.create_private_file(path, json.dumps({"keys": new_key_text()}).encode())
    try:
        return parse_keys(json.loads(path.read_text(encoding="utf-8"))["keys"])
    except (ValueError, KeyError, TypeError):
        raise KeysMissing(f"防伪密钥文件 {path} 已损坏") from None


def issue(agreement_id: int, version: int, issued_at: dt.datetime) -> str:
    ring = key_ring()
    body = f"{ring.current}.{agreement_id}.{version}.{int(issued_at.timestamp())}"
    return f"{body}.{_b64(ring.private[ring.current].sign(_DOMAIN + body.encode()))}"


def read(token: str) -> Claims | None:
    """The claims of a genuine token; None for anything altered, forged, or signed by an unknown key."""
    match = _TOKEN.match(token or "")
    if not match:
        return None
    kid, agreement_id, version, issued, signature = match.groups()
    public = key_ring().public(kid)
    if public is None:
        return None
    body = token.rsplit(".", 1)[0]
    try:
        public.verify(_unb64(signature), _DOMAIN + body.encode())
    except (InvalidSignature, binascii.Error, ValueError):
        return None
    return Claims(kid, int(agreement_id), int(version), dt.datetime.fromtimestamp(int(issued), dt.UTC))


def url(token: str) -> str:
    return f"{get_settings().public_url.rstrip('/')}/verify/{token}"
