"""Uploaded files are checked by decoding them, not by their name, declared type or first bytes (issue 6 §3).

Every upload goes through `read`: its size is bounded while it is read, its type is what resolvers/file_types.py
finds in its content (images decoded by Pillow within a pixel limit, PDFs by their structure, no markup).
"""

from __future__ import annotations

import asyncio
from typing import Any

from resolvers import file_types
from resolvers.errors import DomainError, ErrorCode
from server.settings import get_settings

JPEG, PNG, PDF = file_types.JPEG, file_types.PNG, file_types.PDF
IMAGES = file_types.IMAGES


async def read(upload: Any, field: str, allowed: frozenset[str], refused_message: str) -> tuple[bytes, str]:
    """The file's bytes and its content type as found by decoding; reads at most one byte past the limit."""
    settings = get_settings()
    limit = settings.upload_max_bytes
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(ErrorCode.FILE_TOO_LARGE, f"文件不能超过 {limit / 1048576:g} MB", field)
    # Decoding takes a while for a large image: off the event loop.
    content_type = await asyncio.to_thread(file_types.found, data, allowed, max_pixels=settings.upload_max_pixels,
                                           field=field)
    if content_type is None:
        raise DomainError(ErrorCode.FILE_TYPE_NOT_ALLOWED, refused_message, field)
    return data, content_type
