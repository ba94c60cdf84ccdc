"""What a final review decision does to the agreement (S10): approved, returned, or rejected and the graduate freed."""

from __future__ import annotations

from models import Agreement, Review
from resolvers import outbox, workflow
from resolvers.context import Context
from resolvers.review.release import release_graduate
from resolvers.states import AGREEMENT
from server import clock


async def settle_agreement(ctx: Context, review: Review, decision: str, reason: str, fields: list[str]) -> None:
    agreement = await Agreement.get(id=review.subject_id)
    if decision == "approve":
        # Approved agreements are printable and enter print management (P1).
        changes = {"approved_at": clock.now(), "returned_fields": []}
    elif decision == "return":
        changes = {"returned_fields": fields}
    else:
        changes = {"active_graduate_id": None}
    await workflow.apply(ctx, AGREEMENT, agreement, decision, changes=changes, reason=reason)
    if decision == "reject":
        # The signing failed: the graduate is free again, and the employer may invite again (S10).
        await release_graduate(ctx, agreement.graduate_id, "graduate.release", reason=reason)
    await outbox.emit(outbox.EventKind.REVIEW_RESULT, "agreement", agreement.id, school_id=agreement.school_id,
                      department_id=agreement.department_id, graduate_id=agreement.graduate_id,
                      employer_id=agreement.employer_id,
                      payload={"decision": decision, "state": agreement.state, "reason": reason,
                               "fieldsToFix": fields, "agreementNumber": agreement.number})
