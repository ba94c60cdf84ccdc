"""What a final review decision does to the agreement (S10): approved, returned, or rejected and the graduate freed.
Offline and paper agreements (F1, F2) follow their own table: resolvers/offline/settle.py."""

from __future__ import annotations

from models import Agreement, Review
from resolvers import events, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.offline.settle import settle_offline
from resolvers.review import term_fields
from resolvers.review.release import release_graduate
from resolvers.states import AGREEMENT
from server import clock

# S10 (seed 003 §4 注意事项): the school judges only whether the agreement's data are correct; a rejection does
# not dissolve what graduate and employer agreed, nor waive the breach terms. Both parties are told so.
REJECTION_NOTICE = ("学校审核不通过仅表示协议信息有误（如单位名称、行业、联系方式等），不解除毕业生与用人单位"
                    "之间的约定，也不免除协议约定的违约责任。")


def rejection_message(number: str, reason: str) -> str:
    """The Chinese message the graduate and the employer see when the school rejects an agreement."""
    return f"就业协议书 {number} 学校审核不通过，原因：{reason}。{REJECTION_NOTICE}"


async def settle_agreement(ctx: Context, review: Review, decision: str, reason: str, fields: list[str]) -> None:
    agreement = await Agreement.get(id=review.subject_id)
    if agreement.method != "online":
        await settle_offline(ctx, review, agreement, decision, reason, fields, REJECTION_NOTICE,
                             rejection_message(agreement.number, reason))
        return
    unknown = [n for n in fields if n not in term_fields.TERM_FIELDS]
    if unknown:
        raise DomainError(ErrorCode.INVALID_INPUT, f"不是协议书中可修改的项目：{'、'.join(unknown)}", "fieldsToFix")
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
        await release_graduate(ctx, agreement.graduate_id, AuditAction.GRADUATE_RELEASED, reason=reason,
                               cause="agreement_rejected")
    rejected = decision == "reject"
    await events.review_decided(agreement, decision, reason, fields, REJECTION_NOTICE if rejected else None,
                                rejection_message(agreement.number, reason) if rejected else None, review)
