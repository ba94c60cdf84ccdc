"""Stored files: the one way code saves and reads the bytes of an upload or a generated document.

Callers give the bytes and what they are (owner, purpose); where the bytes live is this module's business: the
database keeps what the file is (`StoredFile`: hash, type found by content, size, owner, purpose, key), the store
of server/file_storage.py keeps the bytes under that key.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import secrets
from collections.abc import AsyncIterator
from contextvars import ContextVar

from models import StoredFile
from server import file_storage

log = logging.getLogger(__name__)
# Keys written by the running transaction (resolvers/transaction.atomic), removed again if it rolls back.
_written: ContextVar[list[str] | None] = ContextVar("stored_files_written", default=None)


def new_key(purpose: str) -> str:
    """A fresh, unguessable key: a key never names two files, so nothing is overwritten."""
    folder = re.sub(r"[^a-z0-9_]", "_", purpose.lower())[:32] or "file"
    return f"{folder}/{secrets.token_hex(16)}"


async def save(data: bytes, *, content_type: str, filename: str, owner_kind: str, owner_id: int | None,
               purpose: str) -> StoredFile:
    # Bytes first, row second: a row never names bytes that are not there. If the transaction then rolls
    # back, `removed_on_rollback` deletes the bytes no row names.
    key = new_key(purpose)
    await file_storage.storage().put(key, data, content_type)
    written = _written.get()
    if written is not None:
        written.append(key)
    return await StoredFile.create(
        owner_kind=owner_kind, owner_id=owner_id, purpose=purpose, filename=filename[:255],
        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(), storage_key=key)


async def read(stored: StoredFile) -> bytes:
    """The file's bytes; raises file_storage.FileMissing when the store lost them."""
    return await file_storage.storage().get(stored.storage_key)


async def delete(stored: StoredFile) -> None:
    """Forgets a file no record names any more: the row first, so nothing can hand out a link to missing bytes."""
    await StoredFile.filter(id=stored.id).delete()
    await file_storage.storage().delete(stored.storage_key)


@contextlib.asynccontextmanager
async def removed_on_rollback() -> AsyncIterator[None]:
    """Around a transaction: the bytes saved inside it are deleted again when it fails."""
    written: list[str] = []
    token = _written.set(written)
    try:
        yield
    except BaseException:
        store = file_storage.storage()
        for key in written:
            try:
                await store.delete(key)
            except Exception:  # the failure being raised matters more; the bytes stay as an orphan
                log.warning("could not remove stored bytes %s after a rollback", key, exc_info=True)
        raise
    finally:
        _written.reset(token)
