"""Departments of a school (R2): created and renamed by the school's own admin, audited."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from models import Department
from resolvers import audit, authz
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.org import naming

LABEL, SCOPE = "院系", "本校"


async def create_department(ctx: Context, code: str, name: str) -> Department:
    school_id = authz.require_school_admin(ctx.viewer)
    values = naming.validated(code, name, label=LABEL, partial=False)
    siblings = await Department.filter(school_id=school_id)
    naming.ensure_unique(siblings, values["code"], values["name"], label=LABEL, scope=SCOPE)
    try:
        department = await Department.create(school_id=school_id, **values)
    except IntegrityError:
        raise DomainError(ErrorCode.DUPLICATE_CODE, "院系代码或名称刚被他人使用，请刷新后重试", "code") from None
    await audit.record(ctx, AuditAction.DEPARTMENT_CREATED, "department", department.id, school_id=school_id,
                       department_id=department.id, after=values)
    return department


async def department_to_manage(ctx: Context, department_id: int, field: str) -> Department:
    """The department, if the viewer is the admin of its school."""
    authz.require_school_admin(ctx.viewer)
    department = await Department.get_or_none(id=department_id)
    if department is None:
        raise DomainError(ErrorCode.NOT_FOUND, "院系不存在", field)
    if not authz.manages_department(ctx.viewer, department):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "只有本校管理员可以管理本校的院系与专业", field)
    return department


async def update_department(ctx: Context, department_id: int, code: str | None, name: str | None) -> Department:
    department = await department_to_manage(ctx, department_id, "id")
    siblings = await Department.filter(school_id=department.school_id)
    return await naming.rename(ctx, department, siblings, code, name, label=LABEL, scope=SCOPE,
                               school_id=department.school_id, department_id=department.id,
                               action=AuditAction.DEPARTMENT_UPDATED)
