"""Binding a WeChat account to the graduate record the school imported (B1, B2, B3)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import Graduate, School
from resolvers import audit, names, throttle, validation
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.identity.principal import acting_as, fits
from resolvers.viewer import Role
from server import crypto
from server.auth import issue_graduate_token, openid_from_binding_ticket, unionid_from_binding_ticket
from server.settings import get_settings

BINDING_LOCKED = "该学号的绑定尝试失败次数过多，已暂时锁定。请使用学校发放的密码登录，或联系学校就业部门解除锁定"


@dataclass(frozen=True)
class BindingForm:
    ticket: str
    school_id: int
    name: str
    student_number: str
    id_number: str


async def bind_graduate(ctx: Context, form: BindingForm) -> tuple[Graduate, str]:
    """Runs outside the mutation transaction so a failed attempt stays counted; the binding itself is atomic."""
    openid = openid_from_binding_ticket(form.ticket)
    if openid is None:
        raise DomainError(ErrorCode.WECHAT_LOGIN_FAILED, "绑定凭证无效或已过期，请重新进入小程序", "ticket")
    student_number = form.student_number.strip()
    errors = ErrorCollector()
    name = errors.check(validation.required, form.name, "name", "姓名")
    if errors.check(validation.required, student_number, "studentNumber", "学号") is not None \
            and not fits(Graduate, "student_number", student_number):
        errors.add(ErrorCode.INVALID_FORMAT, "studentNumber", "学号过长")
    id_number = errors.check(validation.id_number, form.id_number, "idNumber")
    errors.raise_if_any()
    if not await School.exists(id=form.school_id):
        raise DomainError(ErrorCode.NOT_FOUND, "学校不存在", "schoolId")

    # Guessing ID numbers is what these limits stop: per record, per WeChat account, per address. The record's
    # lock stays whoever asks (lifting it for a new client would reopen distributed guessing); the school can
    # clear it (clearGraduateLockout).
    record = await Graduate.filter(school_id=form.school_id, student_number=student_number) \
        .order_by("-graduation_year").first()
    trace = throttle.Trace(AuditAction.GRADUATE_BINDING_FAILED, AuditAction.GRADUATE_BINDING_LOCKED, "graduate",
                           record.id if record else None, school_id=form.school_id,
                           department_id=record.department_id if record else None)
    attempt = await throttle.begin(
        ctx, throttle.account(throttle.binding_key(form.school_id, student_number), locked_message=BINDING_LOCKED),
        throttle.Limit(throttle.binding_openid_key(openid), get_settings().login_max_failures),
        throttle.client(ctx), trace=trace)
    matches = [
        g for g in await Graduate.filter(school_id=form.school_id, student_number=student_number,
                                         id_number_hash=crypto.lookup_hash(id_number))
        if names.same(g.name, name)
    ]
    if not matches:
        await attempt.failed()
        raise DomainError(ErrorCode.BINDING_NOT_MATCHED)
    await attempt.succeeded()
    graduate = _current_record(matches)
    if graduate.openid != openid:
        await _bind(acting_as(ctx, Role.GRADUATE, graduate), graduate, openid, unionid_from_binding_ticket(form.ticket))
        await graduate.refresh_from_db()
    return graduate, issue_graduate_token(graduate)


def _current_record(matches: list[Graduate]) -> Graduate:
    """B3: of a person's records (bachelor, then master) the latest graduation year is the current one."""
    latest = max(g.graduation_year for g in matches)
    current = [g for g in matches if g.graduation_year == latest]
    if len(current) > 1:
        raise DomainError(ErrorCode.BINDING_DUPLICATED)
    return current[0]


async def _bind(ctx: Context, graduate: Graduate, openid: str, unionid: str | None) -> None:
    if graduate.openid is not None:
        raise DomainError(ErrorCode.ALREADY_BOUND)
    async with in_transaction():
        previous = await Graduate.get_or_none(openid=openid)
        if previous is not None:
            await _move_away(ctx, previous, graduate, openid)
        try:
            claimed = await Graduate.filter(id=graduate.id, openid=None).update(openid=openid, unionid=unionid)
        except IntegrityError:
            claimed = 0  # the same WeChat account was bound elsewhere a moment ago
        if not claimed:
            raise DomainError(ErrorCode.ALREADY_BOUND)
        await audit.record(ctx, AuditAction.GRADUATE_WECHAT_BOUND, "graduate", graduate.id,
                           school_id=graduate.school_id,
                           department_id=graduate.department_id, before={"bound": False}, after={"bound": True},
                           reason=f"由记录 {previous.id} 转移" if previous else "")


async def _move_away(ctx: Context, previous: Graduate, graduate: Graduate, openid: str) -> None:
    """B2: one WeChat account, one record. An older record of the same person gives up the binding."""
    if previous.id_number_hash != graduate.id_number_hash:
        raise DomainError(ErrorCode.ALREADY_BOUND, "该微信已绑定其他毕业生信息，请先解除绑定")
    released = await Graduate.filter(id=previous.id, openid=openid).update(
        openid=None, unionid=None, session_version=F("session_version") + 1)
    if released:
        await audit.record(ctx, AuditAction.GRADUATE_WECHAT_UNBOUND, "graduate", previous.id,
                           school_id=previous.school_id,
                           department_id=previous.department_id, before={"bound": True}, after={"bound": False},
                           reason=f"微信绑定转移到记录 {graduate.id}")
