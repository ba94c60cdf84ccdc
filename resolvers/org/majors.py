"""Majors of a department (R2): created and renamed by the admin of the department's school, audited."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from models import Major
from resolvers import audit, authz
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.org import naming
from resolvers.org.departments import department_to_manage

LABEL, SCOPE = "专业", "本院系"


async def create_major(ctx: Context, department_id: int, code: str, name: str) -> Major:
    department = await department_to_manage(ctx, department_id, "departmentId")
    values = naming.validated(code, name, label=LABEL, partial=False)
    siblings = await Major.filter(department_id=department.id)
    naming.ensure_unique(siblings, values["code"], values["name"], label=LABEL, scope=SCOPE)
    try:
        major = await Major.create(department_id=department.id, **values)
    except IntegrityError:
        raise DomainError(ErrorCode.DUPLICATE_CODE, "专业代码或名称刚被他人使用，请刷新后重试", "code") from None
    await audit.record(ctx, AuditAction.MAJOR_CREATED, "major", major.id, school_id=department.school_id,
                       department_id=department.id, after=values)
    return major


async def update_major(ctx: Context, major_id: int, code: str | None, name: str | None) -> Major:
    authz.require_school_admin(ctx.viewer)
    major = await Major.get_or_none(id=major_id)
    if major is None:
        raise DomainError(ErrorCode.NOT_FOUND, "专业不存在", "id")
    department = await department_to_manage(ctx, major.department_id, "id")
    siblings = await Major.filter(department_id=department.id)
    return await naming.rename(ctx, major, siblings, code, name, label=LABEL, scope=SCOPE,
                               school_id=department.school_id, department_id=department.id,
                               action=AuditAction.MAJOR_UPDATED)
