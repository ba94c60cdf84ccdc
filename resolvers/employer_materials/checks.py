"""A school's staff mark an employer's materials checked, or take the mark back (issue 12 §5).

The mark is the school's, not the reviewer's: every reviewer of the school sees it and may take it back; other
schools never see it. It is made on one version of the materials (the one the reviewer looked at): if the
employer changed them in between, the mark is refused as stale rather than put on files nobody looked at.
"""

from __future__ import annotations

from models import Employer, EmployerMaterial, EmployerMaterialCheck
from resolvers import audit, authz
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.employer_materials import rules
from resolvers.errors import DomainError, ErrorCode
from server import clock


async def set_checked(ctx: Context, employer_id: int, checked: bool, version: int) -> Employer:
    viewer = ctx.viewer
    # Only staff reviewing one of its signings know the employer's materials exist (R2).
    if employer_id not in await authz.employers_whose_license_viewer_sees(viewer, {employer_id}):
        raise DomainError(ErrorCode.NOT_FOUND, field="employerId")
    employer = await Employer.filter(id=employer_id).select_for_update().get()
    mark = await EmployerMaterialCheck.filter(employer_id=employer.id, school_id=viewer.school_id).first()
    if not checked:
        if mark is not None:
            await mark.delete()
            await audit.record(ctx, AuditAction.EMPLOYER_MATERIALS_UNCHECKED, "employer", employer.id,
                               school_id=viewer.school_id, department_id=viewer.department_id,
                               before={"materialsVersion": mark.materials_version, "checkedById": mark.checked_by_id})
        return employer
    if version != employer.materials_version:
        raise DomainError(ErrorCode.STALE_STATE, "单位已更新资质材料，请重新查看后再标记", "materialsVersion")
    kinds = set(await EmployerMaterial.filter(employer_id=employer.id).values_list("kind", flat=True))
    missing = rules.requirement(employer, kinds).missing
    if missing:
        raise DomainError(ErrorCode.INVALID_STATE,
                          "材料不全（缺少" + "、".join(rules.KINDS[k] for k in missing) + "），不能标记为已核验",
                          "employerId")
    if mark is not None and mark.materials_version == version:
        return employer
    if mark is not None:
        await mark.delete()
    await EmployerMaterialCheck.create(employer_id=employer.id, school_id=viewer.school_id,
                                       materials_version=version, checked_by_id=viewer.id, checked_at=clock.now())
    await audit.record(ctx, AuditAction.EMPLOYER_MATERIALS_CHECKED, "employer", employer.id,
                       school_id=viewer.school_id, department_id=viewer.department_id,
                       after={"materialsVersion": version})
    return employer
