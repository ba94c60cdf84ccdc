"""The employer keeps its own materials: upload (replacing the kind's file), delete, declare its legal
representative. Every change is audited and clears the schools' checked marks (changes.py)."""

from __future__ import annotations

from typing import Any

from models import Employer, EmployerMaterial, StoredFile
from resolvers import audit, authz, files, uploads, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.employer_materials import rules
from resolvers.employer_materials.changes import materials_changed
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Role
from server import clock

ALLOWED = uploads.IMAGES | {uploads.PDF}


async def _own_locked(ctx: Context) -> Employer:
    authz.require_role(ctx.viewer, Role.EMPLOYER)
    # Locked: a school marking the materials checked waits, and then sees the new version.
    return await Employer.filter(id=ctx.viewer.id).select_for_update().get()


async def upload(ctx: Context, kind: str, file: Any) -> Employer:
    label = rules.KINDS[kind]
    data, content_type = await uploads.read(file, "file", ALLOWED, f"{label}须为 JPG、PNG 图片或 PDF 文件")
    employer = await _own_locked(ctx)
    stored = await files.save(data, content_type=content_type,
                              filename=getattr(file, "filename", None) or label,
                              owner_kind="employer", owner_id=employer.id, purpose=f"employer_{kind}")
    material = await EmployerMaterial.filter(employer_id=employer.id, kind=kind).first()
    old: StoredFile | None = None
    if material is None:
        await EmployerMaterial.create(employer_id=employer.id, kind=kind, file_id=stored.id, uploaded_at=clock.now())
        action = AuditAction.EMPLOYER_MATERIAL_UPLOADED
    else:
        old = await StoredFile.get(id=material.file_id)
        material.file_id, material.uploaded_at = stored.id, clock.now()
        await material.save(update_fields=["file_id", "uploaded_at"])
        action = AuditAction.EMPLOYER_MATERIAL_REPLACED
    cleared = await materials_changed(employer)
    await audit.record(ctx, action, "employer", employer.id,
                       before={"kind": kind, "fileId": old.id, "filename": old.filename} if old else None,
                       after={"kind": kind, "fileId": stored.id, "filename": stored.filename,
                              "materialsVersion": employer.materials_version, "clearedCheckSchoolIds": cleared})
    if old is not None:
        await files.delete(old)
    return employer


async def delete(ctx: Context, kind: str) -> Employer:
    employer = await _own_locked(ctx)
    material = await EmployerMaterial.filter(employer_id=employer.id, kind=kind).first()
    if material is None:
        raise DomainError(ErrorCode.NOT_FOUND, f"尚未上传{rules.KINDS[kind]}", "kind")
    stored = await StoredFile.get(id=material.file_id)
    await material.delete()
    cleared = await materials_changed(employer)
    await audit.record(ctx, AuditAction.EMPLOYER_MATERIAL_DELETED, "employer", employer.id,
                       before={"kind": kind, "fileId": stored.id, "filename": stored.filename},
                       after={"materialsVersion": employer.materials_version, "clearedCheckSchoolIds": cleared})
    await files.delete(stored)
    return employer


async def set_legal_representative(ctx: Context, name: str) -> Employer:
    name = validation.text(name, "legalRepresentative", "法定代表人姓名", 32)
    employer = await _own_locked(ctx)
    if employer.legal_representative == name:
        return employer
    before = employer.legal_representative
    employer.legal_representative = name
    await Employer.filter(id=employer.id).update(legal_representative=name)
    # Whether a letter is needed may have changed with it: what a school checked no longer holds.
    cleared = await materials_changed(employer)
    await audit.record(ctx, AuditAction.EMPLOYER_LEGAL_REPRESENTATIVE_UPDATED, "employer", employer.id,
                       before={"legalRepresentative": before},
                       after={"legalRepresentative": name, "materialsVersion": employer.materials_version,
                              "clearedCheckSchoolIds": cleared})
    return employer
