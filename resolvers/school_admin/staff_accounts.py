"""Department reviewer accounts (R2): a school admin creates them for the school's own departments, and
deactivates or reactivates them. A new account starts with an initial password to change at first login (B4)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from models import Department, Staff
from resolvers import audit, authz, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.viewer import Role
from server.auth import hash_password

NAME_MAX = 64


@dataclass
class StaffAccountForm:
    username: str
    name: str
    department_id: int
    initial_password: str


async def username_taken(username: str) -> bool:
    """Login names differing only in letter case would be told apart by nobody: they count as the same."""
    return await Staff.filter(username__iexact=username).exists()


def taken_message(username: str) -> str:
    return f"登录名「{username}」已被使用"


async def create_staff_account(ctx: Context, form: StaffAccountForm) -> Staff:
    authz.require_school_admin(ctx.viewer)
    department = await Department.get_or_none(id=form.department_id)
    if department is None:
        raise DomainError(ErrorCode.NOT_FOUND, "院系不存在", "departmentId")
    if not authz.manages_department(ctx.viewer, department):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "只能为本校院系创建院系老师账号", "departmentId")
    errors = ErrorCollector()
    username = errors.check(validation.username, form.username, "username")
    name = errors.check(validation.text, form.name, "name", "姓名", NAME_MAX)
    errors.check(validation.password_strength, form.initial_password, "initialPassword")
    if username and await username_taken(username):
        errors.add(ErrorCode.LOGIN_NAME_TAKEN, "username", taken_message(username))
    errors.raise_if_any()
    try:
        staff = await Staff.create(
            username=username, name=name, role=Role.DEPARTMENT_REVIEWER.value, school_id=department.school_id,
            department_id=department.id, password_hash=hash_password(form.initial_password),
            must_change_password=True)
    except IntegrityError:
        raise DomainError(ErrorCode.LOGIN_NAME_TAKEN, taken_message(username), "username") from None
    await audit.record(ctx, AuditAction.STAFF_CREATED, "staff", staff.id, school_id=staff.school_id,
                       department_id=staff.department_id,
                       after={"username": staff.username, "name": staff.name, "role": staff.role,
                              "department_id": staff.department_id, "must_change_password": True})
    return staff


async def staff_account_to_manage(ctx: Context, staff_id: int) -> Staff:
    """A department reviewer of the admin's own school; another school's staff are not found."""
    authz.require_school_admin(ctx.viewer)
    staff = await Staff.get_or_none(id=staff_id)
    if staff is None or not await authz.can_view_staff(ctx.viewer, staff):
        raise DomainError(ErrorCode.NOT_FOUND, "工作人员账号不存在", "staffId")
    if not authz.manages_staff_account(ctx.viewer, staff):
        message = "不能更改自己的账号" if staff.id == ctx.viewer.id else "只能管理本校院系老师的账号"
        raise DomainError(ErrorCode.PERMISSION_DENIED, message, "staffId")
    return staff


async def set_staff_active(ctx: Context, staff_id: int, active: bool) -> Staff:
    """A deactivated account cannot log in and its tokens stop working; reactivating does not revive them."""
    staff = await staff_account_to_manage(ctx, staff_id)
    if staff.is_active == active:
        return staff
    changes: dict = {"is_active": active}
    if not active:
        changes["session_version"] = F("session_version") + 1
    if not await Staff.filter(id=staff.id, is_active=not active).update(**changes):
        raise DomainError(ErrorCode.STALE_STATE, field="staffId")
    await audit.record(ctx, AuditAction.STAFF_REACTIVATED if active else AuditAction.STAFF_DEACTIVATED, "staff",
                       staff.id,
                       school_id=staff.school_id, department_id=staff.department_id,
                       before={"is_active": not active}, after={"is_active": active})
    await staff.refresh_from_db()
    return staff
