"""The employer's stamped consent to a termination (T1): an image or a PDF that decodes as one."""

from __future__ import annotations

from models import Graduate, StoredFile
from resolvers import files, uploads

FIELD = "consentFile"


async def store_consent(upload, graduate: Graduate) -> StoredFile:
    data, content_type = await uploads.read(upload, FIELD, uploads.IMAGES | {uploads.PDF},
                                            "请上传加盖用人单位公章的解约证明：JPEG、PNG 图片或 PDF 文件")
    return await files.save(data, content_type=content_type,
                            filename=getattr(upload, "filename", None) or "consent",
                            owner_kind="graduate", owner_id=graduate.id, purpose="termination_consent")
