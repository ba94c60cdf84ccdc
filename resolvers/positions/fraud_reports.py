"""A graduate reports a position suspected of fraud to their own school (X2)."""

from __future__ import annotations

from models import FraudReport, Position
from resolvers import audit, authz, events
from resolvers.audit_actions import AuditAction
from resolvers.context import Context
from resolvers.errors import ErrorCode, ErrorCollector
from resolvers.viewer import Role

REASON_MAX = 2000


async def report(ctx: Context, position_id: int, reason: str) -> FraudReport:
    authz.require_role(ctx.viewer, Role.GRADUATE)
    errors = ErrorCollector()
    reason = (reason or "").strip()
    if not reason:
        errors.add(ErrorCode.REASON_REQUIRED, "reason", "请填写举报原因")
    elif len(reason) > REASON_MAX:
        errors.add(ErrorCode.INVALID_INPUT, "reason", f"举报原因最多 {REASON_MAX} 个字")
    # Fraud may come to light after the position closed, so any position the graduate can name is reportable.
    position = await Position.get_or_none(id=position_id)
    if position is None:
        errors.add(ErrorCode.NOT_FOUND, "positionId")
    errors.raise_if_any()
    fraud_report = await FraudReport.create(graduate_id=ctx.viewer.id, position_id=position.id,
                                            school_id=ctx.viewer.school_id, reason=reason)
    await audit.record(ctx, AuditAction.FRAUD_REPORT_CREATED, "fraud_report", fraud_report.id,
                       school_id=ctx.viewer.school_id,
                       department_id=ctx.viewer.department_id,
                       after={"position_id": position.id, "employer_id": position.employer_id, "reason": reason})
    await events.fraud_reported(fraud_report, position)
    return fraud_report
