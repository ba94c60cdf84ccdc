"""A school admin lifts the lock that failed attempts put on a graduate's record (issue 6 §12).

The lock stays on the record whoever asks (lifting it for a new client would reopen distributed guessing);
the school, which knows its graduate, is the way forward: binding and password login start afresh.
"""

from __future__ import annotations

from models import Graduate
from resolvers import audit, authz, throttle
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode


async def clear_graduate_lockout(ctx: Context, graduate_id: int) -> Graduate:
    authz.require_school_admin(ctx.viewer)
    graduate = await Graduate.get_or_none(id=graduate_id)
    if graduate is None or not authz.can_reset_graduate_password(ctx.viewer, graduate):
        raise DomainError(ErrorCode.NOT_FOUND, field="graduateId")
    keys = {"binding_locked": throttle.binding_key(graduate.school_id, graduate.student_number),
            "login_locked": throttle.graduate_login_key(graduate.school_id, graduate.student_number)}
    before = {name: await throttle.is_locked(key) for name, key in keys.items()}
    await throttle.clear(*keys.values())
    await audit.record(ctx, AuditAction.GRADUATE_LOCKOUT_CLEARED, "graduate", graduate.id, school_id=graduate.school_id,
                       department_id=graduate.department_id, before=before,
                       after=dict.fromkeys(keys, False), reason="学校管理员解除锁定")
    return graduate
