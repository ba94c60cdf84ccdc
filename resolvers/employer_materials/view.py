"""An employer's materials as a viewer may see them, through per-request loaders: a queue page costs the same
statements whatever its size (issue 9). Null to anyone but the employer itself and the staff whose scope holds one
of its signings (authz.employers_whose_license_viewer_sees, as for the S3 licence)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import Employer, EmployerMaterial, EmployerMaterialCheck, Staff
from resolvers import file_access
from resolvers.context import Context
from resolvers.employer_materials import rules
from resolvers.file_access import FileView
from resolvers.viewer import Role


@dataclass(frozen=True)
class Material:
    kind: str
    file: FileView
    uploaded_at: dt.datetime | None  # null for the S3 certificate: it came with an invitation
    from_qr_card: bool


@dataclass(frozen=True)
class Check:
    checked_by_name: str
    checked_at: dt.datetime


@dataclass(frozen=True)
class MaterialsView:
    employer: Employer
    legal_representative: str
    letter_required: bool
    materials: list[Material]
    missing: list[str]
    school_check: Check | None

    @property
    def complete(self) -> bool:
        return not self.missing


async def _school_mark(ctx: Context, employer: Employer) -> Check | None:
    viewer = ctx.viewer
    if viewer.role not in (Role.SCHOOL_ADMIN, Role.DEPARTMENT_REVIEWER) or viewer.school_id is None:
        return None
    school_id = viewer.school_id

    async def load(employer_ids: list[int]) -> list[EmployerMaterialCheck | None]:
        rows = await EmployerMaterialCheck.filter(school_id=school_id, employer_id__in=set(employer_ids))
        by_employer = {r.employer_id: r for r in rows}
        return [by_employer.get(i) for i in employer_ids]

    mark = await ctx.loaders.named("employer_material_checks", load).load(employer.id)
    if mark is None or mark.materials_version != employer.materials_version:
        return None
    staff = await ctx.loaders.get(Staff, mark.checked_by_id)
    return Check(checked_by_name=staff.name if staff else "", checked_at=mark.checked_at)


async def materials_of(ctx: Context, employer: Employer | None) -> MaterialsView | None:
    if employer is None or not await file_access.sees_employer_files(ctx, employer.id):
        return None
    rows = await ctx.loaders.many_by(EmployerMaterial, "employer_id").load(employer.id)
    by_kind = {r.kind: r for r in rows}
    file_ids = [r.file_id for r in rows]
    licence_from_card = rules.BUSINESS_LICENSE not in by_kind and employer.license_file_id is not None
    if licence_from_card:
        file_ids.append(employer.license_file_id)
    await ctx.loaders.file_info().load_many(file_ids)  # one batch for the page
    materials = []
    for kind in rules.KINDS:
        row = by_kind.get(kind)
        if row is not None:
            view = await file_access.employer_material(ctx, row.file_id)
            if view is not None:
                materials.append(Material(kind, view, row.uploaded_at, False))
        elif kind == rules.BUSINESS_LICENSE and licence_from_card:
            view = await file_access.employer_material(ctx, employer.license_file_id)
            if view is not None:
                materials.append(Material(kind, view, None, True))
    need = rules.requirement(employer, set(by_kind))
    return MaterialsView(employer=employer, legal_representative=employer.legal_representative,
                         letter_required=need.letter_required, materials=materials, missing=need.missing,
                         school_check=await _school_mark(ctx, employer))


async def materials_after_change(ctx: Context, employer_id: int) -> MaterialsView | None:
    """A mutation's payload, read after its commit as any later query would (not from the request's loaders)."""
    return await materials_of(ctx, await Employer.get(id=employer_id))
