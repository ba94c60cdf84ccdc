"""Changing one's own password: graduates, employers and staff (B4). Signs out every other session."""

from __future__ import annotations

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from resolvers import audit, authz, throttle, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.identity.principal import MODELS
from server.auth import hash_password, issue_token, verify_password


async def change_password(ctx: Context, current_password: str, new_password: str) -> str:
    """Returns a fresh, unrestricted token; tokens issued before stop working."""
    viewer = ctx.viewer
    authz.require_session(viewer)
    model = MODELS[viewer.role]
    validation.password_strength(new_password, "newPassword")
    if new_password == current_password:
        raise DomainError(ErrorCode.WEAK_PASSWORD, "新密码不能与当前密码相同", "newPassword")
    row = await model.get(id=viewer.id)
    trace = throttle.Trace(AuditAction.PASSWORD_CHANGE_FAILED, AuditAction.PASSWORD_CHANGE_LOCKED,
                           model._meta.db_table, row.id, school_id=getattr(row, "school_id", None),
                           department_id=getattr(row, "department_id", None))
    attempt = await throttle.begin(ctx, throttle.account(throttle.password_change_key(viewer.role.value, viewer.id)),
                                   throttle.client(ctx), trace=trace)
    if not verify_password(row.password_hash, current_password):
        await attempt.failed()
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, "当前密码不正确", "currentPassword")
    await attempt.succeeded()
    changes = {"password_hash": hash_password(new_password), "session_version": F("session_version") + 1}
    if hasattr(row, "must_change_password"):
        changes["must_change_password"] = False
    async with in_transaction():
        await model.filter(id=row.id).update(**changes)
        await audit.record(ctx, AuditAction.PASSWORD_CHANGED, model._meta.db_table, row.id,
                           school_id=getattr(row, "school_id", None), department_id=getattr(row, "department_id", None),
                           before={"password_hash": True}, after={"password_hash": True})
    await row.refresh_from_db()
    return issue_token(viewer.role, row.id, row.session_version)
