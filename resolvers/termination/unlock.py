"""The school admin's unlock (T5): the graduate is back to awaiting employment and may sign again.

An agreement that still binds the graduate (awaiting review, returned or approved) is voided, and its open
review and any pending termination close with it: otherwise the graduate would be unlocked yet unable to sign
(S0). An unlock is the school's act, so it does not use one of the graduate's terminations (T3).
"""

from __future__ import annotations

from models import Agreement, Graduate, Termination
from resolvers import authz, events, record_changes, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.destination.records import void_on_unlock
from resolvers.errors import DomainError, ErrorCode
from resolvers.review.close import close_pending_reviews
from resolvers.review.release import AWAITING_EMPLOYMENT, release_graduate
from resolvers.states import TERMINATION, agreement_workflow
from resolvers.viewer import Role
from server import clock


async def unlock_graduate(ctx: Context, graduate_id: int, reason: str | None) -> Graduate:
    viewer = ctx.viewer
    authz.require_role(viewer, Role.DEPARTMENT_REVIEWER, Role.SCHOOL_ADMIN)
    graduate = await Graduate.select_for_update().get_or_none(id=graduate_id)
    if graduate is None or not authz.works_at_school(viewer, graduate.school_id):
        raise DomainError(ErrorCode.NOT_FOUND, field="graduateId")
    if not authz.can_manage_school(viewer, graduate.school_id):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "只有学校管理员可以解锁毕业生", "graduateId")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ErrorCode.REASON_REQUIRED, "请填写解锁原因", "reason")
    agreement = await Agreement.get_or_none(active_graduate_id=graduate.id)
    if agreement is None and not graduate.destination_locked and graduate.destination_type == AWAITING_EMPLOYMENT:
        raise DomainError(ErrorCode.INVALID_STATE, "该毕业生为待就业且未锁定，无需解锁", "graduateId")
    if agreement is not None:
        await _void(ctx, agreement, reason)
    await void_on_unlock(ctx, graduate.id, reason)
    released = await release_graduate(ctx, graduate.id, AuditAction.GRADUATE_UNLOCKED, reason=reason,
                                      cause="unlock")
    await events.record_changed(released, "unlock", reason, record_changes.of_unlock(graduate, released, agreement),
                                voided=agreement)
    return released


async def _void(ctx: Context, agreement: Agreement, reason: str) -> None:
    for termination in await Termination.filter(agreement_id=agreement.id, state="requested"):
        await workflow.apply(ctx, TERMINATION, termination, "withdraw", reason=reason)
        await close_pending_reviews(ctx, "termination", termination.id, reason)
    await close_pending_reviews(ctx, "agreement", agreement.id, reason)
    await workflow.apply(ctx, agreement_workflow(agreement.method), agreement, "void", reason=reason,
                         changes={"voided_at": clock.now(), "active_graduate_id": None})
