"""The employer's stamped consent to a termination (T1): an image or a PDF that decodes as one."""

from __future__ import annotations

import hashlib

from models import Graduate, StoredFile
from resolvers import uploads

FIELD = "consentFile"


async def store_consent(upload, graduate: Graduate) -> StoredFile:
    data, content_type = await uploads.read(upload, FIELD, uploads.IMAGES | {uploads.PDF},
                                            "请上传加盖用人单位公章的解约证明：JPEG、PNG 图片或 PDF 文件")
    return await StoredFile.create(
        owner_kind="graduate", owner_id=graduate.id, purpose="termination_consent",
        filename=(getattr(upload, "filename", None) or "consent")[:255], content_type=content_type,
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data,
    )
