from __future__ import annotations

from models import Staff
from resolvers import audit, throttle
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Role
from server.auth import issue_token, verify_password


async def staff_login(ctx: Context, username: str, password: str) -> tuple[Staff, str]:
    account_key = throttle.staff_login_key(username)
    client_key = throttle.client_key(ctx.client_ip)
    await throttle.ensure_allowed(account_key, client_key)
    staff = await Staff.get_or_none(username=username.strip())
    if staff is None or not staff.is_active or not verify_password(staff.password_hash, password):
        await throttle.record_failure(account_key, client_key=client_key)
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, field="password")
    await throttle.clear(account_key)
    await audit.record(ctx, "staff.login", "staff", staff.id, school_id=staff.school_id,
                       department_id=staff.department_id)
    return staff, issue_token(Role(staff.role), staff.id, staff.session_version)
