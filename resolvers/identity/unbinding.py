"""Unbinding a WeChat account from a graduate record (B2): by the graduate, or by their school's admin."""

from __future__ import annotations

from tortoise.expressions import F

from models import Graduate
from resolvers import audit, authz, events, record_changes
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.viewer import Role


async def unbind_wechat(ctx: Context, graduate_id: int | None) -> Graduate:
    viewer = ctx.viewer
    authz.require_role(viewer, Role.GRADUATE, Role.SCHOOL_ADMIN)
    if graduate_id is None:
        if viewer.role is not Role.GRADUATE:
            raise DomainError(ErrorCode.REQUIRED, "请指定要解除绑定的毕业生", "graduateId")
        graduate_id = viewer.id
    graduate = await Graduate.get_or_none(id=graduate_id)
    if graduate is None or not authz.can_unbind_wechat(viewer, graduate):
        raise DomainError(ErrorCode.NOT_FOUND, field="graduateId")
    # Bumping the session version signs the record out everywhere: the old WeChat account keeps no access; nor
    # does it keep receiving official-account messages (the unionid goes with the binding).
    released = await Graduate.filter(id=graduate.id, openid__isnull=False).update(
        openid=None, unionid=None, session_version=F("session_version") + 1)
    if not released:
        raise DomainError(ErrorCode.NOT_BOUND, "该毕业生尚未绑定微信", "graduateId")
    by_staff = viewer.role is not Role.GRADUATE
    await audit.record(ctx, AuditAction.GRADUATE_WECHAT_UNBOUND, "graduate", graduate.id, school_id=graduate.school_id,
                       department_id=graduate.department_id, before={"bound": True}, after={"bound": False},
                       reason="学校管理员解除绑定" if by_staff else "毕业生本人解除绑定")
    if by_staff:
        await events.record_changed(graduate, "wechat_unbound", "学校管理员解除绑定",
                                    [record_changes.line("微信绑定", "已绑定", "未绑定")])
    await graduate.refresh_from_db()
    return graduate
