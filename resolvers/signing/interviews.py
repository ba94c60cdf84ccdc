"""S1 interviews: the employer invites an applicant, the graduate answers, the employer records the result."""

from __future__ import annotations

import datetime as dt

from models import Application, Graduate, InterviewInvitation, Position
from resolvers import audit, authz, events, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode, ErrorCollector
from resolvers.states import INTERVIEW
from resolvers.viewer import Role
from server import clock

AUDITED_FIELDS = ("state", "employer_id", "graduate_id", "position_id", "application_id", "scheduled_at", "place",
                  "link", "note")


async def invite(ctx: Context, application_id: int, scheduled_at: dt.datetime, place: str, link: str,
                 note: str) -> InterviewInvitation:
    authz.require_role(ctx.viewer, Role.EMPLOYER)
    application = await Application.get_or_none(id=application_id)
    position = await Position.get_or_none(id=application.position_id) if application else None
    if position is None or not authz.owns_position(ctx.viewer, position):
        raise DomainError(ErrorCode.NOT_FOUND, field="applicationId")
    errors = ErrorCollector()
    when = clock.aware(scheduled_at)
    if when <= clock.now():
        errors.add(ErrorCode.INVALID_INPUT, "scheduledAt", "面试时间须晚于当前时间")
    place, link = (place or "").strip(), (link or "").strip()
    if not place and not link:
        errors.add(ErrorCode.REQUIRED, "place", "请填写面试地点或线上面试链接")
    errors.raise_if_any()
    graduate = await Graduate.get(id=application.graduate_id)
    interview = await InterviewInvitation.create(
        employer_id=position.employer_id, graduate_id=graduate.id, position_id=position.id,
        application_id=application.id, scheduled_at=when, place=place[:255], link=link[:512],
        note=(note or "").strip())
    await audit.record(ctx, AuditAction.INTERVIEW_INVITATION_SENT, "interview_invitation", interview.id,
                       school_id=graduate.school_id, department_id=graduate.department_id,
                       after=audit.snapshot(interview, AUDITED_FIELDS))
    await events.interview_received(interview, position, ctx.viewer.name)
    return interview


async def _load(ctx: Context, interview_id: int, owned) -> tuple[InterviewInvitation, Graduate]:
    interview = await InterviewInvitation.get_or_none(id=interview_id)
    if interview is None or not owned(ctx.viewer, interview):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    return interview, await Graduate.get(id=interview.graduate_id)


async def answer(ctx: Context, interview_id: int, accept: bool) -> InterviewInvitation:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    interview, graduate = await _load(ctx, interview_id, authz.owns_graduate_row)
    await workflow.apply(ctx, INTERVIEW, interview, "accept" if accept else "decline",
                         changes={"answered_at": clock.now()}, school_id=graduate.school_id,
                         department_id=graduate.department_id)
    await events.interview_answered(interview, graduate)
    return interview


async def record_result(ctx: Context, interview_id: int, passed: bool, note: str) -> InterviewInvitation:
    authz.require_role(ctx.viewer, Role.EMPLOYER)
    interview, graduate = await _load(ctx, interview_id, authz.owns_employer_row)
    await workflow.apply(ctx, INTERVIEW, interview, "pass" if passed else "fail",
                         changes={"result_note": (note or "").strip()}, school_id=graduate.school_id,
                         department_id=graduate.department_id)
    await events.interview_result_recorded(interview, ctx.viewer.name)
    return interview


