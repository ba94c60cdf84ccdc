"""Graduate login through the WeChat mini-program: the openid either names a bound record or needs binding."""

from __future__ import annotations

from dataclasses import dataclass

from models import Graduate
from resolvers import audit
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.identity.principal import acting_as
from resolvers.viewer import Role
from server import wechat
from server.auth import issue_binding_ticket, issue_graduate_token


@dataclass
class WechatLoginResult:
    graduate: Graduate | None = None
    token: str | None = None
    binding_ticket: str | None = None


async def wechat_login(ctx: Context, code: str) -> WechatLoginResult:
    code = (code or "").strip()
    if not code:
        raise DomainError(ErrorCode.REQUIRED, "缺少微信登录凭证", "code")
    try:
        identity = await wechat.code_to_session(code)
    except wechat.WechatLoginRejected:
        raise DomainError(ErrorCode.WECHAT_LOGIN_FAILED, field="code") from None
    except wechat.WechatUnavailable:
        raise DomainError(ErrorCode.WECHAT_UNAVAILABLE) from None
    graduate = await Graduate.get_or_none(openid=identity.openid)
    if graduate is None:
        return WechatLoginResult(binding_ticket=issue_binding_ticket(identity.openid, identity.unionid))
    if identity.unionid and graduate.unionid != identity.unionid:
        # Learnt at the first login after it became available (an Open Platform account linked later).
        await Graduate.filter(id=graduate.id).update(unionid=identity.unionid)
        graduate.unionid = identity.unionid
    await audit.record(acting_as(ctx, Role.GRADUATE, graduate), AuditAction.GRADUATE_LOGGED_IN_BY_WECHAT, "graduate",
                       graduate.id,
                       school_id=graduate.school_id, department_id=graduate.department_id)
    return WechatLoginResult(graduate=graduate, token=issue_graduate_token(graduate))
