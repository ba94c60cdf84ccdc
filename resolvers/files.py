"""Stored files: the one way code saves and reads the bytes of an upload or a generated document.

Callers give the bytes and what they are (owner, purpose); where the bytes live is this module's business: the
database keeps what the file is (`StoredFile`: hash, type found by content, size, owner, purpose, key), the store
of server/file_storage.py keeps the bytes under that key.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from models import StoredFile
from server import file_storage


def new_key(purpose: str) -> str:
    """A fresh, unguessable key: a key never names two files, so nothing is overwritten."""
    folder = re.sub(r"[^a-z0-9_]", "_", purpose.lower())[:32] or "file"
    return f"{folder}/{secrets.token_hex(16)}"


async def save(data: bytes, *, content_type: str, filename: str, owner_kind: str, owner_id: int | None,
               purpose: str) -> StoredFile:
    # Bytes first, row second: a row never names bytes that are not there. If the transaction then rolls
    # back, the bytes stay behind unnamed, which costs space but nothing else.
    key = new_key(purpose)
    await file_storage.storage().put(key, data, content_type)
    return await StoredFile.create(
        owner_kind=owner_kind, owner_id=owner_id, purpose=purpose, filename=filename[:255],
        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(), storage_key=key)


async def read(stored: StoredFile) -> bytes:
    """The file's bytes; raises file_storage.FileMissing when the store lost them."""
    return await file_storage.storage().get(stored.storage_key)
