"""The employer's USCC certificate image (S3): JPEG or PNG by its content, not its name, within the size limit."""

from __future__ import annotations

import hashlib
from typing import Any

from models import StoredFile
from resolvers.errors import DomainError, ErrorCode
from server.settings import get_settings

FIELD = "licenseImage"
# Magic numbers: what the bytes are, whatever the file is called.
SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


async def read(upload: Any) -> tuple[bytes, str]:
    """The image's bytes and content type; reads at most one byte past the limit."""
    limit = get_settings().upload_max_bytes
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(ErrorCode.FILE_TOO_LARGE, f"文件不能超过 {limit // (1024 * 1024) or 1} MB", FIELD)
    for magic, content_type in SIGNATURES.items():
        if data.startswith(magic):
            return data, content_type
    raise DomainError(ErrorCode.FILE_TYPE_NOT_ALLOWED, "请上传 JPG 或 PNG 格式的营业执照（统一社会信用代码证）图片",
                      FIELD)


async def store(data: bytes, content_type: str, filename: str | None, employer_id: int) -> StoredFile:
    return await StoredFile.create(
        owner_kind="employer", owner_id=employer_id, purpose="uscc_license",
        filename=(filename or "license")[:255], content_type=content_type, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), data=data)
