"""Employer login with the login name chosen at registration."""

from __future__ import annotations

from models import Employer
from resolvers import audit, throttle
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.identity.principal import acting_as, fits
from resolvers.viewer import Role
from server.auth import issue_token, verify_password


async def employer_login(ctx: Context, login_name: str, password: str) -> tuple[Employer, str]:
    login_name = (login_name or "").strip().lower()
    employer = await Employer.get_or_none(login_name=login_name) if fits(Employer, "login_name", login_name) else None
    trace = throttle.Trace(AuditAction.EMPLOYER_LOGIN_FAILED, AuditAction.EMPLOYER_LOGIN_LOCKED, "employer",
                           employer.id if employer else None)
    attempt = await throttle.begin(ctx, throttle.account(throttle.employer_login_key(login_name)),
                                   throttle.client(ctx), trace=trace)
    if not verify_password(employer.password_hash if employer else None, password):
        await attempt.failed()
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, field="password")
    await attempt.succeeded()
    await audit.record(acting_as(ctx, Role.EMPLOYER, employer), AuditAction.EMPLOYER_LOGGED_IN, "employer", employer.id)
    return employer, issue_token(Role.EMPLOYER, employer.id, employer.session_version)
