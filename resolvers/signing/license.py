"""The employer's USCC certificate image (S3): a JPEG or PNG that decodes, within the size limits."""

from __future__ import annotations

from typing import Any

from models import StoredFile
from resolvers import files, uploads

FIELD = "licenseImage"


async def read(upload: Any) -> tuple[bytes, str]:
    return await uploads.read(upload, FIELD, uploads.IMAGES,
                              "请上传 JPG 或 PNG 格式的营业执照（统一社会信用代码证）图片")


async def store(data: bytes, content_type: str, filename: str | None, employer_id: int) -> StoredFile:
    return await files.save(data, content_type=content_type, filename=filename or "license",
                            owner_kind="employer", owner_id=employer_id, purpose="uscc_license")
