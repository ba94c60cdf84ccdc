"""Stored files: the one way code saves and reads the bytes of an upload or a generated document.

Callers give the bytes and what they are (owner, purpose); where the bytes live is this module's business.
"""

from __future__ import annotations

import hashlib

from models import StoredFile


async def save(data: bytes, *, content_type: str, filename: str, owner_kind: str, owner_id: int | None,
               purpose: str) -> StoredFile:
    return await StoredFile.create(
        owner_kind=owner_kind, owner_id=owner_id, purpose=purpose, filename=filename[:255],
        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data)


async def read(stored: StoredFile) -> bytes:
    return bytes(stored.data)
