"""Employer login with the login name chosen at registration."""

from __future__ import annotations

from models import Employer
from resolvers import audit, throttle
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.identity.principal import acting_as
from resolvers.viewer import Role
from server.auth import issue_token, verify_password


async def employer_login(ctx: Context, login_name: str, password: str) -> tuple[Employer, str]:
    login_name = (login_name or "").strip().lower()
    account_key = f"login:employer:{login_name}"
    client_key = throttle.client_key(ctx.client_ip)
    await throttle.ensure_allowed(account_key, client_key)
    employer = await Employer.get_or_none(login_name=login_name) if login_name else None
    if not verify_password(employer.password_hash if employer else None, password):
        await throttle.record_failure(account_key, client_key=client_key)
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, field="password")
    await throttle.clear(account_key)
    await audit.record(acting_as(ctx, Role.EMPLOYER, employer), "employer.login", "employer", employer.id)
    return employer, issue_token(Role.EMPLOYER, employer.id, employer.session_version)
