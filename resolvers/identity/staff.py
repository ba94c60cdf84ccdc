from __future__ import annotations

from models import Staff
from resolvers import audit, throttle
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.identity.principal import fits
from resolvers.viewer import Role
from server.auth import issue_token, verify_password


async def staff_login(ctx: Context, username: str, password: str) -> tuple[Staff, str]:
    username = (username or "").strip()
    staff = await Staff.get_or_none(username=username) if fits(Staff, "username", username) else None
    trace = throttle.Trace(AuditAction.STAFF_LOGIN_FAILED, AuditAction.STAFF_LOGIN_LOCKED, "staff",
                           staff.id if staff else None,
                           school_id=staff.school_id if staff else None,
                           department_id=staff.department_id if staff else None)
    attempt = await throttle.begin(ctx, throttle.account(throttle.staff_login_key(username)), throttle.client(ctx),
                                   trace=trace)
    if staff is None or not staff.is_active or not verify_password(staff.password_hash, password):
        await attempt.failed()
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, field="password")
    await attempt.succeeded()
    await audit.record(ctx, AuditAction.STAFF_LOGGED_IN, "staff", staff.id, school_id=staff.school_id,
                       department_id=staff.department_id)
    return staff, issue_token(Role(staff.role), staff.id, staff.session_version)
