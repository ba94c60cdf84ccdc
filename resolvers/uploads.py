"""Uploaded files are checked by decoding them, not by their name, declared type or first bytes (issue 6 §3).

Images must decode with Pillow as JPEG or PNG within a pixel limit (a small file can expand to gigabytes);
PDFs must have a PDF's structure. Neither may carry markup or scripts, which a browser could be tricked into
running. Every upload goes through `read`.
"""

from __future__ import annotations

import asyncio
import io
import re
import warnings
from typing import Any

from PIL import Image

from resolvers.errors import DomainError, ErrorCode
from server.settings import get_settings

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
IMAGES = frozenset({JPEG, PNG})
_PIL_FORMATS = {"JPEG": JPEG, "PNG": PNG}
_MARKUP = re.compile(rb"<\s*(?:script|html|body|head|iframe|object|embed|svg|!doctype)\b", re.IGNORECASE)
_PDF_ACTIONS = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFile)\b")
_PNG_END = b"IEND\xaeB`\x82"


async def read(upload: Any, field: str, allowed: frozenset[str], refused_message: str) -> tuple[bytes, str]:
    """The file's bytes and its content type as found by decoding; reads at most one byte past the limit."""
    settings = get_settings()
    limit = settings.upload_max_bytes
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(ErrorCode.FILE_TOO_LARGE, f"文件不能超过 {limit / 1048576:g} MB", field)
    # Decoding takes a while for a large image: off the event loop.
    content_type = await asyncio.to_thread(_content_type, data, allowed, settings.upload_max_pixels, field)
    if content_type is None:
        raise DomainError(ErrorCode.FILE_TYPE_NOT_ALLOWED, refused_message, field)
    return data, content_type


def _content_type(data: bytes, allowed: frozenset[str], max_pixels: int, field: str) -> str | None:
    if _MARKUP.search(data):
        return None
    if data.startswith(b"%PDF-"):
        return PDF if PDF in allowed and _is_pdf(data) else None
    kind = _image(data, max_pixels, field)
    return kind if kind in allowed else None


def _is_pdf(data: bytes) -> bool:
    """Header and end marker where a PDF has them; no scripts, launch actions or embedded files."""
    return (re.match(rb"%PDF-[12]\.\d", data) is not None and b"%%EOF" in data[-1024:]
            and not _PDF_ACTIONS.search(data))


def _image(data: bytes, max_pixels: int, field: str) -> str | None:
    try:
        with warnings.catch_warnings():  # Pillow's own bomb warning: our limit below decides
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        with image:
            kind = _PIL_FORMATS.get(image.format or "")
            width, height = image.size
            if kind is None or width * height == 0:
                return None
            if width * height > max_pixels:
                raise DomainError(ErrorCode.FILE_TOO_LARGE, f"图片尺寸过大（{width}×{height}），请缩小后上传", field)
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if kind == JPEG:
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))  # decodes every block, smaller
            image.load()
    except DomainError:
        raise
    except Exception:  # Pillow reports a broken file in many ways (OSError, SyntaxError, ValueError, ...)
        return None
    if kind == PNG and not data.endswith(_PNG_END):
        return None  # bytes after the image's end: something else rides along
    return kind
