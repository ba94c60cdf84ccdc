"""Proof materials of a destination (D1, D2): up to four JPEG, PNG or PDF files, checked by their content; an
image over 300 KB is recompressed (seed 003 §3(3)). Added and deleted while the record is a draft or returned,
by the graduate (also on a record staff entered for them, seed 000)."""

from __future__ import annotations

import asyncio
import io

from PIL import Image

from models import Destination, StoredFile
from resolvers import audit, files, uploads
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.destination.catalog import Kind
from resolvers.destination.owned import EDITABLE, own
from resolvers.errors import DomainError, ErrorCode
from resolvers.states import DESTINATION

MAX_PROOFS = 4
COMPRESS_ABOVE = 300 * 1024
LONG_SIDE = 2000  # pixels: a phone photo of a contract page stays legible at this size
FIELD = "file"


async def add(ctx: Context, destination_id: int, upload) -> Destination:
    destination = await _changeable(await own(ctx, destination_id))
    if len(destination.proof_file_ids) >= MAX_PROOFS:
        raise DomainError(ErrorCode.TOO_MANY_PROOFS, field=FIELD)
    data, content_type = await uploads.read(upload, FIELD, uploads.IMAGES | {uploads.PDF},
                                            "证明材料须为 JPEG、PNG 图片或 PDF 文件")
    filename = getattr(upload, "filename", None) or "proof"
    if content_type in uploads.IMAGES and len(data) > COMPRESS_ABOVE:
        # Decoded already within the pixel limit by uploads.read, so this cannot be a bomb; off the event loop.
        data = await asyncio.to_thread(compress, data)
        content_type = uploads.JPEG
        filename = filename.rsplit(".", 1)[0] + ".jpg"
    stored = await files.save(data, content_type=content_type, filename=filename, owner_kind="graduate",
                              owner_id=destination.graduate_id, purpose="destination_proof")
    ids = [*destination.proof_file_ids, stored.id]
    await _set(ctx, destination, ids, AuditAction.DESTINATION_PROOF_ADDED, stored)
    return destination


async def delete(ctx: Context, destination_id: int, file_id: int) -> Destination:
    destination = await _changeable(await own(ctx, destination_id))
    if file_id not in destination.proof_file_ids:
        raise DomainError(ErrorCode.NOT_FOUND, field="fileId")
    stored = await StoredFile.get(id=file_id)
    await _set(ctx, destination, [i for i in destination.proof_file_ids if i != file_id],
               AuditAction.DESTINATION_PROOF_DELETED, stored)
    await files.delete(stored)
    return destination


async def ensure_enough(kind: Kind, destination: Destination) -> None:
    """Seed 000's criteria: separate pages as that many files, or one PDF holding them; one of several
    alternatives is one file."""
    need = kind.proofs.at_least
    count = len(destination.proof_file_ids)
    if need == 0 or count >= need:
        return
    if count and await StoredFile.filter(id__in=destination.proof_file_ids, content_type=uploads.PDF).exists():
        return
    raise DomainError(ErrorCode.PROOFS_REQUIRED, f"请上传证明材料：{kind.proofs.criteria}", "proofs")


def compress(data: bytes) -> bytes:
    """A JPEG at most LONG_SIDE pixels on its long side, at falling quality, then smaller, until under 300 KB."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (LONG_SIDE, LONG_SIDE))  # a JPEG decodes at a fraction of its size: less memory
        image = image.convert("RGB")
    image.thumbnail((LONG_SIDE, LONG_SIDE))
    while True:
        for quality in (85, 70, 55):
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= COMPRESS_ABOVE:
                return out.getvalue()
        if max(image.size) <= 200:
            return out.getvalue()
        image.thumbnail((image.width * 3 // 4, image.height * 3 // 4))


async def _changeable(destination: Destination) -> Destination:
    # Locked: two uploads at once must not both pass the count of four.
    destination = await Destination.select_for_update().get(id=destination.id)
    if destination.state not in EDITABLE:
        raise DomainError(ErrorCode.INVALID_STATE,
                          f"当前状态为「{DESTINATION.states[destination.state]}」，不能增删证明材料；"
                          "审核前可先撤回修改", "id")
    return destination


async def _set(ctx: Context, destination: Destination, ids: list[int], action: AuditAction,
               stored: StoredFile) -> None:
    before = list(destination.proof_file_ids)
    await Destination.filter(id=destination.id).update(proof_file_ids=ids)
    destination.proof_file_ids = ids
    await audit.record(ctx, action, "destination", destination.id, school_id=destination.school_id,
                       department_id=destination.department_id, before={"proof_file_ids": before},
                       after={"proof_file_ids": ids, "file": stored.filename})
