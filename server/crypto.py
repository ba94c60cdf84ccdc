"""Protection of personal data at rest (B5): AES-256-GCM plus a keyed lookup hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.settings import get_settings

_PREFIX = "v1:"


def _key() -> bytes:
    key = base64.b64decode(get_settings().data_key)
    if len(key) != 32:
        raise RuntimeError("WANGQIAN_DATA_KEY must be base64 of 32 bytes")
    return key


def encrypt(plain: str | None) -> str | None:
    if plain is None or plain == "":
        return plain
    nonce = os.urandom(12)
    sealed = AESGCM(_key()).encrypt(nonce, plain.encode(), None)
    return _PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(sealed: str | None) -> str | None:
    if not sealed:
        return sealed
    raw = base64.b64decode(sealed.removeprefix(_PREFIX))
    return AESGCM(_key()).decrypt(raw[:12], raw[12:], None).decode()


def lookup_hash(value: str) -> str:
    """Deterministic keyed hash, so an encrypted ID number can still be matched at binding."""
    normalized = value.strip().upper()
    return hmac.new(_key(), b"lookup:" + normalized.encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str | None) -> str | None:
    if not value:
        return value
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str | None:
    if not value:
        return value
    digits = value.removeprefix("+86")
    return digits[:3] + "****" + digits[-4:]
