"""Graduate password login (B4): the school sets the initial password, which must be changed first."""

from __future__ import annotations

from models import Graduate
from resolvers import audit, throttle
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.identity.principal import acting_as, fits
from resolvers.viewer import Role
from server.auth import issue_graduate_token, verify_password


async def graduate_password_login(ctx: Context, school_id: int, student_number: str,
                                  password: str) -> tuple[Graduate, str]:
    student_number = (student_number or "").strip()
    # A student number kept across records (a repeated year) signs in to the current record (B3).
    graduate = await Graduate.filter(school_id=school_id, student_number=student_number) \
        .order_by("-graduation_year", "education_level").first() if fits(Graduate, "student_number", student_number) \
        else None
    trace = throttle.Trace(AuditAction.GRADUATE_PASSWORD_LOGIN_FAILED, AuditAction.GRADUATE_PASSWORD_LOGIN_LOCKED,
                           "graduate", graduate.id if graduate else None,
                           school_id=graduate.school_id if graduate else None,
                           department_id=graduate.department_id if graduate else None)
    attempt = await throttle.begin(ctx, throttle.account(throttle.graduate_login_key(school_id, student_number)),
                                   throttle.client(ctx), trace=trace)
    if not verify_password(graduate.password_hash if graduate else None, password):
        await attempt.failed()
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, field="password")
    await attempt.succeeded()
    await audit.record(acting_as(ctx, Role.GRADUATE, graduate), AuditAction.GRADUATE_LOGGED_IN_BY_PASSWORD,
                       "graduate", graduate.id,
                       school_id=graduate.school_id, department_id=graduate.department_id)
    return graduate, issue_graduate_token(graduate, by_password=True)
