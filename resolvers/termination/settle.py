"""What the final decision on a termination does (T4): agreeing voids the agreement and frees the graduate."""

from __future__ import annotations

from models import Agreement, Review, Termination
from resolvers import events, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.review.release import release_graduate
from resolvers.states import AGREEMENT, TERMINATION
from server import clock


async def settle_termination(ctx: Context, review: Review, decision: str, reason: str) -> None:
    termination = await Termination.get(id=review.subject_id)
    await workflow.apply(ctx, TERMINATION, termination, decision, reason=reason)
    agreement = await Agreement.get(id=termination.agreement_id)
    if decision == "approve":
        await workflow.apply(ctx, AGREEMENT, agreement, "terminate",
                             changes={"voided_at": clock.now(), "active_graduate_id": None},
                             reason=termination.reason)
        await release_graduate(ctx, termination.graduate_id, AuditAction.GRADUATE_RELEASED, reason=termination.reason,
                               count_termination=True, cause="termination_approved")
    await events.termination_decided(termination, agreement, decision, reason, review)
