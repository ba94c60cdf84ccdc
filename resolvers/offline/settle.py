"""What a final review decision does to an offline or paper agreement (F1, F2, S9, S10).

The content review of an offline agreement: approved, it is printed for the employer to stamp; returned, the
graduate corrects it ("协议审核待提交（老师退回）"); rejected, the application is void ("就业协议审核不通过") and the
graduate free. The signing review (both methods): approved, the agreement is complete and printable, and the
graduate's destination becomes agreement employment, locked (S9); returned, the stamped image (or, on paper, the
content) is handed in again; rejected, void and the graduate free.
"""

from __future__ import annotations

from models import Agreement, Graduate, Review
from resolvers import audit, events, workflow
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import DomainError, ErrorCode
from resolvers.national import sync as national_sync
from resolvers.offline import fields as returnable
from resolvers.review.release import release_graduate
from resolvers.states import OFFLINE_AGREEMENT
from server import clock

REGISTERED = {"destination_type": "10", "destination_locked": True}
CONTENT_REJECTION = "就业协议审核不通过，本次线下签约申请作废，请按原因重新填写就业协议信息后提交审核。"


def _check_fields(agreement: Agreement, fields: list[str]) -> None:
    if agreement.state == "content_review" or agreement.method == "paper":
        allowed = returnable.NAMES if agreement.state == "signing_review" else returnable.CONTENT
    else:
        allowed = frozenset({returnable.STAMPED})
    wrong = [n for n in fields if n not in allowed]
    if wrong:
        raise DomainError(ErrorCode.INVALID_INPUT, f"本轮审核不能退回修改：{'、'.join(wrong)}", "fieldsToFix")


async def settle_offline(ctx: Context, review: Review, agreement: Agreement, decision: str, reason: str,
                         fields: list[str], rejection_notice: str, rejection_message: str) -> None:
    stage = "content" if agreement.state == "content_review" else "signing"
    _check_fields(agreement, fields)
    if decision == "approve":
        changes = {"returned_fields": [], **({"approved_at": clock.now()} if stage == "signing" else {})}
    elif decision == "return":
        changes = {"returned_fields": fields}
    else:
        changes = {"active_graduate_id": None}
    await workflow.apply(ctx, OFFLINE_AGREEMENT, agreement, decision, changes=changes, reason=reason)
    if decision == "approve" and stage == "signing":
        await _register_destination(ctx, agreement)
    if decision == "reject":
        await release_graduate(ctx, agreement.graduate_id, AuditAction.GRADUATE_RELEASED, reason=reason,
                               cause="agreement_rejected")
    notice = message = None
    if decision == "reject":
        # Nothing was signed before the content review: only the signing review's rejection carries S10's notice.
        notice = rejection_notice if stage == "signing" else CONTENT_REJECTION
        message = rejection_message if stage == "signing" else f"原因：{reason}。{CONTENT_REJECTION}"
    await events.review_decided(agreement, decision, reason, fields, notice, message, review, stage=stage)


async def _register_destination(ctx: Context, agreement: Agreement) -> None:
    graduate = await Graduate.get(id=agreement.graduate_id)
    before = {"destination_type": graduate.destination_type, "destination_locked": graduate.destination_locked}
    await Graduate.filter(id=graduate.id).update(**REGISTERED)
    await audit.record(ctx, AuditAction.GRADUATE_DESTINATION_REGISTERED, "graduate", graduate.id,
                       school_id=graduate.school_id, department_id=graduate.department_id, before=before,
                       after=REGISTERED, reason="线下或纸质就业协议审核通过，登记毕业去向为签就业协议形式就业")
    await national_sync.queue(graduate.id, "destination")
