"""The graduate's feedback on what the national system holds (毕业生信息反馈, seed 003 §5): free text on one
record, to the school; the graduate's department reviewer or a school admin answers and closes it."""

from __future__ import annotations

from models import Graduate, NationalFeedback
from resolvers import audit, authz, paging, validation, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.national.snapshots import RECORDS
from resolvers.nodes import parse_pk
from resolvers.states import NATIONAL_FEEDBACK
from resolvers.viewer import Role, Viewer
from server import clock

MAX_TEXT = 1000


async def give(ctx: Context, record: str, body: str) -> NationalFeedback:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    if record not in RECORDS:
        raise DomainError(ErrorCode.INVALID_INPUT, "反馈的信息类别无效", "record")
    text = validation.text(body, "body", "反馈内容", MAX_TEXT)
    graduate = await Graduate.get(id=ctx.viewer.id)
    row = await NationalFeedback.create(graduate_id=graduate.id, school_id=graduate.school_id,
                                        department_id=graduate.department_id, record=record, body=text)
    await audit.record(ctx, AuditAction.NATIONAL_FEEDBACK_GIVEN, "national_feedback", row.id,
                       school_id=row.school_id, department_id=row.department_id,
                       after={"record": record, "body": text, "state": row.state})
    return row


def visible(viewer: Viewer):
    """The graduate their own; a department reviewer their department's; a school admin their school's."""
    authz.require_role(viewer, Role.GRADUATE, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    if viewer.role is Role.GRADUATE:
        return NationalFeedback.filter(graduate_id=viewer.id)
    return authz.scope_by_school(viewer, NationalFeedback.all())


async def by_ids(viewer: Viewer, node_ids: list[str]) -> list[NationalFeedback | None]:
    """`node(id:)`: the rows `visible` shows, null for the others (and for anyone who may see no feedback)."""
    ids = [parse_pk(raw) for raw in node_ids]
    if any(pk is None for pk in ids):
        raise DomainError(ErrorCode.INVALID_ID, "编号无效", "id")
    if viewer.role not in (Role.GRADUATE, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN):
        return [None for _ in ids]
    rows = {r.id: r for r in await visible(viewer).filter(id__in=ids)}
    return [rows.get(pk) for pk in ids]


async def listed(viewer: Viewer, state: str | None, *, first: int | None, after: str | None) -> paging.Page:
    qs = visible(viewer)
    if state:
        qs = qs.filter(state=state)
    return await paging.page(qs, first=first, after=after, newest_first=True)


async def count(viewer: Viewer, state: str | None) -> int:
    qs = visible(viewer)
    return await (qs.filter(state=state) if state else qs).count()


async def answer(ctx: Context, feedback_id: int, text: str | None, close: bool) -> NationalFeedback:
    authz.require_role(ctx.viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    row = await NationalFeedback.get_or_none(id=feedback_id)
    if row is None or not authz.staff_covers(ctx.viewer, row.school_id, row.department_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    reply = (text or "").strip()
    if reply:
        reply = validation.text(reply, "answer", "答复", MAX_TEXT)
        await workflow.apply(ctx, NATIONAL_FEEDBACK, row, "answer", changes={
            "answer": reply, "answered_by_id": ctx.viewer.id, "answered_at": clock.now()})
    elif not close:
        raise DomainError(ErrorCode.REQUIRED, "请填写答复，或选择关闭", "answer")
    if close:
        await workflow.apply(ctx, NATIONAL_FEEDBACK, row, "close")
    return row
