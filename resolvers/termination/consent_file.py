"""The employer's stamped consent to a termination (T1): an image or a PDF, recognised by its first bytes."""

from __future__ import annotations

import hashlib

from models import Graduate, StoredFile
from resolvers.errors import DomainError, ErrorCode
from server.settings import get_settings

# The declared content type and file name are the client's word; the bytes are not.
SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"%PDF-", "application/pdf"))
FIELD = "consentFile"


async def store_consent(upload, graduate: Graduate) -> StoredFile:
    limit = get_settings().upload_max_bytes
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(ErrorCode.FILE_TOO_LARGE, f"文件不能超过 {limit / 1048576:g} MB", FIELD)
    content_type = next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)
    if content_type is None:
        raise DomainError(ErrorCode.FILE_TYPE_NOT_ALLOWED,
                          "请上传加盖用人单位公章的解约证明：JPEG、PNG 图片或 PDF 文件", FIELD)
    return await StoredFile.create(
        owner_kind="graduate", owner_id=graduate.id, purpose="termination_consent",
        filename=(getattr(upload, "filename", None) or "consent")[:255], content_type=content_type,
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data,
    )
