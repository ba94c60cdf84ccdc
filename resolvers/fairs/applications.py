"""Employers apply to attend a school's fair with positions they bring; the school's admins decide (issue 12 §2);
states.FAIR_APPLICATION."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q

from models import Employer, FairApplication, JobFair, Position, School
from resolvers import audit, authz, events, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.fairs.manage import own
from resolvers.states import FAIR_APPLICATION
from server import clock

NOTE_MAX = 1000
POSITIONS_MAX = 50
AUDITED = ("fair_id", "employer_id", "position_ids", "note", "state")


async def _open_positions(ctx: Context, position_ids: list[int]) -> list[int]:
    """The employer's own open positions, in the order given; another employer's is NOT_FOUND."""
    ids = list(dict.fromkeys(position_ids))
    if not ids:
        raise DomainError(ErrorCode.REQUIRED, "请选择参会携带的职位", "positionIds")
    if len(ids) > POSITIONS_MAX:
        raise DomainError(ErrorCode.INVALID_INPUT, f"最多选择 {POSITIONS_MAX} 个职位", "positionIds")
    rows = {p.id: p for p in await Position.filter(id__in=ids, employer_id=ctx.viewer.id)}
    if len(rows) != len(ids):
        raise DomainError(ErrorCode.NOT_FOUND, "职位不存在", "positionIds")
    today = clock.in_platform_zone(clock.now()).date()
    if any(p.state != "open" or (p.deadline is not None and p.deadline < today) for p in rows.values()):
        raise DomainError(ErrorCode.POSITION_CLOSED, "只能携带招聘中的职位参会", "positionIds")
    return ids


async def apply(ctx: Context, fair_id: int, position_ids: list[int], note: str) -> FairApplication:
    authz.require_login(ctx.viewer)
    fair = await JobFair.get_or_none(id=fair_id)
    if fair is None or not authz.sees_fair(ctx.viewer, fair):
        raise DomainError(ErrorCode.NOT_FOUND, field="fairId")
    if fair.state != "published":
        raise DomainError(ErrorCode.INVALID_STATE, "招聘会已取消，不能申请参会", "fairId")
    if fair.ends_at <= clock.now():
        raise DomainError(ErrorCode.FAIR_STARTED, "招聘会已结束，不能申请参会", "fairId")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(ErrorCode.INVALID_INPUT, f"备注最多 {NOTE_MAX} 个字", "note")
    ids = await _open_positions(ctx, position_ids)
    if await FairApplication.filter(fair_id=fair.id, employer_id=ctx.viewer.id).exists():
        raise DomainError(ErrorCode.FAIR_ALREADY_APPLIED, field="fairId")
    try:
        application = await FairApplication.create(fair_id=fair.id, employer_id=ctx.viewer.id,
                                                   school_id=fair.school_id, position_ids=ids, note=note)
    except IntegrityError:  # a second request of the same employer got in between
        raise DomainError(ErrorCode.FAIR_ALREADY_APPLIED, field="fairId") from None
    await audit.record(ctx, AuditAction.FAIR_APPLICATION_SUBMITTED, "fair_application", application.id,
                       school_id=fair.school_id, after=audit.snapshot(application, AUDITED))
    employer_name = (await Employer.get(id=ctx.viewer.id)).name
    await events.fair_application_received(application, fair, employer_name)
    return application


async def _decidable(ctx: Context, application_id: int) -> tuple[FairApplication, JobFair]:
    authz.require_login(ctx.viewer)
    application = await FairApplication.get_or_none(id=application_id)
    if application is None or not authz.reads_school_fairs(ctx.viewer, application.school_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    fair = await own(ctx, application.fair_id)
    if fair.state != "published":
        raise DomainError(ErrorCode.INVALID_STATE, "招聘会已取消，不能审核参会申请", "id")
    return application, fair


async def approve(ctx: Context, application_id: int) -> FairApplication:
    """A booth is taken against the fair's booth limit in one conditional UPDATE, like a graduate's seat."""
    application, fair = await _decidable(ctx, application_id)
    room = Q(booth_limit=None) | Q(approved_count__lt=F("booth_limit"))
    taken = await JobFair.filter(Q(id=fair.id, state="published") & room) \
        .update(approved_count=F("approved_count") + 1)
    if taken != 1:
        raise DomainError(ErrorCode.FAIR_BOOTHS_FULL, field="id")
    await workflow.apply(ctx, FAIR_APPLICATION, application, "approve", changes={"decided_at": clock.now()})
    await _tell(application, fair)
    return application


async def reject(ctx: Context, application_id: int, reason: str) -> FairApplication:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ErrorCode.REASON_REQUIRED, "审核不通过须填写理由", "reason")
    application, fair = await _decidable(ctx, application_id)
    await workflow.apply(ctx, FAIR_APPLICATION, application, "reject",
                         changes={"decided_at": clock.now(), "reason": reason}, reason=reason)
    await _tell(application, fair)
    return application


async def _tell(application: FairApplication, fair: JobFair) -> None:
    school_name = (await School.get(id=fair.school_id)).name
    await events.fair_application_decided(application, fair, school_name)
