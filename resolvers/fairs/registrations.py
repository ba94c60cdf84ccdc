"""Graduates register for a seat at their school's fair and cancel it (issue 12 §2); states.FAIR_REGISTRATION.

The seat is taken by one conditional UPDATE of the fair's counter (`registered_count < capacity`): of two
graduates racing for the last seat, PostgreSQL makes the second UPDATE wait for the first and re-check, so
exactly one matches; the loser gets FAIR_FULL and nothing of theirs is written.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from models import FairRegistration, JobFair
from resolvers import audit, authz, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.states import FAIR_REGISTRATION
from resolvers.viewer import Role
from server import clock

AUDITED = ("fair_id", "graduate_id", "state")


async def _fair(ctx: Context, fair_id: int) -> JobFair:
    # B4: a token of an initial password only changes it.
    authz.require_login(ctx.viewer)
    fair = await JobFair.get_or_none(id=fair_id)
    if fair is None or ctx.viewer.role is not Role.GRADUATE or not authz.sees_fair(ctx.viewer, fair):
        raise DomainError(ErrorCode.NOT_FOUND, field="fairId")
    return fair


def _open(fair: JobFair) -> None:
    if fair.state == "cancelled":
        raise DomainError(ErrorCode.INVALID_STATE, "招聘会已取消，不能报名", "fairId")
    if fair.starts_at <= clock.now():
        raise DomainError(ErrorCode.FAIR_STARTED, field="fairId")


async def _take_seat(fair: JobFair) -> None:
    taken = await JobFair.filter(id=fair.id, state="published", starts_at__gt=clock.now(),
                                 registered_count__lt=F("capacity")) \
        .update(registered_count=F("registered_count") + 1)
    if taken != 1:
        raise DomainError(ErrorCode.FAIR_FULL, f"「{fair.title}」报名人数已满（{fair.capacity} 人）", "fairId")


async def register(ctx: Context, fair_id: int) -> FairRegistration:
    fair = await _fair(ctx, fair_id)
    _open(fair)
    existing = await FairRegistration.get_or_none(fair_id=fair.id, graduate_id=ctx.viewer.id)
    if existing is not None and existing.state == "registered":
        raise DomainError(ErrorCode.FAIR_ALREADY_REGISTERED, field="fairId")
    await _take_seat(fair)
    now = clock.now()
    if existing is not None:
        await workflow.apply(ctx, FAIR_REGISTRATION, existing, "register",
                             changes={"registered_at": now, "cancelled_at": None, "reminded_at": None},
                             school_id=fair.school_id, department_id=ctx.viewer.department_id)
        return existing
    try:
        registration = await FairRegistration.create(fair_id=fair.id, graduate_id=ctx.viewer.id,
                                                     state="registered", registered_at=now)
    except IntegrityError:  # the same graduate's other request registered first
        raise DomainError(ErrorCode.FAIR_ALREADY_REGISTERED, field="fairId") from None
    await audit.record(ctx, AuditAction.FAIR_REGISTRATION_CREATED, "fair_registration", registration.id,
                       school_id=fair.school_id, department_id=ctx.viewer.department_id,
                       after=audit.snapshot(registration, AUDITED))
    return registration


async def cancel(ctx: Context, fair_id: int) -> FairRegistration:
    """Frees the seat. Allowed until the fair starts; a cancelled fair keeps its registrations as they were."""
    fair = await _fair(ctx, fair_id)
    registration = await FairRegistration.get_or_none(fair_id=fair.id, graduate_id=ctx.viewer.id)
    if registration is None:
        raise DomainError(ErrorCode.NOT_FOUND, "你没有报名该招聘会", "fairId")
    _open(fair)
    await workflow.apply(ctx, FAIR_REGISTRATION, registration, "cancel", changes={"cancelled_at": clock.now()},
                         school_id=fair.school_id, department_id=ctx.viewer.department_id)
    await JobFair.filter(id=fair.id).update(registered_count=F("registered_count") - 1)
    return registration
