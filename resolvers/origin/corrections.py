"""Correction requests (纠错): the graduate asks, the department reviewer or school admin decides (O2, R2, R3)."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from models import CorrectionRequest, Graduate
from resolvers import audit, authz, events, record_changes, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.national import sync as national_sync
from resolvers.origin.correctable import CORRECTABLE, EDITABLE, current_value, ensure_unique, normalized
from resolvers.origin.record import national_records
from resolvers.states import CORRECTION
from resolvers.viewer import Role, Viewer
from server import clock, crypto

MAX_REASON = 500


def _sealed(field: str, value: str | None) -> str | None:
    return crypto.encrypt(value) if CORRECTABLE[field].personal and value is not None else value


def plain_value(row: CorrectionRequest, value: str | None) -> str | None:
    return crypto.decrypt(value) if CORRECTABLE[row.field].personal else value


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if len(text) > MAX_REASON:
        raise DomainError(ErrorCode.INVALID_FORMAT, f"原因不能超过 {MAX_REASON} 个字", "reason")
    return text


async def request_correction(ctx: Context, field: str, requested_value: str, reason: str | None) -> CorrectionRequest:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    if field in EDITABLE:
        raise DomainError(ErrorCode.FIELD_NOT_CORRECTABLE, f"「{EDITABLE[field]}」可在生源信息中直接修改，无需纠错",
                          "field")
    if field not in CORRECTABLE:
        raise DomainError(ErrorCode.FIELD_NOT_CORRECTABLE, field="field")
    # The graduate's row is locked, so two requests racing for one field cannot both find none pending.
    graduate = await Graduate.select_for_update().get(id=ctx.viewer.id)
    if await CorrectionRequest.filter(graduate_id=graduate.id, field=field, state="pending").exists():
        raise DomainError(ErrorCode.CORRECTION_PENDING, field="field")
    text = _reason(reason)
    changes = await CORRECTABLE[field].parse(graduate, requested_value)
    value, current = normalized(field, requested_value), await current_value(graduate, field)
    if value == current:
        raise DomainError(ErrorCode.INVALID_INPUT, "申请修改的值与当前信息相同", "requestedValue")
    await ensure_unique(graduate, changes)
    row = await CorrectionRequest.create(
        graduate_id=graduate.id, school_id=graduate.school_id, department_id=graduate.department_id, field=field,
        current_value=_sealed(field, current), requested_value=_sealed(field, value), reason=text,
    )
    shown = "***" if CORRECTABLE[field].personal else value
    await audit.record(ctx, AuditAction.CORRECTION_REQUEST_CREATED, "correction_request", row.id,
                       school_id=row.school_id,
                       department_id=row.department_id, after={"field": field, "requested_value": shown,
                                                               "state": row.state}, reason=text)
    await events.correction_requested(row, graduate, CORRECTABLE[field].label)
    return row


async def _visible(ctx: Context, correction_id: int) -> CorrectionRequest:
    authz.require_login(ctx.viewer)
    row = await CorrectionRequest.get_or_none(id=correction_id)
    if row is None or not await authz.can_view(ctx.viewer, row):
        raise DomainError(ErrorCode.NOT_FOUND, field="id")
    return row


async def withdraw_correction(ctx: Context, correction_id: int) -> CorrectionRequest:
    row = await _visible(ctx, correction_id)
    if not authz.owns_graduate_row(ctx.viewer, row):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "只有申请人本人可以撤回纠错申请", "id")
    await workflow.apply(ctx, CORRECTION, row, "withdraw")
    graduate = await Graduate.get(id=row.graduate_id)
    await events.correction_withdrawn(row, graduate, CORRECTABLE[row.field].label)
    return row


async def decide_correction(ctx: Context, correction_id: int, accept: bool, reason: str | None) -> CorrectionRequest:
    row = await _visible(ctx, correction_id)
    if not authz.can_decide_correction(ctx.viewer, row):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "只有该生所在院系的审核人或学校管理员可以处理纠错申请", "id")
    text = _reason(reason)
    if not accept and not text:
        raise DomainError(ErrorCode.REASON_REQUIRED, "不采纳纠错申请须填写原因", "reason")
    graduate = await Graduate.get(id=row.graduate_id)
    changes = {}
    if accept and row.state == "pending":
        # Validated again: the school's departments or the graduate's other records may have changed since.
        changes = await CORRECTABLE[row.field].parse(graduate, plain_value(row, row.requested_value))
        await ensure_unique(graduate, changes)
        was = await current_value(graduate, row.field)
    await workflow.apply(ctx, CORRECTION, row, "accept" if accept else "reject", reason=text, changes={
        "decided_by_id": ctx.viewer.id, "decision_reason": text, "decided_at": clock.now()})
    if changes:
        before = audit.snapshot(graduate, list(changes))
        await Graduate.filter(id=graduate.id).update(**changes)
        await audit.record(ctx, AuditAction.GRADUATE_CORRECTED, "graduate", graduate.id, school_id=graduate.school_id,
                           department_id=graduate.department_id, before=before, after=changes,
                           reason=f"采纳纠错申请：{CORRECTABLE[row.field].label}")
        await national_sync.queue(graduate.id, *national_records(changes))
    await events.correction_decided(row, CORRECTABLE[row.field].label, accept, text)
    if changes:
        # X3: an accepted correction is a teacher changing the graduate's record.
        correctable = CORRECTABLE[row.field]
        await events.record_changed(graduate, "correction_accepted", f"采纳纠错申请：{correctable.label}",
                                    record_changes.of_correction(
                                        row.field, correctable.label, was,
                                        normalized(row.field, plain_value(row, row.requested_value)),
                                        correctable.personal))
    return row


def visible_corrections(viewer: Viewer, state: str | None) -> QuerySet[CorrectionRequest]:
    authz.require_role(viewer, Role.GRADUATE, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN, Role.PROVINCE)
    qs = authz.scope_corrections(viewer, CorrectionRequest.all())
    return qs.filter(state=state) if state else qs
