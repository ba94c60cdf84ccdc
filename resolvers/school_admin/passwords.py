"""Resetting a password to a new initial one (B4): the school admin, for a graduate or a department reviewer of
the school. The person must change it at first login; every session they had ends."""

from __future__ import annotations

from tortoise.expressions import F

from models import Graduate, Staff
from resolvers import audit, authz, throttle, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.school_admin.staff_accounts import staff_account_to_manage
from server.auth import hash_password

FIELD = "newInitialPassword"


def _reset(password: str) -> dict:
    return {"password_hash": hash_password(password), "must_change_password": True,
            "session_version": F("session_version") + 1}


async def reset_graduate_password(ctx: Context, graduate_id: int, new_initial_password: str) -> Graduate:
    authz.require_school_admin(ctx.viewer)
    graduate = await Graduate.get_or_none(id=graduate_id)
    if graduate is None or not authz.can_reset_graduate_password(ctx.viewer, graduate):
        raise DomainError(ErrorCode.NOT_FOUND, field="graduateId")
    validation.password_strength(new_initial_password, FIELD)
    await Graduate.filter(id=graduate.id).update(**_reset(new_initial_password))
    # A graduate locked out by failed attempts can use the new password at once.
    await throttle.clear(throttle.graduate_login_key(graduate.school_id, graduate.student_number))
    await audit.record(ctx, AuditAction.PASSWORD_RESET, "graduate", graduate.id, school_id=graduate.school_id,
                       department_id=graduate.department_id, before={"password_hash": True},
                       after={"password_hash": True, "must_change_password": True})
    await graduate.refresh_from_db()
    return graduate


async def reset_staff_password(ctx: Context, staff_id: int, new_initial_password: str) -> Staff:
    staff = await staff_account_to_manage(ctx, staff_id)
    validation.password_strength(new_initial_password, FIELD)
    await Staff.filter(id=staff.id).update(**_reset(new_initial_password))
    await throttle.clear(throttle.staff_login_key(staff.username))
    await audit.record(ctx, AuditAction.PASSWORD_RESET, "staff", staff.id, school_id=staff.school_id,
                       department_id=staff.department_id, before={"password_hash": True},
                       after={"password_hash": True, "must_change_password": True})
    await staff.refresh_from_db()
    return staff
